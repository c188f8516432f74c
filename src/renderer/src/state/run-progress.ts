// Pure helpers of a running emulated run: how far it is (mechanisms done, plus the current one's
// instructions against the instruction count of the first finished mechanism — every mechanism
// runs the same workload, so that is the best estimate there is; unknown until one finishes).
import type { RunProgressEvent } from '../../../shared/runs';

export interface RunTrack {
  /** The last progress event seen. */
  last: RunProgressEvent | null;
  /** Instructions of the first mechanism that finished (the estimate for the others). */
  reference: number | null;
}

export const NO_TRACK: RunTrack = { last: null, reference: null };

/** Folds one progress event into the track: a new index means the previous mechanism finished. */
export function trackProgress(track: RunTrack, p: RunProgressEvent): RunTrack {
  const finished = track.last !== null && p.index > track.last.index;
  const reference = track.reference ?? (finished ? track.last!.instructions : null);
  return { last: p, reference };
}

/** 0..1, or null (an indeterminate bar) while no mechanism has finished. */
export function runFraction(track: RunTrack): number | null {
  const p = track.last;
  if (p === null || track.reference === null || p.of <= 0) return null;
  const within = track.reference > 0 ? Math.min(1, p.instructions / track.reference) : 0;
  return Math.min(1, (p.index + within) / p.of);
}

/** "trap (1 of 3)" */
export function runStage(p: RunProgressEvent | null): string {
  return p === null ? 'starting' : `${p.mechanism} (${p.index + 1} of ${p.of})`;
}
