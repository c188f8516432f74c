import { openTraceDb } from './src/core/trace/store/open-trace-db';
const db = openTraceDb('/tmp/prof-db.exitscope');
const q = (label: string, f: () => unknown) => { const t = performance.now(); const r = f() as unknown[]; console.log(label, (performance.now() - t).toFixed(0), 'ms', r.length); };
for (let i = 0; i < 2; i++) {
q('fine group', () => db.prepare(`SELECT reason, reason_native, port, COALESCE(direction,'?') d, COALESCE(size,0) s, device, device_location = 'userspace' AS us,
  CASE WHEN latency_ns IS NULL THEN NULL WHEN latency_ns < 1 THEN -1 ELSE CAST(floor(log2(latency_ns)*4) AS INTEGER) END AS b,
  COUNT(*) n, COUNT(latency_ns) closed, MIN(latency_ns) mn, MAX(latency_ns) mx, COALESCE(SUM(latency_ns),0) tot, SUM(COALESCE(count,1)) el
  FROM exits WHERE trace_id=1 GROUP BY 1,2,3,4,5,6,7,8`).all());
q('reason group', () => db.prepare(`SELECT reason, json_group_array(DISTINCT reason_native), COUNT(*), COUNT(latency_ns), MIN(latency_ns), MAX(latency_ns), AVG(latency_ns), SUM(latency_ns) FROM exits WHERE trace_id = 1 GROUP BY reason`).all());
q('port group', () => db.prepare(`SELECT port, COALESCE(direction, '?') AS direction, COALESCE(size, 0) AS size, MAX(device), COUNT(*), COUNT(latency_ns), SUM(device_location = 'userspace'), COALESCE(SUM(count), COUNT(*)), MIN(latency_ns), MAX(latency_ns), AVG(latency_ns), SUM(latency_ns) FROM exits WHERE trace_id = 1 AND port IS NOT NULL GROUP BY port, 2, 3`).all());
q('hist', () => db.prepare(`SELECT CAST(floor(log2(latency_ns)*4) AS INTEGER) b, COUNT(*) FROM exits WHERE trace_id=1 AND latency_ns > 0 GROUP BY b`).all());
q('slowest', () => db.prepare(`SELECT seq FROM exits WHERE trace_id=1 AND latency_ns IS NOT NULL ORDER BY latency_ns DESC, seq LIMIT 100`).all());
}
