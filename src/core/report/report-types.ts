// The report model: everything a report of one trace or of one run group holds, as plain data.
// buildReport (build-report.ts) assembles it from the store; every output format (JSON,
// Markdown, HTML, PDF) renders this one object, so their figures agree. The JSON output is this
// object as it is, under a versioned schema documented in docs/report-schema.md (bump
// REPORT_SCHEMA_VERSION for any change that is not a pure addition).
import type { EventCount, ExitRow, Histogram, IoDirection, LatencyStats, ParseIssue, TraceKind, TraceStatus } from '../../shared/dto';
import type { ComponentSource, CostComponent, FormKey, ParamSourceInfo, RunInfo, RunSavings } from '../../shared/runs';

export const REPORT_SCHEMA = 'exitscope-report';
export const REPORT_SCHEMA_VERSION = 1;

/** Latency figures of one group of exits (ns): the app's LatencyStats, plus what a report adds. */
export interface LatencyFigures extends LatencyStats {
  /** Population standard deviation of the closed exits' latencies. */
  stddevNs: number | null;
  /** totalNs ÷ Σ latency of every closed exit of the trace; null when that Σ is 0. */
  timeShare: number | null;
}

export interface ReasonRow extends LatencyFigures {
  reason: string;
  nativeNames: string[];
}

export interface PortRow extends LatencyFigures {
  port: number;
  direction: IoDirection;
  size: number;
  device: string | null;
  userspaceCount: number;
  elements: number;
}

/** Exits of one port-I/O form (summary_form), with their cost in cycles when priced. */
export interface FormRow {
  formId: number;
  mnemonic: string;
  exits: number;
  elements: number;
  /** Σ cost_total over the form's exits, cycles; null when none was priced (imported traces). */
  costTotal: number | null;
  costP50: number | null;
  costP90: number | null;
  costP99: number | null;
  costMax: number | null;
}

/** One form's cost components (Σ cycles over its exits) and the profile parameters behind each. */
export interface FormCost {
  key: FormKey;
  formId: number | null;
  label: string;
  exits: number;
  cycles: Record<CostComponent, number>;
  totalCycles: number;
  sources: ComponentSource[];
}

export interface CostSection {
  mechanism: string;
  profileId: string;
  /** The profile as loaded here, or null when it is not (its parameters then cannot be shown). */
  profile: { id: string; title: string; cpu: string; clockHz: number | null; origin: string } | null;
  forms: FormCost[];
  /** Σ cycles per component over the trace, and 'total'. */
  componentTotals: Record<string, number>;
  /** Every parameter that priced a component of a form, once, in id order. */
  parameters: ParamSourceInfo[];
  sourcesDerivation: string;
}

/** A derived (re-priced) trace: where it came from and what changed. */
export interface DerivedLink {
  sourceTraceId: number | null;
  sourceName: string | null;
  sourceKind: TraceKind | null;
  /** Mechanism and profile of the source (null when it had none, e.g. an imported trace). */
  sourceMechanism: string | null;
  sourceProfileId: string | null;
  mechanism: string | null;
  profileId: string | null;
  repriced: number;
  skipped: { notIo: number; unknownForm: number } | null;
  exitCycles: number | null;
  /** One sentence: what the re-pricing changed. */
  changed: string;
}

export interface TraceFacts {
  id: number;
  name: string;
  kind: TraceKind;
  status: TraceStatus;
  format: string;
  sourcePath: string | null;
  createdAt: string;
  /** Where the exits happened: the host of an imported trace (when its file says), the model of an emulated one. */
  host: string | null;
  guest: string | null;
  vcpus: number;
  exits: number;
  ioExits: number;
  userspaceExits: number;
  firstNs: number | null;
  lastNs: number | null;
  durationNs: number;
  /** 'guest': times are the emulated guest clock; 'trace': the trace's own timestamps. */
  timeBase: 'guest' | 'trace';
  lines: number;
  skippedLines: number;
  run: RunInfo | null;
  cpuHz: number | null;
  guestCycles: number | null;
  exitCycles: number | null;
}

export interface TraceReport {
  facts: TraceFacts;
  reasons: ReasonRow[];
  ports: PortRow[];
  forms: FormRow[];
  histogram: Histogram;
  slowest: ExitRow[];
  costs: CostSection | null;
  derivedFrom: DerivedLink | null;
  events: EventCount[];
  firstIssues: ParseIssue[];
  /** What this trace cannot tell, in words (shown as unknown, never guessed). */
  unknowns: string[];
}

export interface Report {
  schema: typeof REPORT_SCHEMA;
  schemaVersion: typeof REPORT_SCHEMA_VERSION;
  generatedAt: string;
  generator: { name: 'exitscope'; version: string };
  title: string;
  scope: 'trace' | 'traces' | 'run-group';
  traces: TraceReport[];
  /** The run group's savings table, when the report covers two or more runs of one group. */
  savings: RunSavings | null;
  /** How each kind of figure was derived. */
  derivations: Record<'latency' | 'percentiles' | 'stddev' | 'timeShare' | 'histogram' | 'slowest' | 'forms' | 'costs', string>;
}
