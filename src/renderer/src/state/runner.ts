// One emulated run at a time, started from the New run dialog: `runs/start` with a fresh runId,
// its `run/progress` events folded into a track (run-progress.ts), and Cancel through
// `runs/cancel`. The caller hears of the stored runs (cancelled or not) or of the error.
import { onScopeDispose, ref } from 'vue';
import type { RunStartRequest, RunStartResult } from '../../../shared/runs';
import { client } from '../api/client';
import { NO_TRACK, trackProgress, type RunTrack } from './run-progress';

export interface ActiveRun {
  runId: string;
  /** "outl_to_kernel under trap, hypercall (p4-2007)" */
  label: string;
  track: RunTrack;
  cancelling: boolean;
}

export interface RunHooks {
  onFinished(result: RunStartResult, label: string): void | Promise<void>;
  onError(title: string, err: unknown): void;
  onNotice(text: string): void;
}

export function runLabel(req: Omit<RunStartRequest, 'runId'>): string {
  return `${req.workload} under ${req.mechanisms.join(', ')} (${req.profileId})`;
}

export function useRunner(hooks: RunHooks) {
  const active = ref<ActiveRun | null>(null);

  onScopeDispose(
    client.on('run/progress', (p) => {
      if (active.value?.runId === p.runId) active.value.track = trackProgress(active.value.track, p);
    }),
  );

  async function start(req: Omit<RunStartRequest, 'runId'>): Promise<void> {
    if (active.value !== null) {
      hooks.onNotice('A run is already in progress.');
      return;
    }
    const job: ActiveRun = { runId: client.newRunId(), label: runLabel(req), track: NO_TRACK, cancelling: false };
    active.value = job;
    try {
      const result = await client.call('runs/start', { runId: job.runId, ...req });
      // Awaited: the progress strip goes only once the caller has shown the stored runs.
      await hooks.onFinished(result, job.label);
    } catch (err) {
      hooks.onError(`Run of ${job.label} failed`, err);
    } finally {
      active.value = null;
    }
  }

  async function cancel(): Promise<void> {
    const job = active.value;
    if (job === null || job.cancelling) return;
    job.cancelling = true;
    try {
      await client.call('runs/cancel', { runId: job.runId });
    } catch (err) {
      hooks.onError('Cannot cancel the run', err);
    }
  }

  return { active, start, cancel };
}
