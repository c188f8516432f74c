// A time window as a range of sequence numbers. When time never decreases with seq (checked
// when the trace's explore index was built; true of imports in timestamp order and of emulated
// runs) the exits of [fromNs, toNs] are exactly the seqs of one range, found by binary search
// over the exit_rows primary key (about 2·log2(n) point reads). Otherwise the range only bounds
// the window (from the time buckets' seq ranges) and the time must be checked per row.
import type { Db } from '../../trace/store/open-trace-db';
import type { TimelineMeta } from '../../trace/store/explore-index';

export interface SeqRange {
  lo: number;
  hi: number;
  /** true: every exit with seq in [lo, hi] is in the window; false: check time_ns per row. */
  exact: boolean;
}

export function seqBounds(db: Db, traceId: number): { lo: number; hi: number } | null {
  // Two statements: SQLite answers a lone MIN or MAX from the primary key's ends, but scans for both at once.
  const lo = (db.prepare('SELECT MIN(seq) AS s FROM exit_rows WHERE trace_id = ?').get(traceId) as { s: number | null }).s;
  const hi = (db.prepare('SELECT MAX(seq) AS s FROM exit_rows WHERE trace_id = ?').get(traceId) as { s: number | null }).s;
  return lo === null || hi === null ? null : { lo, hi };
}

/** Smallest seq in [lo, hi + 1] whose first row at or after it has time > t (strict) or >= t; hi + 1 if none. */
function firstSeqWithTime(db: Db, traceId: number, lo: number, hi: number, t: number, strict: boolean): number {
  const probe = db.prepare('SELECT seq, time_ns FROM exit_rows WHERE trace_id = ? AND seq >= ? ORDER BY seq LIMIT 1');
  let a = lo;
  let b = hi + 1;
  while (a < b) {
    const mid = Math.floor((a + b) / 2);
    const row = probe.get(traceId, mid) as { seq: number; time_ns: number } | undefined;
    const hit = row !== undefined && (strict ? row.time_ns > t : row.time_ns >= t);
    if (hit) b = mid;
    else a = mid + 1;
  }
  if (a > hi) return hi + 1;
  return (probe.get(traceId, a) as { seq: number }).seq;
}

/** The seqs of the exits in [fromNs, toNs] (either bound optional); null when the window is empty. */
export function windowSeqRange(db: Db, traceId: number, meta: TimelineMeta, fromNs: number | undefined, toNs: number | undefined): SeqRange | null {
  const all = seqBounds(db, traceId);
  if (all === null) return null;
  if (fromNs === undefined && toNs === undefined) return { ...all, exact: true };
  if (meta.timeMonotonic) {
    const lo = fromNs === undefined ? all.lo : firstSeqWithTime(db, traceId, all.lo, all.hi, fromNs, false);
    const after = toNs === undefined ? all.hi + 1 : firstSeqWithTime(db, traceId, all.lo, all.hi, toNs, true);
    if (lo > all.hi || after <= lo) return null;
    const hi = (db.prepare('SELECT MAX(seq) AS s FROM exit_rows WHERE trace_id = ? AND seq < ?').get(traceId, after) as { s: number | null }).s;
    return hi === null || hi < lo ? null : { lo, hi, exact: true };
  }
  const b0 = fromNs === undefined ? 0 : Math.floor((fromNs - meta.originNs) / meta.widthNs);
  const b1 = toNs === undefined ? meta.buckets - 1 : Math.floor((toNs - meta.originNs) / meta.widthNs);
  const r = db.prepare('SELECT MIN(min_seq) AS lo, MAX(max_seq) AS hi FROM summary_timeline WHERE trace_id = ? AND level = 0 AND bucket BETWEEN ? AND ?')
    .get(traceId, Math.max(0, b0), Math.min(meta.buckets - 1, b1)) as { lo: number | null; hi: number | null };
  return r.lo === null || r.hi === null ? null : { lo: r.lo, hi: r.hi, exact: false };
}
