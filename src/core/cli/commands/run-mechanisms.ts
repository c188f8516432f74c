// The hypervisor half of `exitscope run`: with --mechanism, the workload runs once per
// mechanism under a CPU cost profile, every exit is recorded and priced, and each run is stored
// in the trace file as an emulated trace (a cancelled run is kept and marked cancelled). Prints,
// per run, the guest's own result figures and where the cycles in exits went.
import { COMPONENTS, findProfile, loadProfiles } from '../../cost/index';
import type { Mechanism } from '../../cost/index';
import { recordRun } from '../../trace/store/record-run';
import { runMechanism } from '../../vmm/index';
import type { MechanismRunReport } from '../../vmm/run-mechanism';
import { ExitScopeError } from '../../errors';
import type { CliIo } from '../command';
import { ProgressBar } from '../progress-bar';
import { num, renderTable } from '../text-table';

export interface MechanismRunArgs {
  workload: string;
  mechanisms: Mechanism[];
  profileId: string;
  profileDir?: string;
  dbPath: string;
  params: Record<string, number | string>;
  user?: Uint8Array;
  maxInstructions?: number;
}

function formatRun(r: MechanismRunReport, traceId: number, dbPath: string): string {
  let out = `${r.workload.id} under ${r.mechanism} (${r.build} build), profile ${r.profileId}: ${r.stop.kind} — ${r.stop.message}\n`;
  out += `${num(r.exits)} exits, ${num(r.exitCycles)} cycles in exits = ${(100 * r.exitCycles / Math.max(1, r.guestCycles)).toFixed(1)}% of ` +
    `${num(r.guestCycles)} guest cycles; ${(r.exits / Math.max(r.hostMs / 1000, 1e-9)).toFixed(0)} exits/s on this host; stored as trace ${traceId} in ${dbPath}\n`;
  const res = r.results;
  out += `guest results (its own RDTSC): ` + [
    ...Object.entries(res.derived).map(([k, v]) => `${k} ${v === null ? '-' : Number.isInteger(v) ? num(v) : v.toFixed(2)}`),
  ].join(', ') + '\n';
  out += renderTable([{ header: 'component', align: 'left' }, { header: 'cycles' }, { header: 'per exit' }],
    COMPONENTS.map((c) => [c, num(r.components[c]), r.exits ? (r.components[c] / r.exits).toFixed(1) : '-']));
  out += renderTable([{ header: 'port', align: 'left' }, { header: 'device', align: 'left' }, { header: 'location', align: 'left' }, { header: 'exits' }, { header: 'ops' }, { header: 'elements' }],
    r.byPort.map((p) => ['0x' + p.port.toString(16).padStart(4, '0'), p.device, p.location, num(p.exits), num(p.ops), num(p.elements)]));
  return out;
}

export async function runMechanisms(args: MechanismRunArgs, io: CliIo, json: boolean): Promise<number> {
  const loaded = loadProfiles({ dir: args.profileDir });
  for (const p of loaded.problems) io.err(`profile problem: ${p.file}: ${p.message}\n`);
  const profile = findProfile(loaded, args.profileId);
  const reports: { traceId: number; report: MechanismRunReport }[] = [];
  let failed = false;
  for (const mechanism of args.mechanisms) {
    const bar = new ProgressBar(io, `${args.workload} under ${mechanism}`);
    let report: MechanismRunReport | null = null;
    const stored = await recordRun(args.dbPath, {
      name: `${args.workload} ${mechanism} ${profile.id}`,
      format: 'exitscope-run',
      meta: { workload: args.workload, mechanism, profile: profile.id, params: args.params },
    }, async (sink) => {
      report = await runMechanism({
        workload: args.workload, mechanism, profile, params: args.params, user: args.user, maxInstructions: args.maxInstructions,
        sink, signal: io.signal, onProgress: (p) => bar.update(0, null, `${num(p.instructions)} instructions, ${num(p.exits)} exits`),
      });
      return {
        cancelled: report.stop.kind === 'cancelled',
        meta: { build: report.build, stop: report.stop, results: report.results, exitCycles: report.exitCycles, guestCycles: report.guestCycles, components: report.components },
      };
    });
    bar.done();
    const r = report as MechanismRunReport | null;
    if (!r) throw new ExitScopeError('ValidationError', `the ${mechanism} run produced no report`);
    if (r.stop.kind === 'cancelled') throw new ExitScopeError('Cancelled', `run of ${args.workload} under ${mechanism} was cancelled; the exits so far are stored as trace ${stored.traceId}, marked cancelled`);
    failed ||= r.stop.kind !== 'done' || r.results.status !== 'done';
    reports.push({ traceId: stored.traceId, report: r });
    if (!json) io.out(formatRun(r, stored.traceId, args.dbPath) + '\n');
  }
  if (json) io.out(JSON.stringify(reports.map(({ traceId, report }) => ({ traceId, ...report, workload: report.workload.id })), null, 2) + '\n');
  return failed ? 1 : 0;
}
