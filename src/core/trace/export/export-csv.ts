// CSV export of a trace's exits, in seq order, streamed from SQLite to any writable stream
// (a file for the CLI and the desktop app, an HTTP response in serve mode) with back-pressure,
// so a ten-million-exit trace never sits in memory. One column per exits column, named as in
// the database. RFC 4180 quoting; integers as decimal, addresses, ports, values and error codes
// as 0x-prefixed hex, booleans as 0/1, unknown fields empty.
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import type { Db } from '../store/open-trace-db';
import { ExitScopeError } from '../../errors';
import { formatAddress } from '../address';
import { EXIT_COLUMNS } from '../exit-columns';

type Cell = string | number | bigint | null | Uint8Array;

/** Columns printed as 0x-prefixed hex: addresses, ports, values, error codes. */
const HEX = new Set(['rip', 'port', 'value', 'buffer_addr', 'error_code']);

/** The CSV has one column per exits column (EXIT_COLUMNS order), named as in the database. */
export const CSV_COLUMNS: readonly { header: string; sql: string; hex: boolean }[] = EXIT_COLUMNS.map((c) => ({ header: c.sql, sql: c.sql, hex: HEX.has(c.sql) }));

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
  const stmt = db.prepare(`SELECT ${CSV_COLUMNS.map((c) => c.sql).join(', ')} FROM exits_priced WHERE trace_id = ? ORDER BY seq`).raw(true);
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
