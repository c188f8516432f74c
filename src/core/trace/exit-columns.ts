// The columns of the exits table and how each maps to an ExitRecord field, in one place: the
// SQLite writer, the packed batches that carry exits between threads, and the CSV export all
// follow this list. `kind` says how a value is stored: 'num' an integer (or null), 'bool' 0/1
// (or null), 'str' text (or null), 'bytes' a BLOB (or null).
//
// Storage (migration 3): an exit is a compact row of exit_rows (seq, time_ns, its kind, and the
// ROW_OVERRIDES that differ from the kind's) plus a row of exit_kinds, the per-trace dictionary
// of everything that repeats exit to exit (reason, form, port, device, mechanism, costs, ...).
// The views `exits` and `exits_priced` join them back into these columns.
import type { ExitRecord } from './exit-record';

export type ColumnKind = 'num' | 'bool' | 'str' | 'bytes';

export interface ExitColumn {
  sql: string;
  /** The table holding it: cost and step columns are in exit_costs (view exits_priced joins both). */
  table?: 'exit_costs';
  field: Exclude<keyof ExitRecord, never>;
  kind: ColumnKind;
}

/** Invariant: the order is the exits table's insert order (trace_id comes first and is not listed). */
export const EXIT_COLUMNS: readonly ExitColumn[] = [
  { sql: 'seq', field: 'seq', kind: 'num' },
  { sql: 'time_ns', field: 'timeNs', kind: 'num' },
  { sql: 'vcpu', field: 'vcpu', kind: 'num' },
  { sql: 'rip', field: 'rip', kind: 'num' },
  { sql: 'cpl', field: 'cpl', kind: 'num' },
  { sql: 'insn_bytes', field: 'insnBytes', kind: 'bytes' },
  { sql: 'reason', field: 'reason', kind: 'str' },
  { sql: 'reason_native', field: 'reasonNative', kind: 'str' },
  { sql: 'isa', field: 'isa', kind: 'str' },
  { sql: 'reason_code', field: 'reasonCode', kind: 'num' },
  { sql: 'form_id', field: 'formId', kind: 'num' },
  { sql: 'mnemonic', field: 'mnemonic', kind: 'str' },
  { sql: 'port', field: 'port', kind: 'num' },
  { sql: 'port_source', field: 'portSource', kind: 'str' },
  { sql: 'size', field: 'size', kind: 'num' },
  { sql: 'direction', field: 'direction', kind: 'str' },
  { sql: 'is_string', field: 'isString', kind: 'bool' },
  { sql: 'is_rep', field: 'isRep', kind: 'bool' },
  { sql: 'count', field: 'count', kind: 'num' },
  { sql: 'addr_size', field: 'addrSize', kind: 'num' },
  { sql: 'segment', field: 'segment', kind: 'str' },
  { sql: 'value', field: 'value', kind: 'num' },
  { sql: 'buffer_addr', field: 'bufferAddr', kind: 'num' },
  { sql: 'device', field: 'device', kind: 'str' },
  { sql: 'device_location', field: 'deviceLocation', kind: 'str' },
  { sql: 'mechanism', field: 'mechanism', kind: 'str' },
  { sql: 'info1', field: 'info1', kind: 'str' },
  { sql: 'info2', field: 'info2', kind: 'str' },
  { sql: 'error_code', field: 'errorCode', kind: 'num' },
  { sql: 'latency_ns', field: 'latencyNs', kind: 'num' },
  { sql: 'line', field: 'line', kind: 'num' },
  { sql: 'emulated', field: 'emulated', kind: 'bool' },
  // migration 2, table exit_costs: the cost components and decode steps of emulated exits
  { sql: 'cost_entry', field: 'costEntry', kind: 'num', table: 'exit_costs' },
  { sql: 'cost_dispatch', field: 'costDispatch', kind: 'num', table: 'exit_costs' },
  { sql: 'cost_fetch', field: 'costFetch', kind: 'num', table: 'exit_costs' },
  { sql: 'cost_decode', field: 'costDecode', kind: 'num', table: 'exit_costs' },
  { sql: 'cost_permission', field: 'costPermission', kind: 'num', table: 'exit_costs' },
  { sql: 'cost_userspace', field: 'costUserspace', kind: 'num', table: 'exit_costs' },
  { sql: 'cost_emulate', field: 'costEmulate', kind: 'num', table: 'exit_costs' },
  { sql: 'cost_resume', field: 'costResume', kind: 'num', table: 'exit_costs' },
  { sql: 'cost_total', field: 'costTotal', kind: 'num', table: 'exit_costs' },
  { sql: 'step_bytes', field: 'stepBytes', kind: 'num', table: 'exit_costs' },
  { sql: 'step_prefixes', field: 'stepPrefixes', kind: 'num', table: 'exit_costs' },
  { sql: 'step_branches', field: 'stepBranches', kind: 'num', table: 'exit_costs' },
  { sql: 'step_table_lookups', field: 'stepTableLookups', kind: 'num', table: 'exit_costs' },
  { sql: 'step_page_walks', field: 'stepPageWalks', kind: 'num', table: 'exit_costs' },
  { sql: 'step_walk_levels', field: 'stepWalkLevels', kind: 'num', table: 'exit_costs' },
  { sql: 'step_tlb_hits', field: 'stepTlbHits', kind: 'num', table: 'exit_costs' },
];

export const NUM_COLUMNS = EXIT_COLUMNS.filter((c) => c.kind === 'num' || c.kind === 'bool');
export const STR_COLUMNS = EXIT_COLUMNS.filter((c) => c.kind === 'str');

/** Columns only exit_rows has: they differ for every exit. */
export const ROW_ONLY: readonly string[] = ['seq', 'time_ns'];
/**
 * Columns that both tables have: exit_kinds holds the value the kind was first seen with, and
 * exit_rows holds a value only where an exit's differs (the views read COALESCE(row, kind)).
 * Invariant: whether the value is null is part of the kind, so a null row value always means
 * "the kind's value" and never hides a real null. Numeric ones come first, the text ones last.
 */
export const ROW_OVERRIDES: readonly string[] = ['rip', 'value', 'count', 'buffer_addr', 'latency_ns', 'line', 'info1', 'info2'];
/** The exit_kinds columns (after trace_id, kind), in EXIT_COLUMNS order. */
export const KIND_COLUMNS: readonly ExitColumn[] = EXIT_COLUMNS.filter((c) => !ROW_ONLY.includes(c.sql));
/** A value as SQLite stores it: booleans are 0/1, instruction bytes a Uint8Array. */
export type SqlValue = number | string | Uint8Array | null;
