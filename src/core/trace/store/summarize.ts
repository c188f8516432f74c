// Per-trace summaries, computed once when a trace is stored so that opening a view of a
// ten-million-exit trace reads a few hundred summary rows instead of scanning exits:
//   summary_reason     count and latency statistics per canonical reason
//   summary_port       the same per (port, direction, size), with userspace round trips
//   summary_histogram  log-spaced latency buckets over all closed exits
//   summary_slowest    the seqs of the slowest exits (latency desc, then seq)
//   summary_form / _device / _mechanism / _components  costs per group (cost-groups.ts)
// TraceAggregates accumulates all of them in one pass, in the compact form the writer stores
// (packed-exits.ts): it learns each kind once (defineKind) and then sees per exit only its kind,
// seq, time and its own count/latency where they differ from the kind's. Exits that share their
// kind's latency (every exit of an emulated run) are tallied per kind and enter the statistics as
// one weighted value. The writer feeds it as it inserts (no second pass over millions of rows);
// a stored trace can be re-summarized by feeding it its exit_kinds and exit_rows.
// Percentiles are nearest-rank (weighted-stats.ts).
import { KIND_COLUMNS } from '../exit-columns';
import type { SqlValue } from '../exit-columns';
import { writeCostSummaries } from './cost-groups';
import { buildExploreIndex } from './explore-index';
import type { OpCounts } from './cost-groups';
import type { Db } from './open-trace-db';
import { SUMMARY_PERCENTILES, WeightedStats } from './weighted-stats';
import { VcpuGroups } from './summary-vcpu';
import { RateBuckets } from './summary-rate';
import type { VcpuKind } from './summary-vcpu';

/** Latency histogram: bucket i holds latencies in [2^(i/B), 2^((i+1)/B)) ns; bucket -1 holds 0 ns. */
export const HISTOGRAM_BUCKETS_PER_OCTAVE = 4;
export const SLOWEST_KEPT = 100;

/** The last bucket: latencies of 2^64 ns (585 years) and more, and any non-finite one, land here. */
export const MAX_BUCKET = 64 * HISTOGRAM_BUCKETS_PER_OCTAVE;

export function histogramBucket(latencyNs: number): number {
  if (latencyNs < 1) return -1;
  const b = Math.floor(Math.log2(latencyNs) * HISTOGRAM_BUCKETS_PER_OCTAVE);
  return b < MAX_BUCKET ? b : MAX_BUCKET;
}

/** The edges of histogram bucket i, in ns (bucket -1 is [0, 1)). */
export function histogramBucketEdges(index: number): { loNs: number; hiNs: number } {
  if (index < 0) return { loNs: 0, hiNs: 1 };
  return {
    loNs: Math.pow(2, index / HISTOGRAM_BUCKETS_PER_OCTAVE),
    hiNs: Math.pow(2, (index + 1) / HISTOGRAM_BUCKETS_PER_OCTAVE),
  };
}

/** [count, closed, min, p50, p90, p99, max, mean, total, sumsq] in summary-table column order. */
function statsRow(s: WeightedStats): (number | null)[] {
  const [p50, p90, p99] = s.percentiles(SUMMARY_PERCENTILES);
  return [s.count, s.closed, s.min, p50!, p90!, p99!, s.max, s.closed ? s.total / s.closed : null, s.total, s.closed ? s.sumSq : null];
}

interface ReasonGroup { stats: WeightedStats; natives: Set<string> }
interface PortGroup { stats: WeightedStats; port: number; direction: string; size: number; device: string | null; userspace: number; elements: number }

const col = (sql: string): number => KIND_COLUMNS.findIndex((c) => c.sql === sql);
const [REASON, NATIVE, PORT, DIRECTION, SIZE, DEVICE, LOCATION, COUNT, LATENCY, VCPU] =
  ['reason', 'reason_native', 'port', 'direction', 'size', 'device', 'device_location', 'count', 'latency_ns', 'vcpu'].map(col) as
  [number, number, number, number, number, number, number, number, number, number];

/** One kind and its tallies. */
class KindAgg {
  exits = 0;
  /** Σ count over exits with their own count; exits using the kind's count. */
  ownCounts = 0;
  kindCountExits = 0;
  /** Exits using the kind's latency, and the smallest seqs among them (for the slowest list). */
  kindLatencyExits = 0;
  readonly seqs: number[] = [];
  readonly latency: number | null;
  readonly reason: ReasonGroup;
  readonly port: PortGroup | null;
  constructor(readonly values: readonly SqlValue[], reason: ReasonGroup, port: PortGroup | null, readonly vcpu: VcpuKind) {
    this.latency = values[LATENCY] as number | null;
    this.reason = reason;
    this.port = port;
  }
  elements(): number {
    return this.ownCounts + this.kindCountExits * ((this.values[COUNT] as number | null) ?? 1);
  }
}

/** The slowest exits with their own latency: kept loosely (at most 2×SLOWEST_KEPT), cut when full. */
class SlowestCandidates {
  private list: { lat: number; seq: number }[] = [];
  private floor = -Infinity;
  offer(lat: number, seq: number): void {
    if (lat < this.floor) return;
    this.list.push({ lat, seq });
    if (this.list.length >= 2 * SLOWEST_KEPT) {
      this.list = top(this.list);
      this.floor = this.list[this.list.length - 1]!.lat;
    }
  }
  all(): readonly { lat: number; seq: number }[] {
    return this.list;
  }
}

const top = (xs: { lat: number; seq: number }[]): { lat: number; seq: number }[] =>
  xs.sort((a, b) => b.lat - a.lat || a.seq - b.seq).slice(0, SLOWEST_KEPT);

/** The key of a port group in the summaries: 'port|direction|size'. */
export const portGroupKey = (port: number, direction: string, size: number): string => `${port}|${direction}|${size}`;

/** One (port, direction, size)'s operations as the producer counted them. */
export interface PortOps { port: number; direction: string; size: number; device: string | null; ops: number; elements: number }

export interface TraceSpan {
  exits: number;
  ioExits: number;
  vcpus: number;
  firstNs: number | null;
  /** Max of time + latency (latency 0 where unknown). */
  lastNs: number | null;
}

export class TraceAggregates {
  private readonly kinds: KindAgg[] = [];
  private readonly reasons = new Map<string, ReasonGroup>();
  private readonly ports = new Map<string, PortGroup>();
  private readonly histogram = new Map<number, number>();
  private readonly slowest = new SlowestCandidates();
  private first = Infinity;
  private last = -Infinity;
  private ops: OpCounts | null = null;
  private readonly vcpuGroups = new VcpuGroups();
  private readonly rate = new RateBuckets();
  /** Operations and elements per port group key, when the producer counted them (batched, ring). */
  private portOps: ReadonlyMap<string, PortOps> | null = null;

  /** The producer's own operation counts for summary_form/summary_device (see cost-groups.ts). */
  setOpCounts(ops: OpCounts): void {
    this.ops = ops;
  }

  /** The producer's operations per (port, direction, size): each operation of a batch on its own port. */
  setPortOps(ops: ReadonlyMap<string, PortOps>): void {
    this.portOps = ops;
  }

  /** Kind ids are dense and defined in order: 0, 1, 2, ... */
  defineKind(values: readonly SqlValue[]): void {
    const reasonName = values[REASON] as string;
    let reason = this.reasons.get(reasonName);
    if (!reason) this.reasons.set(reasonName, (reason = { stats: new WeightedStats(), natives: new Set() }));
    reason.natives.add(values[NATIVE] as string);
    const port = values[PORT] as number | null;
    let group: PortGroup | null = null;
    let key: string | null = null;
    if (port !== null) {
      const dir = (values[DIRECTION] as string | null) ?? '?';
      const size = (values[SIZE] as number | null) ?? 0;
      key = portGroupKey(port, dir, size);
      group = this.ports.get(key) ?? null;
      if (!group) this.ports.set(key, (group = { stats: new WeightedStats(), port, direction: dir, size, device: null, userspace: 0, elements: 0 }));
    }
    this.kinds.push(new KindAgg(values, reason, group, this.vcpuGroups.kind(values[VCPU] as number, reasonName, key)));
  }

  /** One exit. `count`, `latency`: the exit's own where they differ from its kind's, else NaN. */
  row(kind: number, seq: number, timeNs: number, count: number, latency: number): void {
    const k = this.kinds[kind]!;
    k.exits++;
    if (count === count) k.ownCounts += count;
    else k.kindCountExits++;
    if (timeNs < this.first) this.first = timeNs;
    this.rate.add(k.values[VCPU] as number, timeNs);
    if (latency === latency) {
      k.reason.stats.add(latency);
      k.port?.stats.add(latency);
      k.vcpu.add(latency);
      const b = histogramBucket(latency);
      this.histogram.set(b, (this.histogram.get(b) ?? 0) + 1);
      this.slowest.offer(latency, seq);
      if (timeNs + latency > this.last) this.last = timeNs + latency;
      return;
    }
    k.kindLatencyExits++;
    const end = timeNs + (k.latency ?? 0);
    if (end > this.last) this.last = end;
    if (k.latency === null) return;
    const seqs = k.seqs;
    if (seqs.length < SLOWEST_KEPT) seqs.push(seq);
    else if (seq < seqs[seqs.length - 1]!) {
      seqs[seqs.length - 1] = seq;
      seqs.sort((a, b) => a - b);
    }
  }

  span(): TraceSpan {
    let exits = 0;
    let io = 0;
    const vcpus = new Set<number>();
    for (const k of this.kinds) {
      if (k.exits === 0) continue;
      exits += k.exits;
      if (k.values[PORT] !== null) io += k.exits;
      vcpus.add(k.values[VCPU] as number);
    }
    return { exits, ioExits: io, vcpus: vcpus.size, firstNs: exits ? this.first : null, lastNs: exits ? this.last : null };
  }

  /** Folds the per-kind tallies into the groups; call once, before write. */
  private fold(): void {
    for (const k of this.kinds) {
      k.seqs.sort((a, b) => a - b);
      k.reason.stats.addMany(k.latency, k.kindLatencyExits);
      k.vcpu.addMany(k.latency, k.kindLatencyExits);
      if (k.exits > 0) k.vcpu.device(k.values[DEVICE] as string | null);
      if (k.port) {
        const p = k.port;
        p.stats.addMany(k.latency, k.kindLatencyExits);
        const device = k.values[DEVICE] as string | null;
        if (device !== null && k.exits > 0) p.device = device;
        if (k.values[LOCATION] === 'userspace') p.userspace += k.exits;
        p.elements += k.elements();
      }
      if (k.latency !== null && k.kindLatencyExits > 0) {
        const b = histogramBucket(k.latency);
        this.histogram.set(b, (this.histogram.get(b) ?? 0) + k.kindLatencyExits);
      }
    }
  }

  /** Writes every summary_* row of the trace. */
  write(db: Db, traceId: number): void {
    this.fold();
    const reason = db.prepare(`
      INSERT INTO summary_reason (trace_id, reason, natives, count, closed, min_ns, p50_ns, p90_ns, p99_ns, max_ns, mean_ns, total_ns, sumsq_ns)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
    for (const [name, r] of this.reasons) {
      if (r.stats.count > 0) reason.run(traceId, name, JSON.stringify([...r.natives].sort()), ...statsRow(r.stats));
    }
    const port = db.prepare(`
      INSERT INTO summary_port (trace_id, port, direction, size, device, userspace_count, elements,
                                count, closed, min_ns, p50_ns, p90_ns, p99_ns, max_ns, mean_ns, total_ns, sumsq_ns, ops)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
    for (const [key, p] of this.ports) {
      if (p.stats.count === 0) continue;
      const own = this.portOps?.get(key);
      // Without the producer's counts every exit is one operation on the port its record names.
      port.run(traceId, p.port, p.direction, p.size, p.device, p.userspace, own?.elements ?? p.elements, ...statsRow(p.stats), own?.ops ?? p.stats.count);
    }
    for (const [key, o] of this.portOps ?? []) {
      const p = this.ports.get(key);
      if (p && p.stats.count > 0) continue;
      // A port reached only by later operations of batched or ring exits: operations, no exits.
      port.run(traceId, o.port, o.direction, o.size, o.device, 0, o.elements, 0, 0, null, null, null, null, null, null, 0, null, o.ops);
    }
    this.vcpuGroups.write(db, traceId);
    this.rate.write(db, traceId);
    const hist = db.prepare('INSERT INTO summary_histogram (trace_id, bucket, count) VALUES (?, ?, ?)');
    for (const [bucket, count] of this.histogram) hist.run(traceId, bucket, count);
    const candidates = [...this.slowest.all()];
    for (const k of this.kinds) if (k.latency !== null) for (const seq of k.seqs) candidates.push({ lat: k.latency, seq });
    const slow = db.prepare('INSERT INTO summary_slowest (trace_id, rank, seq) VALUES (?, ?, ?)');
    top(candidates).forEach((c, i) => slow.run(traceId, i + 1, c.seq));
    writeCostSummaries(db, traceId, this.kinds.map((k) => ({ values: k.values, exits: k.exits, elements: k.elements() })), this.ops);
  }
}

/** Feeds a stored trace's kinds and exits to a fresh TraceAggregates with one scan of each. */
function scanAggregates(db: Db, traceId: number): TraceAggregates {
  const agg = new TraceAggregates();
  const kinds = db.prepare(`SELECT ${KIND_COLUMNS.map((c) => c.sql).join(', ')} FROM exit_kinds WHERE trace_id = ? ORDER BY kind`).raw(true);
  for (const values of kinds.iterate(traceId) as IterableIterator<SqlValue[]>) agg.defineKind(values);
  const rows = db.prepare('SELECT kind, seq, time_ns, count, latency_ns FROM exit_rows WHERE trace_id = ?').raw(true);
  type Row = [number, number, number, number | null, number | null];
  for (const [kind, seq, time, count, latency] of rows.iterate(traceId) as IterableIterator<Row>) {
    agg.row(kind, seq, time, count ?? NaN, latency ?? NaN);
  }
  return agg;
}

/**
 * Writes every summary_* row of the trace. `aggregates`, when given, must have been fed exactly
 * the trace's kinds and exits (the writer's); otherwise they are computed with one scan.
 */
export function summarizeTrace(db: Db, traceId: number, aggregates: TraceAggregates = scanAggregates(db, traceId)): void {
  aggregates.write(db, traceId);
  buildExploreIndex(db, traceId);
}
