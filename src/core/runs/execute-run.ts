// One user-level "run": a workload under one or more hypervisor mechanisms and one CPU cost
// profile, each mechanism's run stored in a trace file as an emulated trace. The CLI (`exitscope
// run --mechanism`) and the service (the app's New run dialog) both call executeRun; nothing
// here prints. The runs of one call share a `runGroup` id in their meta, which is how the
// savings view finds the mechanisms that ran side by side.
//
// Invariants: mechanisms run in the order given, one stored trace each; a cancelled run is
// stored and marked cancelled and no later mechanism runs; a run that fails is rolled back
// (recordRun) and the error propagates. Everything in a RunSummary is plain data (it may cross
// a thread or process boundary).
import { randomUUID } from 'node:crypto';
import { findProfile, loadProfiles } from '../cost/index';
import type { Mechanism } from '../cost/index';
import { recordRun } from '../trace/store/record-run';
import { runMechanism } from '../vmm/index';
import type { MechanismRunReport } from '../vmm/run-mechanism';

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
}

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
    let report: MechanismRunReport | null = null;
    const stored = await recordRun(req.dbPath, {
      name: `${req.workload} ${mechanism} ${profile.id}`,
      format: 'exitscope-run',
      meta: { workload: req.workload, mechanism, profile: profile.id, params: req.params, runGroup, groupIndex: index, groupSize: req.mechanisms.length },
    }, async (sink) => {
      report = await runMechanism({
        workload: req.workload, mechanism, profile, params: req.params, user: req.user, maxInstructions: req.maxInstructions,
        sink, signal: opts.signal,
        onProgress: (p) => opts.onProgress?.({ runGroup, mechanism, index, of: req.mechanisms.length, instructions: p.instructions, exits: p.exits }),
      });
      return {
        cancelled: report.stop.kind === 'cancelled',
        meta: {
          build: report.build, stop: report.stop, results: report.results, exitCycles: report.exitCycles, guestCycles: report.guestCycles,
          components: report.components, exits: report.exits, cpuHz: report.cpuHz, params: report.params, hostMs: report.hostMs,
        },
      };
    });
    const r = report as MechanismRunReport | null;
    if (!r) throw new Error(`the ${mechanism} run produced no report`);
    runs.push({ ...r, workload: r.workload.id, traceId: stored.traceId, status: stored.status, runGroup });
    if (stored.status === 'cancelled') return { runGroup, profileId: profile.id, runs, cancelled: true };
  }
  return { runGroup, profileId: profile.id, runs, cancelled: false };
}
