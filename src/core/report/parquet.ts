// Traces as a Parquet dataset, so the exits of many hosts are queried with DuckDB, Spark or Trino
// instead of one SQLite file. Rows are streamed from the store into an in-memory DuckDB
// (@duckdb/node-api, whose engine ships inside its npm package) through its appender (typed data
// chunks for the per-exit numbers, the repeating part of each exit once per kind), then
// written with COPY … (FORMAT parquet, PARTITION_BY (trace)) as hive-style partitions:
//   DIR/exits/trace=N/*.parquet    one row per exit (PARQUET_EXIT_COLUMNS)
//   DIR/traces/trace=N/*.parquet   one row per trace: what it is (PARQUET_TRACE_COLUMNS)
//   DIR/reasons/trace=N/*.parquet  summary by exit reason (count, latency figures)
//   DIR/ports/trace=N/*.parquet    summary by port, direction and size
// Exporting a trace again replaces its partitions (OVERWRITE_OR_IGNORE); other traces' stay.
// The README documents the schema and the DuckDB and Spark one-liners that read it.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { DuckDBAppender, DuckDBConnection, DuckDBType, DuckDBValue } from '@duckdb/node-api';
import { ExitScopeError } from '../errors';
import type { Db } from '../trace/store/open-trace-db';
import type { ReportProgress } from './build-report';
import { cancelledError } from './latency-moments';

type ColType = 'BIGINT' | 'INTEGER' | 'DOUBLE' | 'VARCHAR' | 'BOOLEAN';
interface Column { name: string; type: ColType; doc: string }

/** The exits dataset's columns (besides the partition column `trace`), as in the exits_priced view. */
export const PARQUET_EXIT_COLUMNS: readonly Column[] = [
  { name: 'seq', type: 'BIGINT', doc: 'sequence number in the trace' },
  { name: 'time_ns', type: 'BIGINT', doc: 'time of the exit, ns (guest clock for emulated runs, trace timestamps for imports)' },
  { name: 'vcpu', type: 'INTEGER', doc: 'vCPU' },
  { name: 'rip', type: 'BIGINT', doc: 'guest instruction pointer (64-bit addresses sign-extended)' },
  { name: 'reason', type: 'VARCHAR', doc: 'canonical exit reason' },
  { name: 'reason_native', type: 'VARCHAR', doc: 'the reason as the trace named it' },
  { name: 'form_id', type: 'INTEGER', doc: 'port-I/O form 0..23, null when unknown or not port I/O' },
  { name: 'mnemonic', type: 'VARCHAR', doc: 'canonical mnemonic of the form' },
  { name: 'port', type: 'INTEGER', doc: 'I/O port' },
  { name: 'direction', type: 'VARCHAR', doc: 'in / out' },
  { name: 'size', type: 'INTEGER', doc: 'bytes per element' },
  { name: 'count', type: 'BIGINT', doc: 'elements moved' },
  { name: 'value', type: 'BIGINT', doc: 'first element\u2019s value' },
  { name: 'device', type: 'VARCHAR', doc: 'device behind the port' },
  { name: 'device_location', type: 'VARCHAR', doc: 'kernel / userspace' },
  { name: 'mechanism', type: 'VARCHAR', doc: 'exit mechanism of an emulated or re-priced exit' },
  { name: 'latency_ns', type: 'BIGINT', doc: 'latency, ns (null: never closed)' },
  { name: 'cost_entry', type: 'DOUBLE', doc: 'cost components, guest cycles (null for imported exits)' },
  { name: 'cost_dispatch', type: 'DOUBLE', doc: '' },
  { name: 'cost_fetch', type: 'DOUBLE', doc: '' },
  { name: 'cost_decode', type: 'DOUBLE', doc: '' },
  { name: 'cost_permission', type: 'DOUBLE', doc: '' },
  { name: 'cost_userspace', type: 'DOUBLE', doc: '' },
  { name: 'cost_emulate', type: 'DOUBLE', doc: '' },
  { name: 'cost_resume', type: 'DOUBLE', doc: '' },
  { name: 'cost_total', type: 'DOUBLE', doc: 'Σ of the components' },
];

export const PARQUET_TRACE_COLUMNS: readonly Column[] = [
  { name: 'name', type: 'VARCHAR', doc: 'trace name' },
  { name: 'kind', type: 'VARCHAR', doc: 'imported / emulated / derived' },
  { name: 'status', type: 'VARCHAR', doc: 'complete / cancelled / failed' },
  { name: 'format', type: 'VARCHAR', doc: 'source format' },
  { name: 'source_path', type: 'VARCHAR', doc: 'imported file' },
  { name: 'created_at', type: 'VARCHAR', doc: 'ISO 8601' },
  { name: 'derived_from', type: 'INTEGER', doc: 'source trace of a re-priced trace' },
  { name: 'exit_count', type: 'BIGINT', doc: 'exits' },
  { name: 'io_exit_count', type: 'BIGINT', doc: 'port-I/O exits' },
  { name: 'vcpu_count', type: 'INTEGER', doc: 'vCPUs' },
  { name: 'first_ns', type: 'BIGINT', doc: 'first exit time' },
  { name: 'last_ns', type: 'BIGINT', doc: 'end of the last exit' },
  { name: 'meta_json', type: 'VARCHAR', doc: 'the trace\u2019s meta (workload, mechanism, profile, run group, results) as JSON' },
];

const STATS: readonly Column[] = [
  { name: 'count', type: 'BIGINT', doc: '' }, { name: 'closed', type: 'BIGINT', doc: '' }, { name: 'min_ns', type: 'BIGINT', doc: '' },
  { name: 'p50_ns', type: 'BIGINT', doc: '' }, { name: 'p90_ns', type: 'BIGINT', doc: '' }, { name: 'p99_ns', type: 'BIGINT', doc: '' },
  { name: 'max_ns', type: 'BIGINT', doc: '' }, { name: 'mean_ns', type: 'DOUBLE', doc: '' }, { name: 'total_ns', type: 'BIGINT', doc: '' },
];
const REASON_COLUMNS: readonly Column[] = [{ name: 'reason', type: 'VARCHAR', doc: '' }, ...STATS];
const PORT_COLUMNS: readonly Column[] = [
  { name: 'port', type: 'INTEGER', doc: '' }, { name: 'direction', type: 'VARCHAR', doc: '' }, { name: 'size', type: 'INTEGER', doc: '' },
  { name: 'device', type: 'VARCHAR', doc: '' }, { name: 'userspace_count', type: 'BIGINT', doc: '' }, { name: 'elements', type: 'BIGINT', doc: '' }, ...STATS,
];

type Cell = number | string | bigint | null;

const CHUNK_ROWS = 2048;

/** What differs exit to exit (exit_rows, with the kind's value where the row has none). */
const ROW_COLUMNS: readonly Column[] = [
  { name: 'seq', type: 'BIGINT', doc: '' }, { name: 'time_ns', type: 'BIGINT', doc: '' }, { name: 'kind', type: 'INTEGER', doc: '' },
  { name: 'rip', type: 'BIGINT', doc: '' }, { name: 'count', type: 'BIGINT', doc: '' }, { name: 'value', type: 'BIGINT', doc: '' },
  { name: 'latency_ns', type: 'BIGINT', doc: '' },
];
const ROW_BIGINT = ROW_COLUMNS.map((c) => c.type === 'BIGINT');
/** What repeats (exit_kinds): every exit column the rows do not carry. */
const KIND_TABLE_COLUMNS: readonly Column[] = [
  { name: 'kind', type: 'INTEGER', doc: '' },
  ...PARQUET_EXIT_COLUMNS.filter((c) => !ROW_COLUMNS.some((r) => r.name === c.name)),
];

function append(a: DuckDBAppender, type: ColType, v: Cell): void {
  if (v === null) return a.appendNull();
  switch (type) {
    case 'BIGINT': return a.appendBigInt(typeof v === 'bigint' ? v : BigInt(Math.round(Number(v))));
    case 'INTEGER': return a.appendInteger(Number(v));
    case 'DOUBLE': return a.appendDouble(Number(v));
    case 'BOOLEAN': return a.appendBoolean(Number(v) !== 0);
    default: return a.appendVarchar(String(v));
  }
}

async function createTable(con: DuckDBConnection, table: string, cols: readonly Column[]): Promise<DuckDBAppender> {
  await con.run(`CREATE TABLE ${table} (trace INTEGER NOT NULL, ${cols.map((c) => `"${c.name}" ${c.type}`).join(', ')})`);
  return con.createAppender(table);
}

function appendRows(a: DuckDBAppender, cols: readonly Column[], traceId: number, rows: Iterable<Cell[]>): number {
  let n = 0;
  for (const row of rows) {
    a.appendInteger(traceId);
    for (let i = 0; i < cols.length; i++) append(a, cols[i]!.type, row[i]!);
    a.endRow();
    n++;
  }
  return n;
}

const tick = (): Promise<void> => new Promise((r) => setImmediate(r));
const sqlString = (s: string): string => `'${s.replace(/'/g, "''")}'`;

export interface ParquetResult {
  dir: string;
  traces: number;
  exits: number;
}

export async function writeParquetDataset(db: Db, traceIds: readonly number[], dir: string,
  opts: { signal?: AbortSignal; onProgress?: (p: ReportProgress) => void } = {}): Promise<ParquetResult> {
  if (traceIds.length === 0) throw new ExitScopeError('ValidationError', 'a Parquet export needs at least one trace id');
  const total = traceIds.reduce((n, id) => {
    const t = db.prepare('SELECT exit_count FROM traces WHERE id = ?').get(id) as { exit_count: number } | undefined;
    if (!t) throw new ExitScopeError('NotFound', `no trace with id ${id}`);
    return n + t.exit_count;
  }, 0);
  const out = resolve(dir);
  try {
    mkdirSync(out, { recursive: true });
  } catch (err) {
    throw new ExitScopeError('ValidationError', `cannot create the Parquet directory ${out}: ${(err as Error).message}`);
  }
  // DuckDB keeps the rows in memory up to a limit and spills beyond it (the sort by seq: its join
  // does not keep the rows' order) to a temporary directory of its own, removed afterwards.
  const spill = mkdtempSync(join(tmpdir(), 'exitscope-parquet-'));
  // DuckDB (a native addon) is loaded only when a dataset is written: every other command of the
  // CLI imports this module through the command registry and must not pay for it at start.
  const { DuckDBInstance, DuckDBDataChunk, BIGINT, INTEGER, DOUBLE, VARCHAR, BOOLEAN } = await import('@duckdb/node-api');
  const DUCK_TYPES: Record<ColType, DuckDBType> = { BIGINT, INTEGER, DOUBLE, VARCHAR, BOOLEAN };
  const instance = await DuckDBInstance.create(':memory:', { memory_limit: '256MB', temp_directory: spill });
  const con = await instance.connect();
  try {
    // Exits: the per-exit numbers (seq, time, the kind, and the values an exit may override) go
    // through the appender in data chunks of typed columns; what repeats comes from the kinds
    // (few rows, strings included) and the two are joined in DuckDB when the Parquet is written.
    await con.run(`CREATE TABLE exit_rows (trace INTEGER NOT NULL, ${ROW_COLUMNS.map((c) => `"${c.name}" ${c.type}`).join(', ')})`);
    const rowsAppender = await con.createAppender('exit_rows');
    const kinds = await createTable(con, 'exit_kinds', KIND_TABLE_COLUMNS);
    const traces = await createTable(con, 'traces', PARQUET_TRACE_COLUMNS);
    const reasons = await createTable(con, 'reasons', REASON_COLUMNS);
    const ports = await createTable(con, 'ports', PORT_COLUMNS);
    const rowStmt = db.prepare(`SELECT r.seq, r.time_ns, r.kind, COALESCE(r.rip, k.rip), COALESCE(r.count, k.count), COALESCE(r.value, k.value),
      COALESCE(r.latency_ns, k.latency_ns) FROM exit_rows r JOIN exit_kinds k ON k.trace_id = r.trace_id AND k.kind = r.kind
      WHERE r.trace_id = ? ORDER BY r.seq`).raw(true);
    const chunkTypes = [INTEGER, ...ROW_COLUMNS.map((c) => DUCK_TYPES[c.type])];
    let done = 0;
    for (const id of traceIds) {
      appendRows(traces, PARQUET_TRACE_COLUMNS, id, db.prepare(`SELECT ${PARQUET_TRACE_COLUMNS.map((c) => c.name).join(', ')} FROM traces WHERE id = ?`).raw(true).all(id) as Cell[][]);
      appendRows(reasons, REASON_COLUMNS, id, db.prepare(`SELECT ${REASON_COLUMNS.map((c) => c.name).join(', ')} FROM summary_reason WHERE trace_id = ? ORDER BY reason`).raw(true).all(id) as Cell[][]);
      appendRows(ports, PORT_COLUMNS, id, db.prepare(`SELECT ${PORT_COLUMNS.map((c) => c.name).join(', ')} FROM summary_port WHERE trace_id = ? ORDER BY port, direction, size`).raw(true).all(id) as Cell[][]);
      appendRows(kinds, KIND_TABLE_COLUMNS, id, db.prepare(`SELECT ${KIND_TABLE_COLUMNS.map((c) => c.name).join(', ')} FROM exit_kinds WHERE trace_id = ? ORDER BY kind`).raw(true).all(id) as Cell[][]);
      const cols: DuckDBValue[][] = chunkTypes.map(() => new Array<DuckDBValue>(CHUNK_ROWS));
      let fill = 0;
      const flush = (): void => {
        if (fill === 0) return;
        const chunk = DuckDBDataChunk.create(chunkTypes, fill);
        for (let c = 0; c < cols.length; c++) chunk.setColumnValues(c, fill === CHUNK_ROWS ? cols[c]! : cols[c]!.slice(0, fill));
        rowsAppender.appendDataChunk(chunk);
        fill = 0;
      };
      let n = 0;
      for (const row of rowStmt.iterate(id) as IterableIterator<(number | null)[]>) {
        cols[0]![fill] = id;
        for (let i = 0; i < row.length; i++) {
          const v = row[i]!;
          cols[i + 1]![fill] = v === null ? null : ROW_BIGINT[i] ? BigInt(v) : v;
        }
        if (++fill === CHUNK_ROWS) flush();
        if (++n % 65536 === 0) {
          opts.onProgress?.({ stage: `trace ${id}`, done: done + n, total });
          await tick();
          if (opts.signal?.aborted) throw cancelledError('the Parquet export');
        }
      }
      flush();
      done += n;
    }
    for (const a of [rowsAppender, kinds, traces, reasons, ports]) a.closeSync();
    opts.onProgress?.({ stage: 'writing Parquet', done, total });
    const joined = `SELECT r.trace, ${PARQUET_EXIT_COLUMNS.map((c) => (ROW_COLUMNS.some((x) => x.name === c.name) ? `r."${c.name}"` : `k."${c.name}"`)).join(', ')}
      FROM exit_rows r JOIN exit_kinds k ON k.trace = r.trace AND k.kind = r.kind ORDER BY r.trace, r.seq`;
    for (const [table, query] of [['exits', joined], ['traces', 'SELECT * FROM traces'], ['reasons', 'SELECT * FROM reasons'], ['ports', 'SELECT * FROM ports']] as const) {
      await con.run(`COPY (${query}) TO ${sqlString(resolve(out, table))} (FORMAT parquet, PARTITION_BY (trace), OVERWRITE_OR_IGNORE true)`);
    }
    return { dir: out, traces: traceIds.length, exits: done };
  } finally {
    con.closeSync();
    instance.closeSync();
    rmSync(spill, { recursive: true, force: true });
  }
}
