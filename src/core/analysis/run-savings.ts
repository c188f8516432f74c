// The savings view of one run group: finds the group (from a trace of it, or its id), reads
// each trace's per-form totals and meta, and hands them to computeSavings. The workload's
// derived-result formulas come from the caller (the workload catalogue).
import { ExitScopeError } from '../errors';
import type { Db } from '../trace/store/open-trace-db';
import type { DerivedResultInfo, RunSavings } from '../../shared/runs';
import { formTotals, groupRuns, traceRun } from './queries';
import { computeSavings } from './savings';
import { groupCompleteness } from './group-completeness';

export type GroupSelector = { traceId: number } | { runGroup: string };

export function groupOf(db: Db, selector: GroupSelector): string {
  if ('runGroup' in selector) return selector.runGroup;
  const g = traceRun(db, selector.traceId).meta.runGroup;
  if (g === null) throw new ExitScopeError('ValidationError', `trace ${selector.traceId} belongs to no run group (only runs started together are compared)`);
  return g;
}

export function runSavings(db: Db, selector: GroupSelector, resultsOf: (workload: string) => readonly DerivedResultInfo[]): RunSavings {
  const runGroup = groupOf(db, selector);
  const runs = groupRuns(db, runGroup);
  const first = runs[0];
  if (first === undefined) throw new ExitScopeError('NotFound', `no stored run in group ${runGroup}`);
  const workload = first.meta.workload ?? '?';
  return computeSavings(
    { runGroup, workload, profileId: first.meta.profileId ?? '?', results: resultsOf(workload), completeness: groupCompleteness(runs) },
    runs.map((r) => ({
      traceId: r.traceId, mechanism: r.meta.mechanism ?? '?', status: r.status, guestCycles: r.meta.guestCycles,
      derived: r.meta.derived, forms: formTotals(db, r.traceId),
    })),
  );
}
