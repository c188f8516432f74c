// Per-trace summaries, computed once when a trace is stored so that opening a view of a
// ten-million-exit trace reads a few hundred summary rows instead of scanning exits:
//   summary_reason     count and latency statistics per canonical reason
//   summary_port       the same per (port, direction, size), with userspace round trips
//   summary_histogram  log-spaced latency buckets over all closed exits
//   summary_slowest    the seqs of the slowest exits (SQL top-N)
// TraceAggregates accumulates everything but the slowest exits in one pass over the exits: the
// writer feeds it each row as it inserts it (no second pass over millions of rows), and a
// stored trace can be re-summarized by feeding it one SQL scan. Percentiles use the
// nearest-rank method: pN is the value at rank ceil(N/100 * n) of the n closed exits of a group
// in ascending order (integer arithmetic, no float rounding).
import type { Db } from './open-trace-db';

/** Latency histogram: bucket i holds latencies in [2^(i/B), 2^((i+1)/B)) ns; bucket -1 holds 0 ns. */
export const HISTOGRAM_BUCKETS_PER_OCTAVE = 4;
export const SLOWEST_KEPT = 100;
const PERCENTILES = [50, 90, 99] as const;

export function histogramBucket(latencyNs: number): number {
  return latencyNs < 1 ? -1 : Math.floor(Math.log2(latencyNs) * HISTOGRAM_BUCKETS_PER_OCTAVE);
}

/** The edges of histogram bucket i, in ns (bucket -1 is [0, 1)). */
export function histogramBucketEdges(index: number): { loNs: number; hiNs: number } {
  if (index < 0) return { loNs: 0, hiNs: 1 };
  return {
    loNs: Math.pow(2, index / HISTOGRAM_BUCKETS_PER_OCTAVE),
    hiNs: Math.pow(2, (index + 1) / HISTOGRAM_BUCKETS_PER_OCTAVE),
  };
}

/** Nearest-rank percentile of an ascending array (rank = ceil(p * n / 100)). */
export function nearestRank(sorted: Float64Array, p: number): number | null {
  const n = sorted.length;
  if (n === 0) return null;
  return sorted[Math.floor((p * n + 99) / 100) - 1]!;
}

/** Count, extremes, total and all closed latencies of one group of exits. */
class GroupStats {
  count = 0;
  closed = 0;
  min: number | null = null;
  max: number | null = null;
  total = 0;
  private data = new Float64Array(64);

  add(latencyNs: number | null): void {
    this.count++;
    if (latencyNs === null) return;
    if (this.closed === this.data.length) {
      const grown = new Float64Array(this.data.length * 2);
      grown.set(this.data);
      this.data = grown;
    }
    this.data[this.closed++] = latencyNs;
    this.total += latencyNs;
    if (this.min === null || latencyNs < this.min) this.min = latencyNs;
    if (this.max === null || latencyNs > this.max) this.max = latencyNs;
  }

  /** [count, closed, min, p50, p90, p99, max, mean, total] in summary-table column order. */
  row(): (number | null)[] {
    const sorted = this.data.subarray(0, this.closed).sort();
    const [p50, p90, p99] = PERCENTILES.map((p) => nearestRank(sorted, p));
    return [this.count, this.closed, this.min, p50!, p90!, p99!, this.max, this.closed ? this.total / this.closed : null, this.total];
  }
}

interface ReasonGroup { stats: GroupStats; natives: Set<string> }
interface PortGroup { stats: GroupStats; port: number; direction: string; size: number; device: string | null; userspace: number; elements: number }

export class TraceAggregates {
  private readonly reasons = new Map<string, ReasonGroup>();
  private readonly ports = new Map<string, PortGroup>();
  private readonly histogram = new Map<number, number>();

  add(reason: string, reasonNative: string, port: number | null, direction: string | null, size: number | null,
    device: string | null, deviceLocation: string | null, count: number | null, latencyNs: number | null): void {
    let r = this.reasons.get(reason);
    if (!r) this.reasons.set(reason, (r = { stats: new GroupStats(), natives: new Set() }));
    r.stats.add(latencyNs);
    r.natives.add(reasonNative);
    if (latencyNs !== null) {
      const b = histogramBucket(latencyNs);
      this.histogram.set(b, (this.histogram.get(b) ?? 0) + 1);
    }
    if (port === null) return;
    const dir = direction ?? '?';
    const sz = size ?? 0;
    const key = `${port}|${dir}|${sz}`;
    let p = this.ports.get(key);
    if (!p) this.ports.set(key, (p = { stats: new GroupStats(), port, direction: dir, size: sz, device: null, userspace: 0, elements: 0 }));
    p.stats.add(latencyNs);
    if (device !== null) p.device = device;
    if (deviceLocation === 'userspace') p.userspace++;
    p.elements += count ?? 1;
  }

  /** Writes the summary_reason, summary_port and summary_histogram rows of the trace. */
  write(db: Db, traceId: number): void {
    const reason = db.prepare(`
      INSERT INTO summary_reason (trace_id, reason, natives, count, closed, min_ns, p50_ns, p90_ns, p99_ns, max_ns, mean_ns, total_ns)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
    for (const [name, r] of this.reasons) reason.run(traceId, name, JSON.stringify([...r.natives].sort()), ...r.stats.row());
    const port = db.prepare(`
      INSERT INTO summary_port (trace_id, port, direction, size, device, userspace_count, elements,
                                count, closed, min_ns, p50_ns, p90_ns, p99_ns, max_ns, mean_ns, total_ns)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
    for (const p of this.ports.values()) port.run(traceId, p.port, p.direction, p.size, p.device, p.userspace, p.elements, ...p.stats.row());
    const hist = db.prepare('INSERT INTO summary_histogram (trace_id, bucket, count) VALUES (?, ?, ?)');
    for (const [bucket, count] of this.histogram) hist.run(traceId, bucket, count);
  }
}

/** Feeds a stored trace's exits to a fresh TraceAggregates with one SQL scan. */
function scanAggregates(db: Db, traceId: number): TraceAggregates {
  const agg = new TraceAggregates();
  const scan = db.prepare(`
    SELECT reason, reason_native, port, direction, size, device, device_location, count, latency_ns
    FROM exits WHERE trace_id = ?`).raw(true);
  type Row = [string, string, number | null, string | null, number | null, string | null, string | null, number | null, number | null];
  for (const r of scan.iterate(traceId) as IterableIterator<Row>) agg.add(...r);
  return agg;
}

/**
 * Writes every summary_* row of the trace. `aggregates`, when given, must have been fed exactly
 * the trace's exits (the writer's); otherwise they are computed with one scan of the exits.
 */
export function summarizeTrace(db: Db, traceId: number, aggregates: TraceAggregates = scanAggregates(db, traceId)): void {
  aggregates.write(db, traceId);
  db.prepare(`
    INSERT INTO summary_slowest (trace_id, rank, seq)
    SELECT :t, ROW_NUMBER() OVER (ORDER BY latency_ns DESC, seq), seq
    FROM exits WHERE trace_id = :t AND latency_ns IS NOT NULL
    ORDER BY latency_ns DESC, seq LIMIT ${SLOWEST_KEPT}`).run({ t: traceId });
}
