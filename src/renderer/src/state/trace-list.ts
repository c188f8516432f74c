// The trace list's search and grouping, pure: a query matches a trace's name, id, kind, format,
// source path and, for runs, workload, mechanism and profile (every word must match somewhere);
// groups are by source (kind and format), by workload, or by run group, in the list's order.
import type { TraceListItem } from '../../../shared/dto';

export type Grouping = 'none' | 'source' | 'workload' | 'run';
export const GROUPINGS: readonly { id: Grouping; label: string }[] = [
  { id: 'none', label: 'No grouping' },
  { id: 'source', label: 'By source' },
  { id: 'workload', label: 'By workload' },
  { id: 'run', label: 'By run group' },
];

export interface TraceGroup {
  key: string;
  label: string;
  traces: TraceListItem[];
}

function haystack(t: TraceListItem): string {
  return [t.name, `#${t.id}`, String(t.id), t.kind, t.format, t.sourcePath ?? '', t.run?.workload ?? '', t.run?.mechanism ?? '', t.run?.profileId ?? '']
    .join(' ').toLowerCase();
}

export function filterTraces(traces: readonly TraceListItem[], query: string): TraceListItem[] {
  const words = query.toLowerCase().split(/\s+/).filter((w) => w !== '');
  if (words.length === 0) return [...traces];
  return traces.filter((t) => {
    const text = haystack(t);
    return words.every((w) => text.includes(w));
  });
}

function groupOf(t: TraceListItem, by: Grouping): { key: string; label: string } {
  switch (by) {
    case 'none': return { key: 'all', label: '' };
    case 'source': return { key: `${t.kind}/${t.format}`, label: `${t.kind} · ${t.format}` };
    case 'workload': return t.run ? { key: `w/${t.run.workload}`, label: t.run.workload } : { key: 'imported', label: 'imported traces' };
    case 'run': {
      const g = t.run?.runGroup;
      return g ? { key: `g/${g}`, label: `${t.run!.workload} · ${t.run!.profileId} · run ${g.slice(0, 8)}` } : { key: 'none', label: 'not in a run group' };
    }
  }
}

export function groupTraces(traces: readonly TraceListItem[], by: Grouping): TraceGroup[] {
  const groups = new Map<string, TraceGroup>();
  for (const t of traces) {
    const { key, label } = groupOf(t, by);
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { key, label, traces: [] }));
    g.traces.push(t);
  }
  return [...groups.values()];
}

/** The trace `step` places after `current` in the shown order (wrapping stops at the ends). */
export function stepTrace(order: readonly TraceListItem[], current: number | null, step: 1 | -1): number | null {
  if (order.length === 0) return null;
  const i = order.findIndex((t) => t.id === current);
  if (i < 0) return order[0]!.id;
  return order[Math.min(order.length - 1, Math.max(0, i + step))]!.id;
}
