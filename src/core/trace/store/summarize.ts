// Per-trace summaries, computed once by SQL when a trace is stored so that opening a view of
// a ten-million-exit trace reads a few hundred rows instead of scanning exits:
//   summary_reason     count and latency statistics per canonical reason
//   summary_port       the same per (port, direction, size), with userspace round trips
//   summary_histogram  log-spaced latency buckets over all closed exits
//   summary_slowest    the seqs of the slowest exits
// Percentiles use the nearest-rank method: pN is the value at rank ceil(N/100 * n) of the n
// closed exits of a group in ascending order (integer arithmetic, no float rounding).
import type { Db } from './open-trace-db';

/** Latency histogram: bucket i holds latencies in [2^(i/B), 2^((i+1)/B)) ns; bucket -1 holds 0 ns. */
export const HISTOGRAM_BUCKETS_PER_OCTAVE = 4;
export const SLOWEST_KEPT = 100;

const PERCENTILE_COLUMNS = `
  MAX(CASE WHEN rn = (50 * n + 99) / 100 THEN latency_ns END) AS p50,
  MAX(CASE WHEN rn = (90 * n + 99) / 100 THEN latency_ns END) AS p90,
  MAX(CASE WHEN rn = (99 * n + 99) / 100 THEN latency_ns END) AS p99`;

export function summarizeTrace(db: Db, traceId: number): void {
  db.prepare(`
    INSERT INTO summary_reason (trace_id, reason, natives, count, closed, min_ns, p50_ns, p90_ns, p99_ns, max_ns, mean_ns, total_ns)
    WITH g AS (
      SELECT reason, json_group_array(DISTINCT reason_native) AS natives, COUNT(*) AS count,
             COUNT(latency_ns) AS closed, MIN(latency_ns) AS min_ns, MAX(latency_ns) AS max_ns,
             AVG(latency_ns) AS mean_ns, COALESCE(SUM(latency_ns), 0) AS total_ns
      FROM exits WHERE trace_id = :t GROUP BY reason),
    r AS (
      SELECT reason, latency_ns,
             ROW_NUMBER() OVER (PARTITION BY reason ORDER BY latency_ns) AS rn,
             COUNT(*) OVER (PARTITION BY reason) AS n
      FROM exits WHERE trace_id = :t AND latency_ns IS NOT NULL),
    p AS (SELECT reason, ${PERCENTILE_COLUMNS} FROM r GROUP BY reason)
    SELECT :t, g.reason, g.natives, g.count, g.closed, g.min_ns, p.p50, p.p90, p.p99, g.max_ns, g.mean_ns, g.total_ns
    FROM g LEFT JOIN p USING (reason)`).run({ t: traceId });

  db.prepare(`
    INSERT INTO summary_port (trace_id, port, direction, size, device, count, closed, userspace_count, elements,
                              min_ns, p50_ns, p90_ns, p99_ns, max_ns, mean_ns, total_ns)
    WITH io AS (
      SELECT port, COALESCE(direction, '?') AS direction, COALESCE(size, 0) AS size, device, device_location,
             count, latency_ns
      FROM exits WHERE trace_id = :t AND port IS NOT NULL),
    g AS (
      SELECT port, direction, size, MAX(device) AS device, COUNT(*) AS count, COUNT(latency_ns) AS closed,
             SUM(device_location = 'userspace') AS userspace_count, COALESCE(SUM(count), COUNT(*)) AS elements,
             MIN(latency_ns) AS min_ns, MAX(latency_ns) AS max_ns, AVG(latency_ns) AS mean_ns,
             COALESCE(SUM(latency_ns), 0) AS total_ns
      FROM io GROUP BY port, direction, size),
    r AS (
      SELECT port, direction, size, latency_ns,
             ROW_NUMBER() OVER (PARTITION BY port, direction, size ORDER BY latency_ns) AS rn,
             COUNT(*) OVER (PARTITION BY port, direction, size) AS n
      FROM io WHERE latency_ns IS NOT NULL),
    p AS (SELECT port, direction, size, ${PERCENTILE_COLUMNS} FROM r GROUP BY port, direction, size)
    SELECT :t, g.port, g.direction, g.size, g.device, g.count, g.closed, g.userspace_count, g.elements,
           g.min_ns, p.p50, p.p90, p.p99, g.max_ns, g.mean_ns, g.total_ns
    FROM g LEFT JOIN p USING (port, direction, size)`).run({ t: traceId });

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
