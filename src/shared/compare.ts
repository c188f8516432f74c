// Data shapes of the compare view and of the perf-kvm-stat-style report as they cross the
// boundary (IPC, HTTP, `exitscope compare|stat --json`). Types and constants only.
import type { LatencyStats, TraceKind } from './dto';

/** How many traces one comparison takes at most. */
export const COMPARE_MAX_TRACES = 8;

/** One group's figures in one trace; null fields are unknown (not recorded, or not priced). */
export interface CompareMeasure {
  /** Exits filed under the group. */
  count: number;
  /** Port operations (a ring or batched exit carries several, each on its own port); null when not recorded. */
  ops: number | null;
  /** Exits per second of the trace's time span. */
  ratePerS: number | null;
  p50: number | null;
  p99: number | null;
  /** Σ over the group's exits, in the table's unit. */
  total: number | null;
}

/** Later trace minus the first (the baseline); null where either side is unknown. */
export interface CompareDelta {
  count: number;
  ops: number | null;
  ratePerS: number | null;
  p50: number | null;
  p99: number | null;
  total: number | null;
}

export interface CompareRow {
  key: string;
  label: string;
  /** One per compared trace, in the request's order; null: the trace has no such group. */
  values: (CompareMeasure | null)[];
  /** One per trace after the first: values[i + 1] − values[0] (an absent group counts as 0 exits). */
  deltas: CompareDelta[];
}

export type CompareDimension = 'reason' | 'port' | 'device' | 'form';

export interface CompareTable {
  dimension: CompareDimension;
  /** Unit of p50, p99 and total: nanoseconds (latency or priced cost at the profile's clock) or guest cycles. */
  unit: 'ns' | 'cycles';
  /** What the figures are and where they come from. */
  derivation: string;
  rows: CompareRow[];
}

export interface ComparedTrace {
  id: number;
  name: string;
  kind: TraceKind;
  exits: number;
  durationNs: number;
  ratePerS: number | null;
  mechanism: string | null;
  profileId: string | null;
  workload: string | null;
  /** What this trace's latency figures are (measured kvm_exit → kvm_entry, or a priced cost). */
  latencyMeaning: string;
}

/** One histogram bucket across the compared traces: counts and cumulative shares (0..1) per trace. */
export interface CompareBucket {
  index: number;
  loNs: number;
  hiNs: number;
  counts: number[];
  cdf: number[];
}

export interface TraceComparison {
  traces: ComparedTrace[];
  tables: CompareTable[];
  histogram: { bucketsPerOctave: number; derivation: string; buckets: CompareBucket[] };
}

/** What a stat report groups by: exit reasons or port-I/O groups (perf kvm stat --event=vmexit|ioport). */
export type StatEvent = 'reason' | 'port';
/** The columns a report sorts by (perf kvm stat report --key sample|time, and more). */
export const STAT_KEYS = ['sample', 'time', 'min', 'max', 'mean', 'stddev', 'p50', 'p90', 'p99', 'ops', 'name'] as const;
export type StatKey = (typeof STAT_KEYS)[number];

export interface StatRow extends LatencyStats {
  key: string;
  label: string;
  /** Port groups: the port, direction and size; null for reasons. */
  port: number | null;
  direction: string | null;
  size: number | null;
  device: string | null;
  /** Port operations on this port group (null: not recorded, or a reason row). */
  ops: number | null;
  /** Share of the report's exits and of its Σ latency, 0..1 (null without any closed exit). */
  samplesShare: number;
  timeShare: number | null;
  /** Population standard deviation of the closed exits' latencies; null when Σx² was not recorded. */
  stddevNs: number | null;
}

export interface VcpuStat {
  vcpu: number;
  count: number;
  closed: number;
  totalNs: number;
  minNs: number | null;
  maxNs: number | null;
  meanNs: number | null;
  samplesShare: number;
}

export interface StatReport {
  traceId: number;
  event: StatEvent;
  /** The vCPU the rows are filtered to, or null for all. */
  vcpu: number | null;
  key: StatKey;
  rows: StatRow[];
  total: { count: number; closed: number; totalNs: number };
  /** Per-vCPU breakdown (empty when the trace was stored without per-vCPU summaries). */
  vcpus: VcpuStat[];
  perVcpuRecorded: boolean;
  /** What the latency figures are for this kind of trace. */
  latencyMeaning: string;
  derivation: string;
}

export interface ExitRatePoint {
  /** Start of the bucket, ns since the trace's first exit. */
  startNs: number;
  exits: number;
  perSecond: number;
}

export interface ExitRate {
  traceId: number;
  vcpu: number | null;
  bucketNs: number;
  points: ExitRatePoint[];
  derivation: string;
}
