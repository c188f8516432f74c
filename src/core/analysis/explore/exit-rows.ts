// Reading exits as the table shows them: one SELECT list over exit_rows joined to its kind (the
// columns of the `exits` view the table needs), and the DB row → ExitTableRow mapping.
import type { ExitTableRow } from '../../../shared/explore';
import { formatAddress } from '../../trace/address';

/** exit_rows r joined to exit_kinds k, r driving the loop (its index picks the rows). */
export const ROWS_FROM = 'exit_rows r CROSS JOIN exit_kinds k ON k.trace_id = r.trace_id AND k.kind = r.kind';
export const ROW_COLS = `r.seq, r.time_ns, k.vcpu, k.reason, k.form_id, k.mnemonic, k.port, k.device, k.device_location, k.direction,
  k.size, COALESCE(r.count, k.count) AS count, COALESCE(r.value, k.value) AS value, COALESCE(r.latency_ns, k.latency_ns) AS latency_ns,
  k.cost_total, k.mechanism`;

export interface ExitDbRow {
  seq: number; time_ns: number; vcpu: number; reason: string; form_id: number | null; mnemonic: string | null; port: number | null;
  device: string | null; device_location: string | null; direction: string | null; size: number | null; count: number | null;
  value: number | null; latency_ns: number | null; cost_total: number | null; mechanism: string | null;
}

export function toTableRow(r: ExitDbRow): ExitTableRow {
  return {
    seq: r.seq, timeNs: r.time_ns, vcpu: r.vcpu, reason: r.reason, formId: r.form_id, mnemonic: r.mnemonic, port: r.port,
    device: r.device, location: r.device_location, direction: r.direction, size: r.size, count: r.count,
    value: r.value === null ? null : formatAddress(r.value), latencyNs: r.latency_ns, costCycles: r.cost_total, mechanism: r.mechanism,
  };
}

/**
 * `r.kind IN (...)` with the kind ids written into the SQL (integers from the store), or nothing
 * when `all`. Checked per row: reads of exit_rows go by the primary key (trace, seq range).
 */
export function kindIn(kinds: readonly number[], all: boolean, col = 'r.kind'): string {
  if (all) return '1';
  if (kinds.length === 0) return '0';
  for (const k of kinds) if (!Number.isSafeInteger(k)) throw new Error(`exit-rows: bad kind id ${k}`);
  return `${col.startsWith('r.') ? '+' : ''}${col} IN (${kinds.join(',')})`;
}
