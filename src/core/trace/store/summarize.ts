// Per-trace summaries, computed once by SQL when a trace is stored so that opening a view of
// a ten-million-exit trace reads a few hundred rows instead of scanning exits:
//   summary_reason     count and latency statistics per canonical reason
//   summary_port       the same per (port, direction, size), with userspace round trips
//   summary_histogram  log-spaced latency buckets over all closed exits
//   summary_slowest    the seqs of the slowest exits
// Percentiles use the nearest-rank method: pN is the value at rank ceil(N/100 * n) of the n
// closed exits of a group in ascending order. Counts, sums, extremes, histogram buckets and the
// slowest exits are SQL aggregates; the percentiles come from one scan of the closed latencies,
// sorted per group as typed arrays, which is an order of magnitude faster than SQLite's window
// functions over millions of rows.
import type { Db } from './open-trace-db';

/** Latency histogram: bucket i holds latencies in [2^(i/B), 2^((i+1)/B)) ns; bucket -1 holds 0 ns. */
export const HISTOGRAM_BUCKETS_PER_OCTAVE = 4;
export const SLOWEST_KEPT = 100;

const PERCENTILES = [50, 90, 99] as const;

/** Nearest-rank percentiles of an ascending array (integer arithmetic: rank = ceil(p * n / 100)). */
export function nearestRank(sorted: Float64Array, p: number): number | null {
  const n = sorted.length;
  if (n === 0) return null;
  return sorted[Math.floor((p * n + 99) / 100) - 1]!;
}

/** Latencies per group key, in growable Float64Arrays. */
class LatencyGroups {
  private readonly groups = new Map<string, { data: Float64Array; n: number }>();
  add(key: string, v: number): void {
    let g = this.groups.get(key);
    if (!g) this.groups.set(key, (g = { data: new Float64Array(256), n: 0 }));
    if (g.n === g.data.length) {
      const grown = new Float64Array(g.data.length * 2);
      grown.set(g.data);
      g.data = grown;
    }
    g.data[g.n++] = v;
  }
  percentiles(key: string): (number | null)[] {
    const g = this.groups.get(key);
    const sorted = g ? g.data.subarray(0, g.n).sort() : new Float64Array(0);
    return PERCENTILES.map((p) => nearestRank(sorted, p));
  }
}

const portKey = (port: number, direction: string, size: number): string => `${port}|${direction}|${size}`;

/**
 * The closed latencies of one trace grouped by reason and by (port, direction, size), for the
 * percentiles. A writer can fill it while it inserts (no second pass over the exits); otherwise
 * summarizeTrace fills it with one scan.
 */
export class TraceLatencies {
  readonly byReason = new LatencyGroups();
  readonly byPort = new LatencyGroups();
  add(reason: string, port: number | null, direction: string | null, size: number | null, latencyNs: number | null): void {
    if (latencyNs === null) return;
    this.byReason.add(reason, latencyNs);
    if (port !== null) this.byPort.add(portKey(port, direction ?? '?', size ?? 0), latencyNs);
  }
}

function scanLatencies(db: Db, traceId: number): TraceLatencies {
  const lat = new TraceLatencies();
  const scan = db.prepare('SELECT reason, port, direction, size, latency_ns FROM exits WHERE trace_id = ? AND latency_ns IS NOT NULL').raw(true);
  for (const r of scan.iterate(traceId) as IterableIterator<[string, number | null, string | null, number | null, number]>) lat.add(r[0], r[1], r[2], r[3], r[4]);
  return lat;
}

/** Writes every summary_* row of the trace. `latencies` must hold exactly the trace's closed exits when given. */
export function summarizeTrace(db: Db, traceId: number, latencies: TraceLatencies = scanLatencies(db, traceId)): void {
  const { byReason, byPort } = latencies;
  const reasons = db.prepare(`
    SELECT reason, json_group_array(DISTINCT reason_native) AS natives, COUNT(*) AS count,
           COUNT(latency_ns) AS closed, MIN(latency_ns) AS min_ns, MAX(latency_ns) AS max_ns,
           AVG(latency_ns) AS mean_ns, COALESCE(SUM(latency_ns), 0) AS total_ns
    FROM exits WHERE trace_id = ? GROUP BY reason`).all(traceId) as {
    reason: string; natives: string; count: number; closed: number; min_ns: number | null; max_ns: number | null; mean_ns: number | null; total_ns: number;
  }[];
  const insertReason = db.prepare(`
    INSERT INTO summary_reason (trace_id, reason, natives, count, closed, min_ns, p50_ns, p90_ns, p99_ns, max_ns, mean_ns, total_ns)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  for (const r of reasons) {
    const [p50, p90, p99] = byReason.percentiles(r.reason);
    insertReason.run(traceId, r.reason, r.natives, r.count, r.closed, r.min_ns, p50, p90, p99, r.max_ns, r.mean_ns, r.total_ns);
  }

  const ports = db.prepare(`
    SELECT port, COALESCE(direction, '?') AS direction, COALESCE(size, 0) AS size, MAX(device) AS device,
           COUNT(*) AS count, COUNT(latency_ns) AS closed, SUM(device_location = 'userspace') AS userspace_count,
           COALESCE(SUM(count), COUNT(*)) AS elements, MIN(latency_ns) AS min_ns, MAX(latency_ns) AS max_ns,
           AVG(latency_ns) AS mean_ns, COALESCE(SUM(latency_ns), 0) AS total_ns
    FROM exits WHERE trace_id = ? AND port IS NOT NULL GROUP BY port, 2, 3`).all(traceId) as {
    port: number; direction: string; size: number; device: string | null; count: number; closed: number; userspace_count: number;
    elements: number; min_ns: number | null; max_ns: number | null; mean_ns: number | null; total_ns: number;
  }[];
  const insertPort = db.prepare(`
    INSERT INTO summary_port (trace_id, port, direction, size, device, count, closed, userspace_count, elements,
                              min_ns, p50_ns, p90_ns, p99_ns, max_ns, mean_ns, total_ns)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  for (const p of ports) {
    const [p50, p90, p99] = byPort.percentiles(portKey(p.port, p.direction, p.size));
    insertPort.run(traceId, p.port, p.direction, p.size, p.device, p.count, p.closed, p.userspace_count, p.elements,
      p.min_ns, p50, p90, p99, p.max_ns, p.mean_ns, p.total_ns);
  }

  db.prepare(`
    INSERT INTO summary_histogram (trace_id, bucket, count)
    SELECT :t, b, COUNT(*) FROM (
      SELECT CASE WHEN latency_ns < 1 THEN -1
                  ELSE CAST(floor(log2(latency_ns) * ${HISTOGRAM_BUCKETS_PER_OCTAVE}) AS INTEGER) END AS b
      FROM exits WHERE trace_id = :t AND latency_ns IS NOT NULL)
    GROUP BY b`).run({ t: traceId });

  db.prepare(`
    INSERT INTO summary_slowest (trace_id, rank, seq)
    SELECT :t, ROW_NUMBER() OVER (ORDER BY latency_ns DESC, seq), seq
    FROM exits WHERE trace_id = :t AND latency_ns IS NOT NULL
    ORDER BY latency_ns DESC, seq LIMIT ${SLOWEST_KEPT}`).run({ t: traceId });
}

/** The edges of histogram bucket i, in ns (bucket -1 is [0, 1)). */
export function histogramBucketEdges(index: number): { loNs: number; hiNs: number } {
  if (index < 0) return { loNs: 0, hiNs: 1 };
  return {
    loNs: Math.pow(2, index / HISTOGRAM_BUCKETS_PER_OCTAVE),
    hiNs: Math.pow(2, (index + 1) / HISTOGRAM_BUCKETS_PER_OCTAVE),
  };
}
