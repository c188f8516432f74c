// The savings summary the CLI prints after a multi-mechanism `run` (and `traces savings ID`):
// the run group's mechanisms side by side against the baseline — exits, cycles in exits, share of
// guest time in exits, cycles saved — computed by the same runSavings the app's Savings view uses,
// with how each figure was derived.
import { runSavings } from '../analysis/run-savings';
import type { GroupSelector } from '../analysis/run-savings';
import type { Db } from '../trace/store/open-trace-db';
import type { RunSavings } from '../../shared/runs';
import { WORKLOADS } from '../workloads/index';
import { num, renderTable } from './text-table';
import { describeCompleteness } from '../analysis/group-completeness';

export function savingsOf(db: Db, selector: GroupSelector): RunSavings {
  return runSavings(db, selector, (workload) =>
    (WORKLOADS.find((w) => w.id === workload)?.derived ?? []).map((d) => ({ name: d.name, unit: d.unit, formula: d.formula })));
}

const pct = (v: number | null): string => (v === null ? '-' : `${(100 * v).toFixed(1)}%`);

export function formatSavings(s: RunSavings): string {
  const base = s.mechanisms.find((m) => m.traceId === s.baseline.traceId);
  let out = `Savings of run group ${s.runGroup} (${s.workload}, profile ${s.profileId}) against ${s.baseline.mechanism} (trace ${s.baseline.traceId}): ${s.baseline.why}\n`;
  out += renderTable(
    [{ header: 'mechanism', align: 'left' }, { header: 'trace' }, { header: 'status', align: 'left' }, { header: 'exits' }, { header: 'cycles in exits' },
      { header: 'share of guest time' }, { header: 'saved vs baseline' }, { header: 'saved %' }],
    s.mechanisms.map((m) => [m.mechanism, String(m.traceId), m.status, num(m.exits), num(m.exitCycles), pct(m.shareInExits), num(m.savedCycles),
      base && base.exitCycles > 0 ? pct(m.savedCycles / base.exitCycles) : '-']),
  );
  if (s.completeness.complete !== true) out += `run group ${describeCompleteness(s.completeness)}\n`;
  out += `cycles in exits: ${s.derivations.exitCycles}\nshare: ${s.derivations.share}\nsaved: ${s.derivations.saved}\n`;
  return out;
}
