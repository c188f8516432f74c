// `exitscope reproduce`: ExitScope's figures beside the published ones, table by table.
//   1. The seed thread (P4, profile p4-2007): hypercall entry vs #GP, their 16x ratio, and the
//      whole hypercall path of `out dx, al` to a VMM device against the #GP delivery alone —
//      from the profile's checks, plus a guest run of outl_to_kernel under hypercall whose
//      measured per-exit cost must also stay below the #GP delivery.
//   2. kvm-unit-tests 2012 (profile kvm-2012): the five exit microbenchmark workloads run under
//      vmx; the figure is what the guest's own RDTSC loop measures per iteration (±1%: fits).
//   3. Sugerman et al. 2001, Table 2 (profile piii-733-vmware-2001, 733 MHz): IN/OUT to the PIC
//      and to the Lance status register under trap, priced from the profile's scenarios (±10%),
//      and measured by guest runs at 733 MHz under trap: outl_to_kernel writing the master PIC's
//      mask register, inl_from_kernel reading the NE2000's ISR (the Lance stand-in), per
//      iteration of the guest's RDTSC loop. The paper's optimized VMM handled both in the VMM
//      (no world switch), so the Lance row's run moves the NE2000 from its default place (a
//      userspace device model) into the VMM.
//   4. Predictions (figures no parameter of the profile was set from): kvm-nested-2019's checks
//      whose basis is prediction, its PIO microbenchmarks run under vmx and measured by the
//      guest's RDTSC, and every leave-one-out prediction of `exitscope validate`. These can fail.
// Every row says its basis: a figure that set a profile parameter is a fit and reproducing it
// proves only the arithmetic; 'consistency' is the source's own arithmetic on fitted figures;
// 'prediction' is a figure no parameter was fitted to; 'leave-one-out' a figure predicted from
// the profile refitted without it. Guest-run rows read the guest's own RDTSC loop.
import { findProfile, loadProfiles, runChecks } from '../cost/index';
import { leaveOneOut, VALIDATE_TOLERANCE } from '../cost/leave-one-out';
import type { CheckBasis, Mechanism, Profile } from '../cost/index';
import type { ExitRecord, ExitSink } from '../trace/exit-record';
import { runMechanism } from './run-mechanism';
import type { DeviceLocation } from '../machine/device';
import type { DeviceKey } from '../machine/platform-config';

export interface ReproduceRow {
  table: string;
  what: string;
  published: number;
  exitscope: number;
  unit: string;
  deviation: number;
  /** How the row passes: within ±tolerance, or below/above the published figure. */
  expect: 'within' | 'below' | 'above';
  tolerance: number;
  basis: CheckBasis | 'guest run' | 'leave-one-out';
  pass: boolean;
  source: string;
}

/** The kvm-2012 guest runs reproduce fits: ±1%, since ±5% of a 20,000-cycle figure would hide a
 * 1,000-cycle error in one component. */
const KVM_GUEST_RUN_TOLERANCE = 0.01;

const nullSink: ExitSink = { push: (_e: ExitRecord) => undefined };

function checkRows(table: string, profile: Profile, ids: readonly string[]): ReproduceRow[] {
  return runChecks(profile).filter((r) => ids.includes(r.check.id)).map((r) => ({
    table, what: r.check.what, published: r.published, exitscope: r.computed, unit: r.unit, deviation: r.deviation,
    expect: r.check.expect, tolerance: r.check.tolerance, basis: r.basis, pass: r.pass,
    source: r.check.source.url ?? r.check.source.citation ?? '',
  }));
}

async function guestRun(workload: string, mechanism: Mechanism, profile: Profile, iterations: number, params: Record<string, number> = {}, cpuHz?: number,
  deviceLocations: Partial<Record<DeviceKey, DeviceLocation>> = {}) {
  const report = await runMechanism({ workload, mechanism, profile, params: { ...params, iterations }, sink: nullSink, deviceLocations, ...(cpuHz === undefined ? {} : { cpuHz }) });
  if (report.stop.kind !== 'done' || report.results.status !== 'done') {
    throw new Error(`${workload} under ${mechanism} did not finish: ${report.stop.message}`);
  }
  return report;
}

export async function reproduceTables(opts: { iterations?: number } = {}): Promise<ReproduceRow[]> {
  const iterations = opts.iterations ?? 1000;
  const loaded = loadProfiles({ dir: null });
  const rows: ReproduceRow[] = [];

  const p4 = findProfile(loaded, 'p4-2007');
  const seed = '1. seed thread, P4 (p4-2007)';
  rows.push(...checkRows(seed, p4, ['hypercall-entry-120', 'gp-2000', 'gp-vs-hypercall-16x', 'hypercall-out-below-gp']));
  const pv = await guestRun('outl_to_kernel', 'hypercall', p4, iterations);
  const gp = p4.params.get('entry.trap')!.value;
  const perExit = pv.results.derived.cyclesPerIteration ?? NaN;
  rows.push({
    table: seed, what: `guest run: outl_to_kernel under hypercall, cycles per iteration of the guest's RDTSC loop (whole path and loop, ${iterations} iterations) vs the #GP delivery alone (entry.trap ${gp})`,
    published: gp, exitscope: perExit, unit: 'cycles', deviation: (perExit - gp) / gp, expect: 'below', tolerance: 0, basis: 'guest run',
    pass: perExit < gp, source: p4.params.get('entry.trap')!.source.url ?? p4.params.get('entry.trap')!.source.citation ?? '',
  });

  const kvm = findProfile(loaded, 'kvm-2012');
  const kvmTable = '2. kvm-unit-tests 2012, vmx (kvm-2012)';
  for (const check of kvm.checks.filter((c) => ['vmcall', 'outl_to_kernel', 'inl_from_kernel', 'inl_from_qemu', 'inl_from_pmtimer'].includes(c.id))) {
    const run = await guestRun(check.id, 'vmx', kvm, iterations);
    const measured = run.results.derived.cyclesPerIteration ?? NaN;
    const published = check.published.value;
    const deviation = (measured - published) / published;
    const fitted = runChecks(kvm).find((r) => r.check.id === check.id)!.basis;
    rows.push({
      table: kvmTable, what: `${check.id}: cycles per iteration measured by the guest's RDTSC loop (${iterations} iterations)`,
      published, exitscope: measured, unit: 'cycles', deviation, expect: 'within', tolerance: KVM_GUEST_RUN_TOLERANCE,
      basis: fitted === 'prediction' ? 'guest run' : fitted, pass: Math.abs(deviation) <= KVM_GUEST_RUN_TOLERANCE, source: check.source.url ?? check.source.citation ?? '',
    });
  }

  const piii = findProfile(loaded, 'piii-733-vmware-2001');
  const sugerman = '3. Sugerman et al. 2001 Table 2, trap at 733 MHz (piii-733-vmware-2001)';
  rows.push(...checkRows(sugerman, piii, ['pic-0.78us', 'lance-0.91us']));
  rows.push(...await sugermanGuestRows(sugerman, piii, iterations));
  rows.push(...await predictionRows(loaded.profiles, iterations));
  return rows;
}

const PREDICTIONS = '4. predictions (figures no parameter was set from; these can fail)';

/** kvm-nested-2019's predicted figures, priced and measured by guest runs, and every
 * leave-one-out prediction. */
async function predictionRows(profiles: readonly Profile[], iterations: number): Promise<ReproduceRow[]> {
  const rows: ReproduceRow[] = [];
  const nested = profiles.find((p) => p.id === 'kvm-nested-2019');
  if (nested) {
    const results = runChecks(nested);
    rows.push(...checkRows(PREDICTIONS, nested, results.filter((r) => r.basis === 'prediction').map((r) => r.check.id)));
    for (const r of results.filter((x) => x.basis === 'prediction')) {
      const workload = r.check.id.replace(/-\d+$/, '');
      if (!['outl_to_kernel', 'inl_from_kernel', 'inl_from_qemu', 'inl_from_pmtimer'].includes(workload)) continue;
      const run = await guestRun(workload, 'vmx', nested, iterations);
      const measured = run.results.derived.cyclesPerIteration ?? NaN;
      const published = r.published;
      const deviation = (measured - published) / published;
      rows.push({
        table: PREDICTIONS, what: `guest run (kvm-nested-2019): ${workload} under vmx, cycles per iteration of the guest's RDTSC loop (${iterations} iterations)`,
        published, exitscope: measured, unit: 'cycles', deviation, expect: 'within', tolerance: r.check.tolerance, basis: 'guest run',
        pass: Math.abs(deviation) <= r.check.tolerance, source: r.check.source.url ?? r.check.source.citation ?? '',
      });
    }
  }
  for (const p of profiles) {
    const loo = leaveOneOut(p);
    for (const row of loo?.rows ?? []) {
      if (row.prediction === null) continue;
      const check = p.checks.find((c) => c.id === row.heldOut)!;
      rows.push({
        table: PREDICTIONS, what: `leave-one-out (${p.id}): ${row.heldOut} predicted from the profile refitted without it (${row.refitted!.map((x) => `${x.id} ${Math.round(x.loo)}`).join(', ')})`,
        published: row.published, exitscope: row.prediction, unit: 'cycles', deviation: row.error!, expect: 'within', tolerance: VALIDATE_TOLERANCE,
        basis: 'leave-one-out', pass: row.pass === true, source: check.source.url ?? check.source.citation ?? '',
      });
    }
  }
  return rows;
}

/** Table 2 from guest runs: the loop's cycles per iteration at the profile's clock, in µs. */
async function sugermanGuestRows(table: string, piii: Profile, iterations: number): Promise<ReproduceRow[]> {
  const mhz = piii.cpu.clock.mhz!;
  const basis = new Map(runChecks(piii).map((r) => [r.check.id, r.basis]));
  const runs = [
    { check: 'pic-0.78us', workload: 'outl_to_kernel', params: { port: 0x21, width: 1, value: 0xff }, hostedDevice: false,
      what: 'guest run: OUT to the PIC (mask register 0x21, `out dx, al`), µs per iteration of the RDTSC loop' },
    { check: 'lance-0.91us', workload: 'inl_from_kernel', params: { port: 0x307, width: 1 }, hostedDevice: true,
      what: 'guest run: IN from the NE2000 ISR (0x307, the Lance status stand-in, `in al, dx`), device taken into the VMM as in the paper' },
  ] as const;
  const rows: ReproduceRow[] = [];
  for (const r of runs) {
    const check = piii.checks.find((c) => c.id === r.check)!;
    // The paper's VMM emulated the Lance itself: the NE2000 moves from userspace into the VMM.
    const run = await guestRun(r.workload, 'trap', piii, iterations, r.params, mhz * 1e6, r.hostedDevice ? { ne2000: 'kernel' } : {});
    const measured = (run.results.derived.cyclesPerIteration ?? NaN) / mhz;
    const published = check.published.value;
    const deviation = (measured - published) / published;
    const b = basis.get(r.check)!;
    rows.push({
      table, what: `${r.what} (${iterations} iterations)`, published, exitscope: measured, unit: 'us', deviation,
      expect: 'within', tolerance: check.tolerance, basis: b === 'prediction' ? 'guest run' : b,
      pass: Math.abs(deviation) <= check.tolerance, source: check.source.url ?? check.source.citation ?? '',
    });
  }
  return rows;
}
