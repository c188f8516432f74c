// What the exit table's filters offer for one trace: every reason, form, device, location,
// vCPU and mechanism its exits have, with the number of exits of each — summed from the per-kind
// counts (summary_kind_exits), never by scanning exits.
import type { ExitFacets, FacetValue } from '../../../shared/explore';
import { ExitScopeError } from '../../errors';
import { ensureExploreIndex } from '../../trace/store/explore-index';
import type { Db } from '../../trace/store/open-trace-db';
import { traceMeasure } from './kind-filter';

function facet<T extends string | number>(db: Db, traceId: number, col: string, label: (v: T, extra: string | null) => string, extra = 'NULL'): FacetValue<T>[] {
  const rows = db.prepare(`SELECT ${col} AS v, MIN(${extra}) AS x, SUM(s.exits) AS n FROM exit_kinds k
    JOIN summary_kind_exits s ON s.trace_id = k.trace_id AND s.kind = k.kind
    WHERE k.trace_id = ? AND ${col} IS NOT NULL GROUP BY ${col} ORDER BY n DESC, v`).all(traceId) as { v: T; x: string | null; n: number }[];
  return rows.map((r) => ({ value: r.v, label: label(r.v, r.x), exits: r.n }));
}

export function exitFacets(db: Db, traceId: number): ExitFacets {
  const t = db.prepare('SELECT exit_count, first_ns, last_ns FROM traces WHERE id = ?').get(traceId) as { exit_count: number; first_ns: number | null; last_ns: number | null } | undefined;
  if (!t) throw new ExitScopeError('NotFound', `no trace with id ${traceId}`);
  const meta = ensureExploreIndex(db, traceId);
  const measure = traceMeasure(db, traceId);
  const str = (v: string): string => v;
  const forms = facet<number>(db, traceId, 'COALESCE(k.form_id, -1)', (v, m) => (v === -1 ? 'no port-I/O form' : (m ?? `form ${v}`)), 'k.mnemonic');
  return {
    traceId, exits: t.exit_count, firstNs: t.first_ns, lastNs: t.last_ns, measure,
    measureLabel: measure === 'cycles' ? 'priced cost (cycles, from the run\u2019s profile)' : 'latency (ns, kvm_exit \u2192 kvm_entry)',
    reasons: facet<string>(db, traceId, 'k.reason', str),
    forms,
    devices: facet<string>(db, traceId, 'k.device', str),
    locations: facet<string>(db, traceId, 'k.device_location', str),
    vcpus: facet<number>(db, traceId, 'k.vcpu', (v) => `vCPU ${v}`),
    mechanisms: facet<string>(db, traceId, 'k.mechanism', str),
    timeMonotonic: meta.timeMonotonic,
  };
}
