// The SQLite ExitSink: exits are buffered and inserted ROWS_PER_INSERT at a time through one
// prepared multi-row INSERT (positional parameters, one reused array); flush() writes the rest.
// Exits arrive either as ExitRecords (push) or as packed column batches from a parser thread
// (pushPacked); both fill the same parameter rows in EXIT_COLUMNS order. While writing it also
// feeds the trace's summary aggregates, so summarizing needs no second pass over the exits.
// It does not open transactions itself — the caller (an import or a run) holds one open
// transaction for the whole write, which is what makes a failed or cancelled write vanish
// without a trace and what makes the inserts fast.
import type { Statement } from 'better-sqlite3';
import type { ExitRecord, ExitSink } from '../exit-record';
import { EXIT_COLUMNS } from '../exit-columns';
import type { PackedExits, PackedReader } from '../packed-exits';
import type { Db } from './open-trace-db';
import { TraceAggregates } from './summarize';

const ROWS_PER_INSERT = 64;

/**
 * Rows of `exits` are written through the narrowest of three column sets that holds every
 * non-null value: binding costs per column, and most exits leave whole groups null (a HLT has no
 * port, an imported exit has no guest CPL or instruction bytes). Omitted columns default to NULL.
 * The cost and step columns of emulated exits go to `exit_costs`, one row per priced exit.
 */
const GUEST_ONLY = new Set(['cpl', 'insn_bytes', 'segment', 'buffer_addr']);
const IO_ONLY = new Set(['form_id', 'mnemonic', 'port', 'port_source', 'size', 'direction', 'is_string', 'is_rep', 'count', 'addr_size', 'value', 'device', 'device_location']);
const inExits = (i: number): boolean => EXIT_COLUMNS[i]!.table === undefined;
const ALL = EXIT_COLUMNS.map((_, i) => i);
const SHAPES: readonly (readonly number[])[] = [
  ALL.filter((i) => inExits(i) && !GUEST_ONLY.has(EXIT_COLUMNS[i]!.sql) && !IO_ONLY.has(EXIT_COLUMNS[i]!.sql)), // core
  ALL.filter((i) => inExits(i) && !GUEST_ONLY.has(EXIT_COLUMNS[i]!.sql)), // core + port I/O
  ALL.filter(inExits), // everything in exits
];
const IO_COLS = ALL.filter((i) => IO_ONLY.has(EXIT_COLUMNS[i]!.sql));
const GUEST_COLS = ALL.filter((i) => GUEST_ONLY.has(EXIT_COLUMNS[i]!.sql));
const COST_COLS = ALL.filter((i) => !inExits(i));
const COST_SHAPE = [EXIT_COLUMNS.findIndex((c) => c.sql === 'seq'), ...COST_COLS];

function insertSql(table: string, shape: readonly number[], rows: number): string {
  const one = `(${Array.from({ length: shape.length + 1 }, () => '?').join(', ')})`;
  return `INSERT INTO ${table} (trace_id, ${shape.map((i) => EXIT_COLUMNS[i]!.sql).join(', ')}) VALUES ${Array.from({ length: rows }, () => one).join(', ')}`;
}

/** One shape's batch: parameters for ROWS_PER_INSERT rows of that shape. */
class ShapeBatch {
  readonly params: unknown[];
  pending = 0;
  private readonly insert: Statement<unknown[]>;
  constructor(private readonly db: Db, private readonly table: string, readonly shape: readonly number[]) {
    this.params = new Array((shape.length + 1) * ROWS_PER_INSERT);
    this.insert = db.prepare(insertSql(table, shape, ROWS_PER_INSERT));
  }
  add(traceId: number, row: readonly unknown[]): void {
    const shape = this.shape;
    let o = this.pending * (shape.length + 1);
    const p = this.params;
    p[o++] = traceId;
    for (let i = 0; i < shape.length; i++) p[o++] = row[shape[i]!];
    if (++this.pending === ROWS_PER_INSERT) {
      this.insert.run(p);
      this.pending = 0;
    }
  }
  flush(): void {
    if (this.pending === 0) return;
    this.db.prepare(insertSql(this.table, this.shape, this.pending)).run(this.params.slice(0, this.pending * (this.shape.length + 1)));
    this.pending = 0;
  }
}

const col = (sql: string): number => EXIT_COLUMNS.findIndex((c) => c.sql === sql);
const INSN_BYTES = col('insn_bytes');
const COST_TOTAL = col('cost_total');
const [REASON, NATIVE, PORT, DIRECTION, SIZE, DEVICE, LOCATION, COUNT, LATENCY] =
  ['reason', 'reason_native', 'port', 'direction', 'size', 'device', 'device_location', 'count', 'latency_ns'].map(col) as number[] as [number, number, number, number, number, number, number, number, number];

function sqlValue(kind: string, v: unknown): unknown {
  if (v === null || v === undefined) return null;
  if (kind === 'bool') return v ? 1 : 0;
  if (kind === 'bytes') {
    const b = v as Uint8Array;
    return Buffer.from(b.buffer, b.byteOffset, b.byteLength);
  }
  return v;
}

const anyNonNull = (row: readonly unknown[], cols: readonly number[]): boolean => {
  for (const i of cols) if (row[i] !== null) return true;
  return false;
};

export class SqliteExitWriter implements ExitSink {
  private readonly batches: ShapeBatch[];
  private readonly costs: ShapeBatch;
  /** The current exit's values in EXIT_COLUMNS order (reused). */
  private readonly row: unknown[] = new Array(EXIT_COLUMNS.length);
  /** The summaries of everything written so far (see summarize.ts). */
  readonly aggregates = new TraceAggregates();
  written = 0;

  constructor(db: Db, private readonly traceId: number) {
    this.batches = SHAPES.map((shape) => new ShapeBatch(db, 'exits', shape));
    this.costs = new ShapeBatch(db, 'exit_costs', COST_SHAPE);
  }

  push(e: ExitRecord): void {
    const row = this.row;
    for (let i = 0; i < EXIT_COLUMNS.length; i++) {
      const c = EXIT_COLUMNS[i]!;
      row[i] = sqlValue(c.kind, e[c.field]);
    }
    this.rowDone();
  }

  pushPacked(batch: PackedExits, reader: PackedReader): void {
    reader.fill(batch, this.row, this.packedRowDone);
  }

  private readonly packedRowDone = (row: unknown[]): void => {
    const b = row[INSN_BYTES];
    if (b !== null) row[INSN_BYTES] = sqlValue('bytes', b);
    this.rowDone();
  };

  private rowDone(): void {
    const row = this.row;
    this.aggregates.add(row[REASON] as string, row[NATIVE] as string, row[PORT] as number | null, row[DIRECTION] as string | null,
      row[SIZE] as number | null, row[DEVICE] as string | null, row[LOCATION] as string | null, row[COUNT] as number | null,
      row[LATENCY] as number | null);
    this.written++;
    const shape = anyNonNull(row, GUEST_COLS) ? 2 : anyNonNull(row, IO_COLS) ? 1 : 0;
    this.batches[shape]!.add(this.traceId, row);
    // Invariant: a priced exit always has cost_total; an unpriced one has no cost or step value.
    if (row[COST_TOTAL] !== null) this.costs.add(this.traceId, row);
  }

  /** Inserts the buffered exits. Call before anything reads the exits table. */
  flush(): void {
    for (const b of this.batches) b.flush();
    this.costs.flush();
  }
}
