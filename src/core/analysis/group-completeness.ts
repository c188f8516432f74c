// Whether a run group holds every mechanism it was asked for. Each run's meta lists the
// mechanisms of its start (groupMechanisms); those with no complete stored run are missing (never
// run, failed, or cancelled part-way). Groups stored before the list was recorded read as unknown.
import type { GroupCompleteness } from '../../shared/runs';
import type { RunMeta } from './run-meta';

export function groupCompleteness(runs: readonly { status: string; meta: Pick<RunMeta, 'mechanism' | 'groupMechanisms'> }[]): GroupCompleteness {
  const requested = runs.find((r) => r.meta.groupMechanisms !== null)?.meta.groupMechanisms ?? null;
  const done = new Set(runs.filter((r) => r.status === 'complete').map((r) => r.meta.mechanism));
  const stored = new Set(runs.map((r) => r.meta.mechanism));
  if (requested === null) return { requested: null, missing: [], partial: [], complete: null };
  const missing = requested.filter((m) => !stored.has(m));
  const partial = requested.filter((m) => stored.has(m) && !done.has(m));
  return { requested: [...requested], missing, partial, complete: missing.length === 0 && partial.length === 0 };
}

/** One line for the CLI and captions: what was asked for and what is missing. */
export function describeCompleteness(c: GroupCompleteness): string {
  if (c.requested === null) return 'which mechanisms this group was asked for is not recorded (a run stored before ExitScope kept it)';
  if (c.complete) return `complete: every mechanism asked for (${c.requested.join(', ')}) has a stored run`;
  const parts = [
    ...(c.missing.length > 0 ? [`no stored run for ${c.missing.join(', ')}`] : []),
    ...(c.partial.length > 0 ? [`${c.partial.join(', ')} stopped part-way (cancelled)`] : []),
  ];
  return `INCOMPLETE: asked for ${c.requested.join(', ')}; ${parts.join('; ')}`;
}
