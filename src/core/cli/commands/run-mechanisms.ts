// The hypervisor half of `exitscope run`: with --mechanism, the workload runs once per
// mechanism under a CPU cost profile, every exit is recorded and priced, and each run is stored
// in the trace file as an emulated trace (a cancelled run is kept and marked cancelled). Prints,
// per run, the guest's own result figures and where the cycles in exits went; after several
// mechanisms, the group's savings against its baseline (format-savings.ts).
import { COMPONENTS } from '../../cost/index';
import type { Mechanism } from '../../cost/index';
import { executeRun } from '../../runs/execute-run';
import type { DeviceLocation } from '../../machine/device';
import type { DeviceKey } from '../../machine/platform-config';
import type { RunSummary } from '../../runs/execute-run';
import { ExitScopeError } from '../../errors';
import type { CliIo } from '../command';
import { ProgressBar } from '../progress-bar';
import { openTraceDb } from '../../trace/store/open-trace-db';
import { formatSavings, savingsOf } from '../format-savings';
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
  deviceLocations?: Partial<Record<DeviceKey, DeviceLocation>>;
}

function formatRun(r: RunSummary, dbPath: string): string {
  const traceId = r.traceId;
  let out = `${r.workload} under ${r.mechanism} (${r.build} build), profile ${r.profileId}: ${r.stop.kind} — ${r.stop.message}\n`;
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
  let bar: ProgressBar | null = null;
  let current: Mechanism | null = null;
  const outcome = await executeRun({
    dbPath: args.dbPath, workload: args.workload, mechanisms: args.mechanisms, profileId: args.profileId, profileDir: args.profileDir,
    params: args.params, user: args.user, maxInstructions: args.maxInstructions, deviceLocations: args.deviceLocations,
  }, {
    signal: io.signal,
    onProfileProblem: (file, message) => io.err(`profile problem: ${file}: ${message}\n`),
    onProgress: (p) => {
      if (p.mechanism !== current) {
        bar?.done();
        current = p.mechanism;
        bar = new ProgressBar(io, `${args.workload} under ${p.mechanism}`);
      }
      bar!.update(0, null, `${num(p.instructions)} instructions, ${num(p.exits)} exits`);
    },
  });
  (bar as ProgressBar | null)?.done();
  let failed = false;
  for (const r of outcome.runs) {
    if (r.status === 'cancelled') throw new ExitScopeError('Cancelled', `run of ${args.workload} under ${r.mechanism} was cancelled; the exits so far are stored as trace ${r.traceId}, marked cancelled`);
    failed ||= r.stop.kind !== 'done' || r.results.status !== 'done';
    if (!json) io.out(formatRun(r, args.dbPath) + '\n');
  }
  if (json) io.out(JSON.stringify(outcome.runs, null, 2) + '\n');
  else if (outcome.runs.length > 1) {
    const db = openTraceDb(args.dbPath, { create: false, readonly: true });
    try {
      io.out(formatSavings(savingsOf(db, { runGroup: outcome.runGroup })) + `(\`exitscope traces savings ${outcome.runs[0]!.traceId} --json\` prints it as JSON)\n`);
    } finally {
      db.close();
    }
  }
  return failed ? 1 : 0;
}
