// The recorded exits of a run: in seq order, on the guest clock, each priced from the profile
// with its components summing to its total and, over the run, to the report's totals; request
// errors are clear.
import { describe, expect, it } from 'vitest';
import { COMPONENTS } from '../../../../src/core/cost/index';
import type { ComponentName } from '../../../../src/core/cost/index';
import type { ExitRecord } from '../../../../src/core/trace/exit-record';
import { ExitScopeError } from '../../../../src/core/errors';
import { runMechanism } from '../../../../src/core/vmm/index';
import { profile, run } from './run-helper';

const FIELD: Record<ComponentName, keyof ExitRecord> = {
  entry: 'costEntry', dispatch: 'costDispatch', fetch: 'costFetch', decode: 'costDecode',
  permission: 'costPermission', userspace: 'costUserspace', emulate: 'costEmulate', resume: 'costResume',
};

describe('exit records', () => {
  it.each([
    ['trap', 'p4-2007'],
    ['vmx', 'kvm-2012'],
    ['svm', 'k8-xen'],
    ['hypercall', 'nehalem-2011'],
    ['batched', 'kvm-2012'],
  ] as const)('%s (%s): costs sum per exit and to the component totals; seq and time increase', async (mechanism, profileId) => {
    const { report, exits } = await run('ne2000_tx', mechanism, profileId, { iterations: 2 });
    expect(report.results.status).toBe('done');
    expect(exits).toHaveLength(report.exits);
    exits.forEach((e, i) => expect(e.seq).toBe(i));
    for (let i = 1; i < exits.length; i++) expect(exits[i]!.timeNs).toBeGreaterThan(exits[i - 1]!.timeNs);
    for (const e of exits) {
      const sum = COMPONENTS.reduce((s, c) => s + (e[FIELD[c]] as number), 0);
      expect(e.costTotal).toBeCloseTo(sum, 6);
      expect(e.latencyNs).toBeCloseTo(e.costTotal!, 6); // 1 GHz
      expect(e.vcpu).toBe(0);
      expect(e.line).toBeNull();
    }
    for (const c of COMPONENTS) {
      expect(report.components[c]).toBeCloseTo(exits.reduce((s, e) => s + (e[FIELD[c]] as number), 0), 3);
    }
    expect(report.exitCycles).toBeCloseTo(exits.reduce((s, e) => s + e.costTotal!, 0), 3);
    expect(report.guestCycles).toBeGreaterThan(report.exitCycles);
  });

  it('the guest clock includes the exits: devices see it (PM timer reads advance by the exit cost)', async () => {
    const cheap = await run('inl_from_pmtimer', 'vmx', 'skylake-sp-2020', { iterations: 4 });
    const dear = await run('inl_from_pmtimer', 'vmx', 'kvm-nested-2019', { iterations: 4 });
    const step = (r: typeof cheap) => r.exits[3]!.value! - r.exits[2]!.value!;
    // 3.579545 MHz timer at a 1 GHz guest: ticks between reads ≈ cycles between them × 0.00358
    expect(step(dear)).toBeGreaterThan(step(cheap) * 3);
    const cyclesBetween = dear.exits[3]!.timeNs - dear.exits[2]!.timeNs;
    expect(Math.abs(step(dear) - cyclesBetween * 0.003579545)).toBeLessThanOrEqual(2);
  });

  it("latency and time are converted with the run's cpuHz", async () => {
    const { report, exits } = await run('outl_to_kernel', 'vmx', 'kvm-2012', { iterations: 2 }, { cpuHz: 2_000_000_000 });
    expect(report.cpuHz).toBe(2_000_000_000);
    expect(exits[0]!.latencyNs).toBeCloseTo(exits[0]!.costTotal! / 2, 6);
    expect(report.guestNs).toBeCloseTo(report.guestCycles / 2, -1);
  });

  it('a device moved into the VMM (deviceLocations) is emulated there: no userspace round trip', async () => {
    const params = { port: 0x307, width: 1, iterations: 20 };
    const hosted = await run('inl_from_kernel', 'vmx', 'kvm-2012', params);
    const inVmm = await run('inl_from_kernel', 'vmx', 'kvm-2012', params, { deviceLocations: { ne2000: 'kernel' } });
    const isr = (r: typeof hosted): ExitRecord[] => r.exits.filter((e) => e.port === 0x307);
    expect(isr(hosted).length).toBe(isr(inVmm).length);
    expect(isr(hosted).every((e) => e.deviceLocation === 'userspace' && (e.costUserspace ?? 0) > 0)).toBe(true);
    expect(isr(inVmm).every((e) => e.deviceLocation === 'kernel' && e.costUserspace === 0)).toBe(true);
    expect(inVmm.report.results.derived.cyclesPerIteration!).toBeLessThan(hosted.report.results.derived.cyclesPerIteration!);
  });

  it('progress reports carry the exits recorded so far', async () => {
    const seen: number[] = [];
    const { report } = await run('outl_to_kernel', 'vmx', 'kvm-2012', { iterations: 25 }, { onProgress: (p) => seen.push(p.exits) });
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.at(-1)).toBe(report.exits);
  });

  it('cancellation stops the run and still flushes what was recorded', async () => {
    const ctl = new AbortController();
    ctl.abort();
    const { report, exits } = await run('vmcall', 'vmx', 'kvm-2012', { iterations: 100 }, { signal: ctl.signal });
    expect(report.stop.kind).toBe('cancelled');
    expect(exits).toHaveLength(report.exits);
  });
});

describe('runMechanism rejects what it cannot run', () => {
  const sink = { push: () => undefined };
  it('ring with its guest setting contradicted', async () => {
    await expect(runMechanism({ workload: 'outl_to_kernel', mechanism: 'ring', profile: profile('kvm-2012'), params: { ring: 0 }, sink })).rejects.toThrow(/ring runs the guest with ring = 1/);
  });
  it('a guest setting that contradicts the mechanism', async () => {
    await expect(runMechanism({ workload: 'outl_to_kernel', mechanism: 'trap', profile: profile('p4-2007'), params: { cpl: 0 }, sink })).rejects.toThrow(/trap runs the guest with cpl = 3/);
  });
  it('a profile without the exit path', async () => {
    await expect(runMechanism({ workload: 'outl_to_kernel', mechanism: 'vmx', profile: profile('p4-2007'), sink })).rejects.toThrow(/p4-2007 cannot price vmx: it defines no entry.vmx/);
  });
  it('an unknown workload is NotFound, a bad parameter a ValidationError', async () => {
    await expect(runMechanism({ workload: 'nope', mechanism: 'vmx', profile: profile('kvm-2012'), sink })).rejects.toMatchObject({ kind: 'NotFound' });
    const bad = runMechanism({ workload: 'outl_to_kernel', mechanism: 'vmx', profile: profile('kvm-2012'), params: { iterations: 0 }, sink });
    await expect(bad).rejects.toBeInstanceOf(ExitScopeError);
    await expect(bad).rejects.toMatchObject({ kind: 'ValidationError' });
  });
});
