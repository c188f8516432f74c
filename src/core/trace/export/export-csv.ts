// CSV export of a trace's exits, in seq order, streamed from SQLite to any writable stream
// (a file for the CLI and the desktop app, an HTTP response in serve mode) with back-pressure,
// so a ten-million-exit trace never sits in memory. RFC 4180 quoting; integers as decimal,
// addresses and values as 0x-prefixed hex, booleans as 0/1, unknown fields empty.
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import type { Db } from '../store/open-trace-db';
import { ExitScopeError } from '../../errors';
import { formatAddress } from '../address';

type Cell = string | number | bigint | null | Uint8Array;
interface Column { header: string; sql: string; hex?: boolean }

export const CSV_COLUMNS: readonly Column[] = [
  { header: 'seq', sql: 'seq' },
  { header: 'time_ns', sql: 'time_ns' },
  { header: 'vcpu', sql: 'vcpu' },
  { header: 'rip', sql: 'rip', hex: true },
  { header: 'reason', sql: 'reason' },
  { header: 'reason_native', sql: 'reason_native' },
  { header: 'isa', sql: 'isa' },
  { header: 'latency_ns', sql: 'latency_ns' },
  { header: 'port', sql: 'port', hex: true },
  { header: 'device', sql: 'device' },
  { header: 'direction', sql: 'direction' },
  { header: 'size', sql: 'size' },
  { header: 'count', sql: 'count' },
  { header: 'value', sql: 'value', hex: true },
  { header: 'string', sql: 'is_string' },
  { header: 'rep', sql: 'is_rep' },
  { header: 'port_source', sql: 'port_source' },
  { header: 'form_id', sql: 'form_id' },
  { header: 'mnemonic', sql: 'mnemonic' },
  { header: 'device_location', sql: 'device_location' },
  { header: 'info1', sql: 'info1' },
  { header: 'info2', sql: 'info2' },
  { header: 'error_code', sql: 'error_code', hex: true },
  { header: 'emulated', sql: 'emulated' },
  { header: 'line', sql: 'line' },
];

export function csvField(v: Cell, hex = false): string {
  if (v === null) return '';
  if (typeof v === 'number') return hex ? formatAddress(v) : String(v);
  if (typeof v === 'bigint') return hex ? '0x' + BigInt.asUintN(64, v).toString(16) : String(v);
  if (v instanceof Uint8Array) return Buffer.from(v).toString('hex');
  return /[",\r\n]/.test(v) ? '"' + v.replace(/"/g, '""') + '"' : v;
}

/** Writes the header and every exit of the trace; resolves with the number of rows written. */
export async function writeExitsCsv(db: Db, traceId: number, out: Writable): Promise<number> {
  const exists = db.prepare('SELECT 1 FROM traces WHERE id = ?').get(traceId);
  if (!exists) throw new ExitScopeError('NotFound', `no trace with id ${traceId}`);
  const stmt = db.prepare(`SELECT ${CSV_COLUMNS.map((c) => c.sql).join(', ')} FROM exits WHERE trace_id = ? ORDER BY seq`).raw(true);
  let chunk = CSV_COLUMNS.map((c) => c.header).join(',') + '\n';
  let rows = 0;
  for (const row of stmt.iterate(traceId) as IterableIterator<Cell[]>) {
    let line = '';
    for (let i = 0; i < row.length; i++) line += (i ? ',' : '') + csvField(row[i]!, CSV_COLUMNS[i]!.hex);
    chunk += line + '\n';
    rows++;
    if (chunk.length >= 1 << 16) {
      const ok = out.write(chunk);
      chunk = '';
      // The statement's iterator holds the connection; waiting here is safe because nothing
      // else runs on this connection while the export drains (the service serialises its work).
      if (!ok) await once(out, 'drain');
    }
  }
  if (chunk) out.write(chunk);
  return rows;
}
