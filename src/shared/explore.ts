// Shapes of the explore commands (exit table, exit detail, timeline): what crosses the boundary
// for `exits/facets`, `exits/page`, `exits/detail`, `exits/source-lines` and `timeline/buckets`.
// Types and constants only.
import type { ComponentSource } from './runs';

/** Columns the exit table sorts by (value and count vary per exit and are not sortable). */
export const EXIT_SORT_KEYS = ['time', 'vcpu', 'reason', 'form', 'port', 'device', 'location', 'direction', 'size', 'mechanism', 'latency'] as const;
export type ExitSortKey = (typeof EXIT_SORT_KEYS)[number];
export type SortDir = 'asc' | 'desc';

/**
 * Which exits to show. Every list is "any of"; absent means no restriction. `measure` bounds are
 * in the trace's measure (ExitFacets.measure): ns of latency for imports, cycles of priced cost
 * for emulated and derived traces. Times are the trace's own (ns, as stored).
 */
export interface ExitFilter {
  reasons?: string[];
  /** Port-I/O form ids 0..23; -1 selects exits without a form. */
  forms?: number[];
  ports?: { lo: number; hi: number };
  devices?: string[];
  locations?: string[];
  vcpus?: number[];
  mechanisms?: string[];
  measure?: { min?: number; max?: number };
  fromNs?: number;
  toNs?: number;
  /** Case-insensitive text matched against reason, native name, mnemonic, device, location, mechanism and the port in hex. */
  text?: string;
}

export interface ExitPageRequest {
  traceId: number;
  filter: ExitFilter;
  sort: { key: ExitSortKey; dir: SortDir };
  offset: number;
  limit: number;
}

/** One exit as the table shows it. */
export interface ExitTableRow {
  seq: number;
  timeNs: number;
  vcpu: number;
  reason: string;
  formId: number | null;
  mnemonic: string | null;
  port: number | null;
  device: string | null;
  location: string | null;
  direction: string | null;
  size: number | null;
  count: number | null;
  /** First element's value, hex. */
  value: string | null;
  latencyNs: number | null;
  /** Priced cost, cycles (emulated and derived traces). */
  costCycles: number | null;
  mechanism: string | null;
}

/** How many exits match: exact, or at least `value` when counting stopped at the cap. */
export interface ExitCount {
  value: number;
  exact: boolean;
  /** How the count was obtained, for the UI. */
  how: string;
}

export interface ExitPage {
  rows: ExitTableRow[];
  offset: number;
  total: ExitCount;
  /** How the page was read (plan), for the curious and the bench. */
  plan: string;
}

export interface FacetValue<T> { value: T; label: string; exits: number }

/** What the filters offer for one trace, with exits per value (from the per-kind counts). */
export interface ExitFacets {
  traceId: number;
  exits: number;
  firstNs: number | null;
  lastNs: number | null;
  /** 'ns': latency of imported exits; 'cycles': priced cost of emulated and derived exits. */
  measure: 'ns' | 'cycles';
  measureLabel: string;
  reasons: FacetValue<string>[];
  forms: FacetValue<number>[];
  devices: FacetValue<string>[];
  locations: FacetValue<string>[];
  vcpus: FacetValue<number>[];
  mechanisms: FacetValue<string>[];
  timeMonotonic: boolean;
}

/** One decoded field of what the hardware or the fault reported. */
export interface DecodedField {
  name: string;
  bits: string;
  value: string;
  meaning: string;
}

export interface ExitDetail {
  traceId: number;
  traceKind: string;
  seq: number;
  /** Every column of the exits_priced view for this exit, as stored (numbers, text; bytes in hex). */
  fields: Record<string, number | string | null>;
  instruction: { bytes: string; text: string; decodedAs: string } | null;
  /** info1 / info2 / error code decoded; `source` names the layout (SDM / APM section). */
  reported: { what: string; raw: string; source: string; fields: DecodedField[] }[];
  steps: { name: string; value: number }[] | null;
  costs: { component: string; cycles: number | null; source: ComponentSource | null }[] | null;
  costsDerivation: string;
  /** The import's source line number and what can be read of it (see exits/source-lines). */
  line: number | null;
  neighbours: { before: ExitTableRow[]; after: ExitTableRow[] };
}

export interface SourceLines {
  path: string | null;
  /** Lines as read from the source file, with their numbers; empty when it cannot be read. */
  lines: { line: number; text: string }[];
  note: string;
}

export interface TimelineRequest {
  traceId: number;
  fromNs: number;
  toNs: number;
  /** Horizontal resolution wanted (pixels). */
  columns: number;
}

/** A (vCPU, reason, form) of the trace: the rows of a bucket are per lane. */
export interface TimelineLane { lane: number; vcpu: number; reason: string; formId: number }
/** Buckets as parallel columns (compact on the wire): bucket index (start = originNs + bucket·bucketNs), lane, exits, max latency. */
export interface TimelineBuckets { bucket: number[]; lane: number[]; exits: number[]; latencyMax: (number | null)[] }
export interface TimelineExit { seq: number; timeNs: number; vcpu: number; reason: string; formId: number; latencyNs: number | null }

export interface TimelineData {
  traceId: number;
  fromNs: number;
  toNs: number;
  /** 'exits': every exit in the window; 'buckets': precomputed buckets of bucketNs each, at most `columns` across the window. */
  mode: 'exits' | 'buckets';
  originNs: number;
  bucketNs: number;
  level: number;
  lanes: TimelineLane[];
  buckets: TimelineBuckets;
  exits: TimelineExit[];
  /** Exits in the window (from the buckets). */
  windowExits: number;
  vcpus: number[];
}
