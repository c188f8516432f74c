// One page of the exit table: the exits matching a filter, sorted, from row `offset`, without
// reading the trace's other exits. The filter first resolves to a set of kinds (kind-filter.ts)
// and a time window to a seq range (seq-range.ts); then one of three plans reads the page:
//   blocks   exact and fast at any depth. Exits are ordered by the sort column's value (a kind
//            attribute: vCPU, reason, form, port, ..., the priced cost) and then by seq; the
//            groups' sizes come from summary_kind_exits (or summary_kind_blocks inside a window)
//            and the row at `offset` is found by summing per-block counts, so SQLite reads at most
//            the one block of BLOCK_SEQS seqs the page starts in (and the next, if it runs over).
//   latency  imported exits sorted by their own latency: exit_latency in order, LIMIT/OFFSET
//            (its index-only scan skips offset entries), then the exits of unknown latency.
//   latency-set  a latency range of imported exits with another sort, when exit_latency holds at
//            most LATENCY_SET_MAX exits in it: those seqs, then their rows sorted (exact total).
//   scan     row-level predicates (a wider latency range of imported exits, a window on a trace
//            whose time is not monotonic in seq): one SELECT with the predicates, LIMIT/OFFSET;
//            its total is counted up to COUNT_CAP exits.
import type { ExitCount, ExitFilter, ExitPage, ExitPageRequest, ExitSortKey, ExitTableRow, SortDir } from '../../../shared/explore';
import { ensureExploreIndex } from '../../trace/store/explore-index';
import type { TimelineMeta } from '../../trace/store/explore-index';
import type { Db } from '../../trace/store/open-trace-db';
import { ExitScopeError } from '../../errors';
import { kindIn, ROW_COLS, ROWS_FROM, toTableRow } from './exit-rows';
import type { ExitDbRow } from './exit-rows';
import { matchingKinds, traceMeasure } from './kind-filter';
import type { MatchedKind, Measure } from './kind-filter';
import { windowSeqRange } from './seq-range';
import type { SeqRange } from './seq-range';

/** Counting matches of a row-level filter stops here (the UI then says "at least"). */
export const COUNT_CAP = 100_000;
/** A latency range of an import holding at most this many exits is read as a set from exit_latency. */
export const LATENCY_SET_MAX = 50_000;

type Attr = string | number | null;

function attrOf(key: ExitSortKey, measure: Measure): ((k: MatchedKind) => Attr) | null {
  switch (key) {
    case 'time': return null;
    case 'vcpu': return (k) => k.vcpu;
    case 'reason': return (k) => k.reason;
    case 'form': return (k) => k.form_id;
    case 'port': return (k) => k.port;
    case 'device': return (k) => k.device;
    case 'location': return (k) => k.device_location;
    case 'direction': return (k) => k.direction;
    case 'size': return (k) => k.size;
    case 'mechanism': return (k) => k.mechanism;
    case 'latency': return measure === 'cycles' ? (k) => k.cost_total : (k) => k.latency_ns;
  }
}

/** The SQL of the same attribute on the joined row (plan scan). */
const ATTR_SQL: Record<Exclude<ExitSortKey, 'time' | 'latency'>, string> = {
  vcpu: 'k.vcpu', reason: 'k.reason', form: 'k.form_id', port: 'k.port', device: 'k.device', location: 'k.device_location',
  direction: 'k.direction', size: 'k.size', mechanism: 'k.mechanism',
};

/** Values ascending, nulls last in either direction. */
function compareAttr(a: Attr, b: Attr, dir: SortDir): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  const c = a < b ? -1 : 1;
  return dir === 'asc' ? c : -c;
}

interface Group { kinds: number[]; count: number }

function groupsOf(kinds: MatchedKind[], attr: ((k: MatchedKind) => Attr) | null, dir: SortDir): Group[] {
  if (attr === null) return [{ kinds: kinds.map((k) => k.kind), count: kinds.reduce((n, k) => n + k.exits, 0) }];
  const sorted = [...kinds].sort((a, b) => compareAttr(attr(a), attr(b), dir) || a.kind - b.kind);
  const groups: Group[] = [];
  let prev: Attr | undefined;
  for (const k of sorted) {
    const v = attr(k);
    if (groups.length === 0 || v !== prev) groups.push({ kinds: [], count: 0 });
    const g = groups[groups.length - 1]!;
    g.kinds.push(k.kind);
    g.count += k.exits;
    prev = v;
  }
  return groups;
}

interface Ctx {
  db: Db;
  traceId: number;
  meta: TimelineMeta;
  /** Number of kinds of the trace with exits (to drop a kind IN that selects them all). */
  kindTotal: number;
}

/** Exits per block of the given kinds inside the exact seq range, blocks ascending. */
function blockCounts(c: Ctx, kinds: number[], range: SeqRange): [number, number][] {
  const B = c.meta.blockSeqs;
  const b0 = Math.floor(range.lo / B);
  const b1 = Math.floor(range.hi / B);
  const all = kinds.length === c.kindTotal;
  const rows = c.db.prepare(`SELECT block, SUM(exits) AS n FROM summary_kind_blocks
    WHERE trace_id = ? AND block BETWEEN ? AND ? AND ${kindIn(kinds, all, 'kind')} GROUP BY block ORDER BY block`)
    .all(c.traceId, b0, b1) as { block: number; n: number }[];
  const edge = (b: number): number => {
    const lo = Math.max(range.lo, b * B);
    const hi = Math.min(range.hi, b * B + B - 1);
    return (c.db.prepare(`SELECT COUNT(*) AS n FROM exit_rows r WHERE r.trace_id = ? AND r.seq BETWEEN ? AND ? AND ${kindIn(kinds, all)}`)
      .get(c.traceId, lo, hi) as { n: number }).n;
  };
  const out: [number, number][] = [];
  for (const r of rows) {
    const partial = (r.block === b0 && range.lo > b0 * B) || (r.block === b1 && range.hi < b1 * B + B - 1);
    const n = partial ? edge(r.block) : r.n;
    if (n > 0) out.push([r.block, n]);
  }
  return out;
}

function selectRows(c: Ctx, kinds: number[], lo: number, hi: number, dir: SortDir, limit: number, offset: number): ExitTableRow[] {
  const rows = c.db.prepare(`SELECT ${ROW_COLS} FROM ${ROWS_FROM}
    WHERE r.trace_id = ? AND ${kindIn(kinds, kinds.length === c.kindTotal)} AND r.seq BETWEEN ? AND ?
    ORDER BY r.seq ${dir === 'asc' ? 'ASC' : 'DESC'} LIMIT ? OFFSET ?`).all(c.traceId, lo, hi, limit, offset) as ExitDbRow[];
  return rows.map(toTableRow);
}

/** Plan blocks over groups in order; `range` must be exact. */
function pageByBlocks(c: Ctx, groups: Group[], range: SeqRange, seqDir: SortDir, offset: number, limit: number, whole: boolean): { rows: ExitTableRow[]; total: number } {
  // Inside a window the groups' sizes come from their blocks.
  const sized = whole ? groups.map((g) => ({ ...g, blocks: null as [number, number][] | null }))
    : groups.map((g) => {
      const blocks = blockCounts(c, g.kinds, range);
      return { ...g, count: blocks.reduce((n, [, x]) => n + x, 0), blocks };
    });
  const total = sized.reduce((n, g) => n + g.count, 0);
  const rows: ExitTableRow[] = [];
  let skip = offset;
  const B = c.meta.blockSeqs;
  for (const g of sized) {
    if (rows.length >= limit) break;
    if (skip >= g.count) {
      skip -= g.count;
      continue;
    }
    const blocks = g.blocks ?? blockCounts(c, g.kinds, range);
    const ordered = seqDir === 'asc' ? blocks : [...blocks].reverse();
    for (const [b, n] of ordered) {
      if (rows.length >= limit) break;
      if (skip >= n) {
        skip -= n;
        continue;
      }
      const lo = Math.max(range.lo, b * B);
      const hi = Math.min(range.hi, b * B + B - 1);
      rows.push(...selectRows(c, g.kinds, lo, hi, seqDir, limit - rows.length, skip));
      skip = 0;
    }
  }
  return { rows, total };
}

function cappedCount(c: Ctx, sql: string, params: unknown[]): ExitCount {
  const n = (c.db.prepare(`SELECT COUNT(*) AS n FROM (${sql} LIMIT ${COUNT_CAP + 1})`).get(...params) as { n: number }).n;
  return n > COUNT_CAP
    ? { value: COUNT_CAP, exact: false, how: `counted up to ${COUNT_CAP.toLocaleString('en-US')} exits (the filter is checked per exit)` }
    : { value: n, exact: true, how: 'counted exit by exit (the filter is checked per exit)' };
}

function measureBounds(f: ExitFilter): { sql: string; params: number[] } {
  const parts: string[] = [];
  const params: number[] = [];
  if (f.measure?.min !== undefined) {
    parts.push('>= ?');
    params.push(f.measure.min);
  }
  if (f.measure?.max !== undefined) {
    parts.push('<= ?');
    params.push(f.measure.max);
  }
  return { sql: parts.join(' AND '), params };
}

export function exitPage(db: Db, req: ExitPageRequest): ExitPage {
  const { traceId, filter, sort, offset, limit } = req;
  if (db.prepare('SELECT 1 FROM traces WHERE id = ?').get(traceId) === undefined) throw new ExitScopeError('NotFound', `no trace with id ${traceId}`);
  const meta = ensureExploreIndex(db, traceId);
  const measure = traceMeasure(db, traceId);
  const kindTotal = (db.prepare('SELECT COUNT(*) AS n FROM summary_kind_exits WHERE trace_id = ?').get(traceId) as { n: number }).n;
  const c: Ctx = { db, traceId, meta, kindTotal };
  const kinds = matchingKinds(db, traceId, filter, measure, meta.rowLatency);
  const empty = (plan: string): ExitPage => ({ rows: [], offset, total: { value: 0, exact: true, how: 'no exit matches' }, plan });
  if (kinds.length === 0) return empty('no kind matches the filter');
  const windowed = filter.fromNs !== undefined || filter.toNs !== undefined;
  const range = windowSeqRange(db, traceId, meta, filter.fromNs, filter.toNs);
  if (range === null) return empty('no exit in the time window');
  const rowMeasure = filter.measure !== undefined && measure === 'ns' && meta.rowLatency;
  const d = sort.dir === 'asc' ? 'ASC' : 'DESC';

  // Plan latency: imported exits sorted by their own latency.
  if (sort.key === 'latency' && meta.rowLatency && range.exact) {
    const known = kinds.filter((k) => k.latency_ns !== null);
    const unknown = kinds.filter((k) => k.latency_ns === null);
    const m = measureBounds(filter);
    const where = `trace_id = ? AND ${kindIn(known.map((k) => k.kind), known.length === kindTotal, 'kind')}` +
      (m.sql ? ` AND latency_ns ${m.sql.replace(' AND ', ' AND latency_ns ')}` : '') + (windowed ? ' AND seq BETWEEN ? AND ?' : '');
    const params: unknown[] = [traceId, ...m.params, ...(windowed ? [range.lo, range.hi] : [])];
    const knownCount: ExitCount = !rowMeasure && !windowed
      ? { value: known.reduce((n, k) => n + k.exits, 0), exact: true, how: 'from the per-kind exit counts' }
      : cappedCount(c, `SELECT 1 FROM exit_latency WHERE ${where}`, params);
    const seqs = (db.prepare(`SELECT seq FROM exit_latency WHERE ${where} ORDER BY latency_ns ${d}, kind ${d}, seq ${d} LIMIT ? OFFSET ?`)
      .all(...params, limit, offset) as { seq: number }[]).map((r) => r.seq);
    let rows: ExitTableRow[] = [];
    if (seqs.length > 0) {
      const bySeq = new Map((db.prepare(`SELECT ${ROW_COLS} FROM ${ROWS_FROM} WHERE r.trace_id = ? AND r.seq IN (${seqs.join(',')})`)
        .all(traceId) as ExitDbRow[]).map((r) => [r.seq, toTableRow(r)]));
      rows = seqs.map((s) => bySeq.get(s)!);
    }
    // Exits of unknown latency follow (a latency range excludes them).
    let unknownCount = 0;
    if (!rowMeasure && unknown.length > 0 && knownCount.exact) {
      const g = { kinds: unknown.map((k) => k.kind), count: unknown.reduce((n, k) => n + k.exits, 0) };
      const rest = pageByBlocks(c, [g], range, 'asc', Math.max(0, offset - knownCount.value), limit - rows.length, !windowed);
      unknownCount = rest.total;
      if (rows.length < limit && offset + rows.length >= knownCount.value) rows.push(...rest.rows);
    }
    return {
      rows, offset,
      total: { value: knownCount.value + unknownCount, exact: knownCount.exact, how: knownCount.how },
      plan: `latency: exit_latency in (latency, kind, seq) order, LIMIT/OFFSET${unknown.length > 0 ? '; exits of unknown latency last' : ''}`,
    };
  }

  const orderBy = (): string => (sort.key === 'time' ? `r.seq ${d}`
    : sort.key === 'latency' ? `COALESCE(r.latency_ns, k.latency_ns) IS NULL, COALESCE(r.latency_ns, k.latency_ns) ${d}, r.seq`
      : `${ATTR_SQL[sort.key]} IS NULL, ${ATTR_SQL[sort.key]} ${d}, r.seq`);

  // Plan latency-set: a narrow latency range of an import, whatever the sort.
  if (rowMeasure && range.exact) {
    const m = measureBounds(filter);
    const known = kinds.filter((k) => k.latency_ns !== null);
    const where = `trace_id = ? AND ${kindIn(known.map((k) => k.kind), known.length === kindTotal, 'kind')}` +
      (m.sql ? ` AND latency_ns ${m.sql.replace(' AND ', ' AND latency_ns ')}` : '') + (windowed ? ' AND seq BETWEEN ? AND ?' : '');
    const params: unknown[] = [traceId, ...m.params, ...(windowed ? [range.lo, range.hi] : [])];
    const n = (db.prepare(`SELECT COUNT(*) AS n FROM (SELECT 1 FROM exit_latency WHERE ${where} LIMIT ${LATENCY_SET_MAX + 1})`).get(...params) as { n: number }).n;
    if (n <= LATENCY_SET_MAX) {
      const rows = (db.prepare(`SELECT ${ROW_COLS} FROM ${ROWS_FROM} WHERE r.trace_id = ? AND r.seq IN (SELECT seq FROM exit_latency WHERE ${where})
        ORDER BY ${orderBy()} LIMIT ? OFFSET ?`).all(traceId, ...params, limit, offset) as ExitDbRow[]).map(toTableRow);
      return { rows, offset, total: { value: n, exact: true, how: 'counted in the latency index' }, plan: `latency-set: ${n} exits of the range from exit_latency, then sorted` };
    }
  }

  // Plan scan: row-level predicates.
  if (rowMeasure || !range.exact) {
    const m = measureBounds(filter);
    const preds: string[] = [`r.trace_id = ?`, `${kindIn(kinds.map((k) => k.kind), kinds.length === kindTotal)}`, 'r.seq BETWEEN ? AND ?'];
    const params: unknown[] = [traceId, range.lo, range.hi];
    if (!range.exact) {
      if (filter.fromNs !== undefined) {
        preds.push('r.time_ns >= ?');
        params.push(filter.fromNs);
      }
      if (filter.toNs !== undefined) {
        preds.push('r.time_ns <= ?');
        params.push(filter.toNs);
      }
    }
    if (rowMeasure && m.sql) {
      preds.push(`COALESCE(r.latency_ns, k.latency_ns) ${m.sql.replace(' AND ', ' AND COALESCE(r.latency_ns, k.latency_ns) ')}`);
      params.push(...m.params);
    }
    const order = orderBy();
    const where = preds.join(' AND ');
    const rows = (db.prepare(`SELECT ${ROW_COLS} FROM ${ROWS_FROM} WHERE ${where} ORDER BY ${order} LIMIT ? OFFSET ?`)
      .all(...params, limit, offset) as ExitDbRow[]).map(toTableRow);
    return { rows, offset, total: cappedCount(c, `SELECT 1 FROM ${ROWS_FROM} WHERE ${where}`, params), plan: 'scan: row-level filter checked per exit, LIMIT/OFFSET' };
  }

  // Plan blocks.
  const groups = groupsOf(kinds, attrOf(sort.key, measure), sort.dir);
  const seqDir: SortDir = sort.key === 'time' ? sort.dir : 'asc';
  const { rows, total } = pageByBlocks(c, groups, range, seqDir, offset, limit, !windowed);
  return {
    rows, offset,
    total: { value: total, exact: true, how: windowed ? 'from the per-block exit counts of the window' : 'from the per-kind exit counts' },
    plan: `blocks: ${groups.length} group${groups.length === 1 ? '' : 's'} of ${kinds.length} kind${kinds.length === 1 ? '' : 's'}, seq blocks of ${c.meta.blockSeqs}`,
  };
}
