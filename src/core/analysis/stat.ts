// The perf-kvm-stat-style report of one trace (`perf kvm stat report` parity and beyond): per exit
// reason or per port group, samples and samples %, time %, min, max, mean ± stddev, p50/p90/p99
// and port operations, sorted by any column (perf's --key), optionally for one vCPU (--vcpu);
// the per-vCPU breakdown; and exits per second over time. Statistics come from the summaries
// (summary_reason / summary_port for all vCPUs, summary_vcpu per vCPU); the exit rate is one
// GROUP BY over the trace's exit rows (time buckets), the only query here that scans exits.
import type { ExitRate, StatEvent, StatKey, StatReport, StatRow, VcpuStat } from '../../shared/compare';
import { ExitScopeError } from '../errors';
import { deviceForPort } from '../trace/port-names';
import type { Db } from '../trace/store/open-trace-db';
import { latencyMeaning, traceKindFacts } from './latency-meaning';

interface SumRow {
  count: number; closed: number; min_ns: number | null; p50_ns: number | null; p90_ns: number | null; p99_ns: number | null;
  max_ns: number | null; mean_ns: number | null; total_ns: number; sumsq_ns: number | null;
}
type ReasonRow = SumRow & { reason: string };
type PortRow = SumRow & { port: number; direction: string; size: number; device: string | null; ops: number | null };
type VcpuRow = SumRow & { key: string; device: string | null };

/** Population standard deviation from n, Σx and Σx² (null without Σx²). */
export function stddevOf(closed: number, total: number, sumSq: number | null): number | null {
  if (sumSq === null || closed === 0) return null;
  const mean = total / closed;
  return Math.sqrt(Math.max(0, sumSq / closed - mean * mean));
}

const hexPort = (p: number): string => `0x${p.toString(16)}`;

function row(key: string, label: string, r: SumRow, port: Pick<StatRow, 'port' | 'direction' | 'size' | 'device' | 'ops'>): Omit<StatRow, 'samplesShare' | 'timeShare'> {
  return {
    key, label, ...port, count: r.count, closed: r.closed, minNs: r.min_ns, p50Ns: r.p50_ns, p90Ns: r.p90_ns, p99Ns: r.p99_ns,
    maxNs: r.max_ns, meanNs: r.mean_ns, totalNs: r.total_ns, stddevNs: stddevOf(r.closed, r.total_ns, r.sumsq_ns ?? null),
  };
}

const NO_PORT = { port: null, direction: null, size: null, device: null, ops: null };

function portLabel(port: number, direction: string, size: number, device: string | null): string {
  return [hexPort(port), deviceForPort(port) ?? device, `${direction}/${size}`].filter(Boolean).join(' ');
}

/** The value a column sorts by (perf: --key sample | time). */
function sortValue(r: StatRow, key: StatKey): number | string | null {
  switch (key) {
    case 'sample': return r.count;
    case 'time': return r.totalNs;
    case 'min': return r.minNs;
    case 'max': return r.maxNs;
    case 'mean': return r.meanNs;
    case 'stddev': return r.stddevNs;
    case 'p50': return r.p50Ns;
    case 'p90': return r.p90Ns;
    case 'p99': return r.p99Ns;
    case 'ops': return r.ops;
    case 'name': return r.label;
  }
}

/** Rows sorted by `key`: numbers largest first, names A→Z; unknown values last; ties by label. */
export function sortStatRows(rows: readonly StatRow[], key: StatKey): StatRow[] {
  return [...rows].sort((a, b) => {
    const x = sortValue(a, key);
    const y = sortValue(b, key);
    if (x === null || y === null) return x === y ? a.label.localeCompare(b.label) : x === null ? 1 : -1;
    if (typeof x === 'string' || typeof y === 'string') return String(x).localeCompare(String(y));
    return y - x || a.label.localeCompare(b.label);
  });
}

export interface StatOptions {
  event?: StatEvent;
  vcpu?: number | null;
  key?: StatKey;
}

export function statReport(db: Db, traceId: number, opts: StatOptions = {}): StatReport {
  const facts = traceKindFacts(db, traceId);
  if (!facts) throw new ExitScopeError('NotFound', `no trace with id ${traceId}`);
  const event = opts.event ?? 'reason';
  const vcpu = opts.vcpu ?? null;
  const key = opts.key ?? 'sample';
  const perVcpuRecorded = (db.prepare('SELECT 1 FROM summary_vcpu WHERE trace_id = ? LIMIT 1').get(traceId)) !== undefined;
  let base: Omit<StatRow, 'samplesShare' | 'timeShare'>[];
  if (vcpu !== null) {
    if (!perVcpuRecorded) throw new ExitScopeError('ValidationError', `trace ${traceId} was stored without per-vCPU summaries: re-import it to filter by vCPU`);
    const rows = db.prepare('SELECT * FROM summary_vcpu WHERE trace_id = ? AND vcpu = ? AND grp = ?').all(traceId, vcpu, event) as VcpuRow[];
    base = rows.map((r) => {
      if (event === 'reason') return row(r.key, r.key, r, NO_PORT);
      const [port, direction, size] = r.key.split('|') as [string, string, string];
      const p = Number(port);
      return row(`${hexPort(p)}/${direction}/${size}`, portLabel(p, direction, Number(size), r.device), r,
        { port: p, direction, size: Number(size), device: deviceForPort(p) ?? r.device, ops: null });
    });
  } else if (event === 'reason') {
    base = (db.prepare('SELECT * FROM summary_reason WHERE trace_id = ?').all(traceId) as ReasonRow[]).map((r) => row(r.reason, r.reason, r, NO_PORT));
  } else {
    base = (db.prepare('SELECT * FROM summary_port WHERE trace_id = ?').all(traceId) as PortRow[]).map((r) =>
      row(`${hexPort(r.port)}/${r.direction}/${r.size}`, portLabel(r.port, r.direction, r.size, r.device), r,
        { port: r.port, direction: r.direction, size: r.size, device: deviceForPort(r.port) ?? r.device, ops: r.ops ?? null }));
  }
  const total = base.reduce((t, r) => ({ count: t.count + r.count, closed: t.closed + r.closed, totalNs: t.totalNs + r.totalNs }), { count: 0, closed: 0, totalNs: 0 });
  const rows = base.map((r): StatRow => ({
    ...r, samplesShare: total.count ? r.count / total.count : 0, timeShare: total.closed ? r.totalNs / total.totalNs : null,
  }));
  return {
    traceId, event, vcpu, key, rows: sortStatRows(rows, key), total, vcpus: vcpuBreakdown(db, traceId), perVcpuRecorded,
    latencyMeaning: latencyMeaning(facts),
    derivation: 'samples = exits in the group; samples % and time % are shares of the report\u2019s exits and of its Σ latency (closed exits); ' +
      'mean ± population stddev from Σx and Σx² of the closed exits; p50/p90/p99 nearest-rank; all from the summaries written when the trace was stored' +
      (event === 'port' ? '; ops = port operations on the group (each operation of a ring or batched exit on its own port), not recorded per vCPU' : ''),
  };
}

function vcpuBreakdown(db: Db, traceId: number): VcpuStat[] {
  const rows = db.prepare(`
    SELECT vcpu, SUM(count) AS count, SUM(closed) AS closed, SUM(total_ns) AS total, MIN(min_ns) AS min, MAX(max_ns) AS max
    FROM summary_vcpu WHERE trace_id = ? AND grp = 'reason' GROUP BY vcpu ORDER BY vcpu`).all(traceId) as
    { vcpu: number; count: number; closed: number; total: number; min: number | null; max: number | null }[];
  const all = rows.reduce((n, r) => n + r.count, 0);
  return rows.map((r) => ({
    vcpu: r.vcpu, count: r.count, closed: r.closed, totalNs: r.total, minNs: r.min, maxNs: r.max,
    meanNs: r.closed ? r.total / r.closed : null, samplesShare: all ? r.count / all : 0,
  }));
}

function rateFromSummary(traceId: number, vcpu: number | null, rows: readonly { bucket: number; exits: number; width: number; origin: number }[], target: number): ExitRate {
  const width = rows[0]?.width ?? 1000;
  const lo = rows[0]?.bucket ?? 0;
  const hi = rows.at(-1)?.bucket ?? 0;
  const per = Math.max(1, Math.ceil((hi - lo + 1) / Math.max(1, target)));
  const bucketNs = per * width;
  const first = Math.floor(lo / per);
  const counts = new Map<number, number>();
  for (const r of rows) {
    const b = Math.floor(r.bucket / per) - first;
    counts.set(b, (counts.get(b) ?? 0) + r.exits);
  }
  const last = rows.length ? Math.floor(hi / per) - first : -1;
  const points = [];
  for (let b = 0; b <= last; b++) {
    const exits = counts.get(b) ?? 0;
    points.push({ startNs: (b + first) * bucketNs, exits, perSecond: exits / (bucketNs / 1e9) });
  }
  return {
    traceId, vcpu, bucketNs, points,
    derivation: `exits whose time (kvm_exit, or the guest clock at the exit) falls in each ${bucketNs} ns bucket from the trace's first exit, ` +
      `÷ the bucket width in seconds; counted when the trace was stored${vcpu === null ? '' : `; vCPU ${vcpu} only`}`,
  };
}

/** The bucket width for about `target` buckets over `spanNs`: 1, 2 or 5 × a power of ten ns. */
export function rateBucketNs(spanNs: number, target: number): number {
  const raw = Math.max(1, spanNs / Math.max(1, target));
  const p = 10 ** Math.floor(Math.log10(raw));
  for (const m of [1, 2, 5, 10]) if (m * p >= raw) return m * p;
  return 10 * p;
}

/**
 * Exits per second over the trace's time, in about `target` equal buckets, optionally of one vCPU:
 * from summary_rate (whole multiples of its bucket width), or for a trace stored without it by
 * one GROUP BY over its exit rows.
 */
export function exitRate(db: Db, traceId: number, vcpu: number | null = null, target = 200): ExitRate {
  const t = db.prepare('SELECT first_ns, last_ns FROM traces WHERE id = ?').get(traceId) as { first_ns: number | null; last_ns: number | null } | undefined;
  if (!t) throw new ExitScopeError('NotFound', `no trace with id ${traceId}`);
  const summary = db.prepare(`SELECT bucket, SUM(exits) AS exits, MIN(width_ns) AS width, MIN(origin_ns) AS origin FROM summary_rate
    WHERE trace_id = ? ${vcpu === null ? '' : 'AND vcpu = ?'} GROUP BY bucket ORDER BY bucket`).all(...(vcpu === null ? [traceId] : [traceId, vcpu])) as
    { bucket: number; exits: number; width: number; origin: number }[];
  if (summary.length > 0 || (db.prepare('SELECT 1 FROM summary_rate WHERE trace_id = ? LIMIT 1').get(traceId)) !== undefined) return rateFromSummary(traceId, vcpu, summary, target);
  const first = t.first_ns ?? 0;
  const bucketNs = rateBucketNs((t.last_ns ?? first) - first, target);
  const rows = (vcpu === null
    ? db.prepare('SELECT CAST((time_ns - ?) / ? AS INTEGER) AS b, COUNT(*) AS n FROM exit_rows WHERE trace_id = ? GROUP BY b ORDER BY b').all(first, bucketNs, traceId)
    : db.prepare(`SELECT CAST((r.time_ns - ?) / ? AS INTEGER) AS b, COUNT(*) AS n FROM exit_rows r JOIN exit_kinds k ON k.trace_id = r.trace_id AND k.kind = r.kind
                  WHERE r.trace_id = ? AND k.vcpu = ? GROUP BY b ORDER BY b`).all(first, bucketNs, traceId, vcpu)) as { b: number; n: number }[];
  const counts = new Map(rows.map((r) => [Math.floor(r.b), r.n]));
  const last = rows.length ? Math.floor(rows[rows.length - 1]!.b) : -1;
  const points = [];
  for (let b = 0; b <= last; b++) {
    const exits = counts.get(b) ?? 0;
    points.push({ startNs: b * bucketNs, exits, perSecond: exits / (bucketNs / 1e9) });
  }
  return {
    traceId, vcpu, bucketNs, points,
    derivation: `exits whose kvm_exit (or guest-clock exit time) falls in each ${bucketNs} ns bucket from the trace's first exit, ÷ the bucket width in seconds` +
      (vcpu === null ? '' : `; vCPU ${vcpu} only`),
  };
}
