// The kind-level half of an exit filter: every field of ExitFilter that is a column of
// exit_kinds (reason, form, port, device, location, vCPU, mechanism, free text, and the measure
// when it is the kind's — priced cycles, or the latency of traces whose exits never carry their
// own) becomes one WHERE over exit_kinds, so a filter resolves to a set of kinds before any exit
// row is read. What is left (the time window, a latency range of imported exits) is row-level.
import type { ExitFilter } from '../../../shared/explore';
import type { Db } from '../../trace/store/open-trace-db';

export type Measure = 'ns' | 'cycles';

export interface MatchedKind {
  kind: number;
  exits: number;
  vcpu: number;
  reason: string;
  form_id: number | null;
  port: number | null;
  device: string | null;
  device_location: string | null;
  direction: string | null;
  size: number | null;
  mechanism: string | null;
  latency_ns: number | null;
  cost_total: number | null;
}

const inList = (col: string, n: number): string => `${col} IN (${Array.from({ length: n }, () => '?').join(', ')})`;

/** LIKE pattern for a literal substring (\ escapes % and _). */
export const likeSubstring = (text: string): string => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** The trace's measure: priced cycles when any of its kinds has a cost, else latency in ns. */
export function traceMeasure(db: Db, traceId: number): Measure {
  const r = db.prepare('SELECT 1 FROM exit_kinds WHERE trace_id = ? AND cost_total IS NOT NULL LIMIT 1').get(traceId);
  return r === undefined ? 'ns' : 'cycles';
}

export function kindWhere(filter: ExitFilter, measure: Measure, rowLatency: boolean): { sql: string; params: (string | number)[] } {
  const parts: string[] = [];
  const params: (string | number)[] = [];
  const list = <T extends string | number>(col: string, values: readonly T[] | undefined): void => {
    if (values === undefined) return;
    if (values.length === 0) {
      parts.push('0');
      return;
    }
    parts.push(inList(col, values.length));
    params.push(...values);
  };
  list('reason', filter.reasons);
  if (filter.forms !== undefined) {
    const ids = filter.forms.filter((f) => f >= 0);
    const none = filter.forms.includes(-1);
    const alts: string[] = [];
    if (ids.length > 0) {
      alts.push(inList('form_id', ids.length));
      params.push(...ids);
    }
    if (none) alts.push('form_id IS NULL');
    parts.push(alts.length === 0 ? '0' : `(${alts.join(' OR ')})`);
  }
  if (filter.ports !== undefined) {
    parts.push('port BETWEEN ? AND ?');
    params.push(filter.ports.lo, filter.ports.hi);
  }
  list('device', filter.devices);
  list('device_location', filter.locations);
  list('vcpu', filter.vcpus);
  list('mechanism', filter.mechanisms);
  const m = filter.measure;
  if (m !== undefined && (measure === 'cycles' || !rowLatency)) {
    const col = measure === 'cycles' ? 'cost_total' : 'latency_ns';
    if (m.min !== undefined) {
      parts.push(`${col} >= ?`);
      params.push(m.min);
    }
    if (m.max !== undefined) {
      parts.push(`${col} <= ?`);
      params.push(m.max);
    }
  }
  if (filter.text !== undefined && filter.text.trim() !== '') {
    const p = likeSubstring(filter.text.trim());
    const cols = ['reason', 'reason_native', 'mnemonic', 'device', 'device_location', 'mechanism', "printf('0x%x', port)"];
    parts.push(`(${cols.map((c) => `${c} LIKE ? ESCAPE '\\'`).join(' OR ')})`);
    for (let i = 0; i < cols.length; i++) params.push(p);
  }
  return { sql: parts.length === 0 ? '1' : parts.join(' AND '), params };
}

/** The kinds of the trace that match the kind-level filter and have exits, with their exit counts. */
export function matchingKinds(db: Db, traceId: number, filter: ExitFilter, measure: Measure, rowLatency: boolean): MatchedKind[] {
  const w = kindWhere(filter, measure, rowLatency);
  return db.prepare(`
    SELECT k.kind, s.exits, k.vcpu, k.reason, k.form_id, k.port, k.device, k.device_location, k.direction, k.size, k.mechanism,
           k.latency_ns, k.cost_total
    FROM exit_kinds k JOIN summary_kind_exits s ON s.trace_id = k.trace_id AND s.kind = k.kind
    WHERE k.trace_id = ? AND ${w.sql} ORDER BY k.kind`).all(traceId, ...w.params) as MatchedKind[];
}
