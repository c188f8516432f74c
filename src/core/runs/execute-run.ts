// One user-level "run": a workload under one or more hypervisor mechanisms and one CPU cost
// profile, each mechanism's run stored in a trace file as an emulated trace. The CLI (`exitscope
// run --mechanism`) and the service (the app's New run dialog) both call executeRun; nothing
// here prints. The runs of one call share a `runGroup` id in their meta, which is how the
// savings view finds the mechanisms that ran side by side; each run's meta also lists every
// mechanism asked for (groupMechanisms), so a group whose later runs never happened (a cancel, a
// failure, a killed process) is known to be incomplete (analysis/group-completeness.ts). Each mechanism's guest and hypervisor
// model run in a worker thread while this thread stores its exits (run-in-worker.ts), all in one
// transaction per run (recordRun).
//
// Invariants: mechanisms run in the order given, one stored trace each; a cancelled run is
// stored and marked cancelled and no later mechanism runs; a run that fails is rolled back
// (recordRun) and the error propagates — a guest that faults, idles with nothing to wake it or
// exhausts its instruction budget is a failure, named by workload and mechanism; the runs stored
// before it stay stored. Everything in a RunSummary is plain data (it may cross
// a thread or process boundary).
import { randomUUID } from 'node:crypto';
import { findProfile, loadProfiles } from '../cost/index';
import type { Mechanism } from '../cost/index';
import { ExitScopeError } from '../errors';
import { recordRun } from '../trace/store/record-run';
import { portGroupKey } from '../trace/store/summarize';
import type { MechanismRunReport } from '../vmm/run-mechanism';
import { runMechanismStored } from './run-in-worker';
import type { DeviceLocation } from '../machine/device';
import type { DeviceKey } from '../machine/platform-config';
import type { WorkerRunReport } from './run-worker-protocol';

export interface RunRequest {
  dbPath: string;
  workload: string;
  mechanisms: readonly Mechanism[];
  profileId: string;
  /** Extra directory of user profiles (default: none besides the built-in ones). */
  profileDir?: string | null;
  params: Record<string, number | string>;
  user?: Uint8Array;
  maxInstructions?: number;
  /** Devices moved from their default place (a userspace device model, or the kernel for the PIC/PIT). */
  deviceLocations?: Partial<Record<DeviceKey, DeviceLocation>>;
}

export interface RunProgress {
  runGroup: string;
  mechanism: Mechanism;
  /** 0-based position of this mechanism in the request, and how many there are. */
  index: number;
  of: number;
  instructions: number;
  exits: number;
}

/** What one mechanism's run did, as stored (the report without the workload spec object). */
export type RunSummary = Omit<MechanismRunReport, 'workload'> & {
  workload: string;
  traceId: number;
  status: 'complete' | 'cancelled';
  runGroup: string;
};

export interface RunOptions {
  signal?: AbortSignal;
  onProgress?: (p: RunProgress) => void;
  /** Called once the profiles are loaded, with any user-profile files that failed to load. */
  onProfileProblem?: (file: string, message: string) => void;
  /** Run the guest in this thread instead of a worker thread (tests, diagnosis). */
  inThread?: boolean;
}

/** Stops that mean the run did not do what the workload is for. */
const FAILED_STOPS: ReadonlySet<string> = new Set(['triple-fault', 'idle', 'budget']);

export interface RunOutcome {
  runGroup: string;
  profileId: string;
  runs: RunSummary[];
  cancelled: boolean;
}

export async function executeRun(req: RunRequest, opts: RunOptions = {}): Promise<RunOutcome> {
  const loaded = loadProfiles({ dir: req.profileDir ?? null });
  for (const p of loaded.problems) opts.onProfileProblem?.(p.file, p.message);
  const profile = findProfile(loaded, req.profileId);
  const runGroup = randomUUID();
  const runs: RunSummary[] = [];
  for (const [index, mechanism] of req.mechanisms.entries()) {
    let report: WorkerRunReport | null = null;
    const stored = await recordRun(req.dbPath, {
      name: `${req.workload} ${mechanism} ${profile.id}`,
      format: 'exitscope-run',
      meta: { workload: req.workload, mechanism, profile: profile.id, params: req.params, deviceLocations: req.deviceLocations ?? {}, runGroup, groupIndex: index, groupSize: req.mechanisms.length, groupMechanisms: [...req.mechanisms] },
    }, async (writer) => {
      const r = await runMechanismStored({
        workload: req.workload, mechanism, profileId: profile.id, profileDir: req.profileDir ?? null, params: req.params,
        user: req.user, maxInstructions: req.maxInstructions, deviceLocations: req.deviceLocations,
      }, writer, {
        signal: opts.signal, inThread: opts.inThread,
        onProgress: (p) => opts.onProgress?.({ runGroup, mechanism, index, of: req.mechanisms.length, instructions: p.instructions, exits: p.exits }),
      });
      if (FAILED_STOPS.has(r.stop.kind)) {
        throw new ExitScopeError('ValidationError', `${req.workload} under ${mechanism} (profile ${profile.id}) failed: ${r.stop.kind} — ${r.stop.message}; ` +
          `this run was not stored${index > 0 ? ' (the runs before it are)' : ''}`);
      }
      report = r;
      // A batched exit carries several operations: the summaries count them as the run did.
      const byDevice = new Map<string, number>();
      for (const p of r.byPort) byDevice.set(p.device, (byDevice.get(p.device) ?? 0) + p.ops);
      writer.aggregates.setOpCounts({ byForm: new Map(r.byForm.map((f) => [f.formId, f.ops])), byDevice });
      // Each operation on its own port (summary_port.ops): a ring or batched exit is not filed under its first port alone.
      const deviceOf = new Map(r.byPort.map((p) => [p.port, p.device]));
      writer.aggregates.setPortOps(new Map(r.byOperation.map((o) => [portGroupKey(o.port, o.direction, o.size),
        { port: o.port, direction: o.direction, size: o.size, device: deviceOf.get(o.port) ?? null, ops: o.ops, elements: o.elements }])));
      return {
        cancelled: r.stop.kind === 'cancelled',
        meta: {
          build: r.build, stop: r.stop, results: r.results, exitCycles: r.exitCycles, guestCycles: r.guestCycles,
          components: r.components, exits: r.exits, cpuHz: r.cpuHz, params: r.params, hostMs: r.hostMs,
        },
      };
    });
    const r = report as WorkerRunReport | null;
    if (!r) throw new Error(`the ${mechanism} run produced no report`);
    runs.push({ ...r, traceId: stored.traceId, status: stored.status, runGroup });
    if (stored.status === 'cancelled') return { runGroup, profileId: profile.id, runs, cancelled: true };
  }
  return { runGroup, profileId: profile.id, runs, cancelled: false };
}
