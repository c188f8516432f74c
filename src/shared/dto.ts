// Serialisable data shapes that cross the process boundary (IPC, HTTP, CLI JSON output).
// Plain objects, numbers and strings only: no classes, no Dates, no bigint. Every latency is
// in nanoseconds of host time for imported traces (trace timestamps are microseconds, so
// sub-microsecond digits are zero) and every port is a number 0..0xFFFF.
import type { RunInfo } from './runs';

/** Where a trace came from. */
export type TraceKind = 'imported' | 'emulated' | 'derived';
export type TraceStatus = 'complete' | 'cancelled' | 'failed';

/** The text layouts the KVM importer recognises (anchors.md §4.1). */
export type TraceTextFormat = 'tracefs' | 'trace-cmd' | 'perf-script';

export interface TraceListItem {
  id: number;
  name: string;
  kind: TraceKind;
  status: TraceStatus;
  format: string;
  sourcePath: string | null;
  createdAt: string; // ISO 8601
  exitCount: number;
  ioExitCount: number;
  vcpuCount: number;
  durationNs: number;
  /** Emulated runs: what ran (from the trace's meta); absent for imported traces. */
  run?: RunInfo;
  /** Derived (re-priced) traces: the trace they were priced from, when it is still stored. */
  derivedFrom?: number;
  /** Derived traces: the mechanism and profile they were re-priced under (from the meta). */
  repriced?: { mechanism: string; profileId: string };
}

/** Latency statistics of one group of exits; null fields when the group has no closed exit. */
export interface LatencyStats {
  count: number;
  closed: number; // exits with a measured latency (closed by a kvm_entry)
  minNs: number | null;
  p50Ns: number | null;
  p90Ns: number | null;
  p99Ns: number | null;
  maxNs: number | null;
  meanNs: number | null;
  totalNs: number;
}

export interface ReasonStat extends LatencyStats {
  /** Canonical reason (one vocabulary for VMX and SVM), e.g. IO_INSTRUCTION. */
  reason: string;
  /** The names the trace itself used, e.g. ["io", "EXIT_IOIO"]. */
  nativeNames: string[];
}

export type IoDirection = 'in' | 'out';

export interface PortStat extends LatencyStats {
  port: number;
  direction: IoDirection;
  size: number; // bytes per element: 1, 2 or 4
  device: string | null; // well-known device name, or null
  userspaceCount: number; // exits that went out to the userspace device model
  elements: number; // sum of kvm_pio counts (string I/O moves several elements per exit)
  /** Port operations on this group: each operation of a ring or batched exit on its own port
   * (count = 0 for a port reached only by later operations); null when not recorded (older traces). */
  ops: number | null;
}

/** One log-spaced latency bucket: [loNs, hiNs). */
export interface HistogramBucket {
  index: number;
  loNs: number;
  hiNs: number;
  count: number;
}

export interface Histogram {
  /** How the buckets were derived: "log2, N buckets per octave, bucket i = [2^(i/N), 2^((i+1)/N)) ns". */
  derivation: string;
  bucketsPerOctave: number;
  buckets: HistogramBucket[];
}

export interface ParseIssue {
  line: number;
  message: string;
  text: string;
}

export interface EventCount {
  event: string;
  count: number;
  handled: boolean; // false: counted by name and skipped
}

export interface TraceSummary {
  trace: TraceListItem;
  reasons: ReasonStat[];
  ports: PortStat[];
  userspaceExits: number;
  histogram: Histogram;
  events: EventCount[];
  skippedLines: number;
  firstIssues: ParseIssue[];
  /** Imported traces: which events it holds and what they cannot tell (absent for emulated runs). */
  importFacts?: ImportFacts | null;
  /** What this trace's latency figures are (measured for imports, a priced cost for emulated and derived traces). */
  latencyMeaning?: string;
  /** Σ of the exits' priced cost, guest cycles; null for a trace without costs (imports). */
  costCycles?: number | null;
}

/** One exit as the UI shows it (the slowest-exits table). */
export interface ExitRow {
  seq: number;
  timeNs: number;
  vcpu: number;
  rip: string | null; // hex
  reason: string;
  reasonNative: string;
  latencyNs: number | null;
  port: number | null;
  direction: IoDirection | null;
  size: number | null;
  count: number | null;
  value: string | null; // hex, first element
  device: string | null;
  userspace: boolean;
  line: number | null;
}

export interface ImportResult {
  traceId: number;
  lines: number;
  exits: number;
  skippedLines: number;
  bytes: number;
  seconds: number;
}

export interface ImportProgress {
  importId: string;
  bytesRead: number;
  totalBytes: number | null;
  lines: number;
  exits: number;
}

export interface ExportResult {
  path: string;
  rows: number;
}

export interface AppInfo {
  version: string;
  libraryPath: string;
  host: 'electron' | 'serve';
}

/** What an imported trace holds and what therefore cannot be known (traces.meta_json.facts). */
export interface ImportFacts {
  /** The kvm events the trace holds that the import used, with their counts. */
  recorded: EventCount[];
  /** What cannot be known from them, each said in words ("exit latency: no kvm_entry recorded"). */
  unknown: string[];
  /** Exits or lines flagged at import rather than stored as if true. */
  flags: {
    /** Exits whose kvm_entry is stamped before their kvm_exit: latency stored as unknown. */
    negativeLatency: number;
    /** Exits stamped earlier than the previous event of their thread. */
    timeBackwards: number;
    /** Event lines with a timestamp beyond any clock: skipped. */
    absurdTimestamps: number;
    /** Lines over the 1 MiB line limit: skipped. */
    overLongLines: number;
    /** Exits whose kvm_emulate_insn reported that emulation failed. */
    emulationFailures: number;
  };
  /** Exits made by kvm_pio / kvm_mmio / kvm_hypercall / kvm_msr / kvm_cpuid without a kvm_exit. */
  standaloneExits: number;
}
