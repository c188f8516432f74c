// Read side of a trace file: the DTOs the views need, read from the traces and summary_*
// tables (never by scanning exits, except the CSV export which streams them in seq order).
import type {
  EventCount, ExitRow, Histogram, ImportFacts, IoDirection, LatencyStats, ParseIssue, PortStat, ReasonStat,
  TraceKind, TraceListItem, TraceStatus, TraceSummary,
} from '../../../shared/dto';
import { ExitScopeError } from '../../errors';
import { formatAddress } from '../address';
import type { Db } from './open-trace-db';
import { HISTOGRAM_BUCKETS_PER_OCTAVE, histogramBucketEdges, MAX_BUCKET } from './summarize';
import { NOT_IMPORTING_SQL } from './abandoned-imports';

interface TraceRow {
  id: number; name: string; kind: TraceKind; status: TraceStatus; format: string; source_path: string | null;
  created_at: string; exit_count: number; io_exit_count: number; vcpu_count: number;
  first_ns: number | null; last_ns: number | null; skipped_lines: number; meta_json: string; derived_from: number | null;
}

interface StatsRow {
  count: number; closed: number; min_ns: number | null; p50_ns: number | null; p90_ns: number | null;
  p99_ns: number | null; max_ns: number | null; mean_ns: number | null; total_ns: number;
}

function toListItem(r: TraceRow): TraceListItem {
  return {
    id: r.id, name: r.name, kind: r.kind, status: r.status, format: r.format, sourcePath: r.source_path,
    createdAt: r.created_at, exitCount: r.exit_count, ioExitCount: r.io_exit_count, vcpuCount: r.vcpu_count,
    durationNs: r.first_ns !== null && r.last_ns !== null ? r.last_ns - r.first_ns : 0,
    ...(r.derived_from !== null && r.derived_from !== undefined ? { derivedFrom: r.derived_from } : {}),
  };
}

function toStats(r: StatsRow): LatencyStats {
  return {
    count: r.count, closed: r.closed, minNs: r.min_ns, p50Ns: r.p50_ns, p90Ns: r.p90_ns, p99Ns: r.p99_ns,
    maxNs: r.max_ns, meanNs: r.mean_ns, totalNs: r.total_ns,
  };
}

export function listTraces(db: Db): TraceListItem[] {
  const rows = db.prepare(`SELECT * FROM traces WHERE ${NOT_IMPORTING_SQL} ORDER BY id DESC`).all() as TraceRow[];
  return rows.map(toListItem);
}

function traceRow(db: Db, traceId: number): TraceRow {
  const row = db.prepare('SELECT * FROM traces WHERE id = ?').get(traceId) as TraceRow | undefined;
  if (!row) throw new ExitScopeError('NotFound', `no trace with id ${traceId}`);
  return row;
}

export function readHistogram(db: Db, traceId: number): Histogram {
  const rows = db.prepare('SELECT bucket, count FROM summary_histogram WHERE trace_id = ? ORDER BY bucket').all(traceId) as { bucket: number; count: number }[];
  const buckets: Histogram['buckets'] = [];
  // Fill the gaps between the first and last non-empty bucket with zero counts so the
  // x axis is continuous on a log scale. The 0 ns bucket (-1) is shown only if used.
  // Only finite buckets within MAX_BUCKET: a damaged file must not make this loop run forever.
  const used = rows.filter((r) => r.bucket >= 0 && r.bucket <= MAX_BUCKET);
  const counts = new Map(rows.map((r) => [r.bucket, r.count]));
  if (counts.has(-1)) buckets.push({ index: -1, ...histogramBucketEdges(-1), count: counts.get(-1)! });
  if (used.length > 0) {
    for (let i = used[0]!.bucket; i <= used[used.length - 1]!.bucket; i++) {
      buckets.push({ index: i, ...histogramBucketEdges(i), count: counts.get(i) ?? 0 });
    }
  }
  const B = HISTOGRAM_BUCKETS_PER_OCTAVE;
  return {
    bucketsPerOctave: B,
    derivation: `log2 buckets, ${B} per octave: bucket i holds exit latencies in [2^(i/${B}), 2^((i+1)/${B})) ns, ` +
      'latency = time of the kvm_entry that closed the exit minus the time of the kvm_exit on the same vCPU thread; exits never closed are not counted',
    buckets,
  };
}

/** The import facts stored with an imported trace (import-facts.ts), or null. */
function importFactsOfRow(r: TraceRow): ImportFacts | null {
  try {
    const meta = JSON.parse(r.meta_json) as { facts?: ImportFacts };
    return meta.facts ?? null;
  } catch {
    return null;
  }
}

export function getTraceSummary(db: Db, traceId: number): TraceSummary {
  const trace = traceRow(db, traceId);
  const reasons = (db.prepare('SELECT * FROM summary_reason WHERE trace_id = ? ORDER BY count DESC, reason').all(traceId) as (StatsRow & { reason: string; natives: string })[])
    .map((r): ReasonStat => ({ reason: r.reason, nativeNames: JSON.parse(r.natives) as string[], ...toStats(r) }));
  const ports = (db.prepare('SELECT * FROM summary_port WHERE trace_id = ? ORDER BY count DESC, port, direction, size').all(traceId) as (StatsRow & { port: number; direction: IoDirection; size: number; device: string | null; userspace_count: number; elements: number; ops: number | null })[])
    .map((r): PortStat => ({
      port: r.port, direction: r.direction, size: r.size, device: r.device, userspaceCount: r.userspace_count,
      elements: r.elements, ops: r.ops ?? null, ...toStats(r),
    }));
  const events = (db.prepare('SELECT event, count, handled FROM summary_events WHERE trace_id = ? ORDER BY count DESC, event').all(traceId) as { event: string; count: number; handled: number }[])
    .map((r): EventCount => ({ event: r.event, count: r.count, handled: r.handled === 1 }));
  const firstIssues = db.prepare('SELECT line, message, text FROM import_issues WHERE trace_id = ? ORDER BY line LIMIT 20').all(traceId) as ParseIssue[];
  return {
    trace: toListItem(trace),
    reasons,
    ports,
    userspaceExits: ports.reduce((n, p) => n + p.userspaceCount, 0),
    histogram: readHistogram(db, traceId),
    events,
    skippedLines: trace.skipped_lines,
    firstIssues,
    importFacts: importFactsOfRow(trace),
  };
}

interface ExitDbRow {
  seq: number; time_ns: number; vcpu: number; rip: number | null; reason: string; reason_native: string;
  latency_ns: number | null; port: number | null; direction: IoDirection | null; size: number | null;
  count: number | null; value: number | null; device: string | null; device_location: string | null; line: number | null;
}

const hex = (v: number | null): string | null => (v === null ? null : formatAddress(v));

function toExitRow(r: ExitDbRow): ExitRow {
  return {
    seq: r.seq, timeNs: r.time_ns, vcpu: r.vcpu, rip: hex(r.rip), reason: r.reason, reasonNative: r.reason_native,
    latencyNs: r.latency_ns, port: r.port, direction: r.direction, size: r.size, count: r.count, value: hex(r.value),
    device: r.device, userspace: r.device_location === 'userspace', line: r.line,
  };
}

export function slowestExits(db: Db, traceId: number, limit: number): ExitRow[] {
  traceRow(db, traceId);
  const rows = db.prepare(`
    SELECT e.* FROM summary_slowest s JOIN exits e ON e.trace_id = s.trace_id AND e.seq = s.seq
    WHERE s.trace_id = ? ORDER BY s.rank LIMIT ?`).all(traceId, limit) as ExitDbRow[];
  return rows.map(toExitRow);
}

/** Deletes the trace and everything of it: exit_kinds and the summaries by cascade, exit_rows by trigger (migration 3). */
export function deleteTrace(db: Db, traceId: number): boolean {
  return db.prepare('DELETE FROM traces WHERE id = ?').run(traceId).changes > 0;
}

/** The trace's name, for file names of exports. */
export function traceName(db: Db, traceId: number): string {
  return traceRow(db, traceId).name;
}
