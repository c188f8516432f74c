// The SQLite ExitSink: exits are buffered and inserted ROWS_PER_INSERT at a time through one
// prepared multi-row INSERT (positional parameters, one reused array); flush() writes the rest.
// Exits arrive either as ExitRecords (push) or as packed column batches from a parser thread
// (pushPacked); both fill the same parameter rows in EXIT_COLUMNS order. While writing it also
// collects the closed latencies the summary's percentiles need, so summarizing needs no second
// pass over the exits. It does not open transactions itself — the caller (an import or a run)
// holds one open transaction for the whole write, which is what makes a failed or cancelled
// write vanish without a trace and what makes the inserts fast.
import type { Statement } from 'better-sqlite3';
import type { ExitRecord, ExitSink } from '../exit-record';
import { EXIT_COLUMNS, NUM_COLUMNS, STR_COLUMNS } from '../exit-columns';
import type { PackedExits, PackedReader } from '../packed-exits';
import type { Db } from './open-trace-db';
import { TraceLatencies } from './summarize';

const ROWS_PER_INSERT = 32;
const WIDTH = EXIT_COLUMNS.length + 1; // + trace_id

function insertSql(rows: number): string {
  const one = `(${Array.from({ length: WIDTH }, () => '?').join(', ')})`;
  return `INSERT INTO exits (trace_id, ${EXIT_COLUMNS.map((c) => c.sql).join(', ')}) VALUES ${Array.from({ length: rows }, () => one).join(', ')}`;
}

/** For each exit column, where its value sits in a packed row (index into nums or strs). */
const PACKED_SLOT = EXIT_COLUMNS.map((c) => (c.kind === 'str' ? STR_COLUMNS.indexOf(c) : NUM_COLUMNS.indexOf(c)));
const col = (sql: string): number => EXIT_COLUMNS.findIndex((c) => c.sql === sql);
const [REASON, PORT, DIRECTION, SIZE, LATENCY] = ['reason', 'port', 'direction', 'size', 'latency_ns'].map(col) as [number, number, number, number, number];

function sqlValue(kind: string, v: unknown): unknown {
  if (v === null || v === undefined) return null;
  if (kind === 'bool') return v ? 1 : 0;
  if (kind === 'bytes') {
    const b = v as Uint8Array;
    return Buffer.from(b.buffer, b.byteOffset, b.byteLength);
  }
  return v;
}

export class SqliteExitWriter implements ExitSink {
  private readonly insertMany: Statement<unknown[]>;
  private readonly params: unknown[] = new Array(WIDTH * ROWS_PER_INSERT);
  private pending = 0;
  readonly latencies = new TraceLatencies();
  written = 0;

  constructor(private readonly db: Db, private readonly traceId: number) {
    this.insertMany = db.prepare(insertSql(ROWS_PER_INSERT));
  }

  push(e: ExitRecord): void {
    const o = this.pending * WIDTH;
    const p = this.params;
    p[o] = this.traceId;
    for (let i = 0; i < EXIT_COLUMNS.length; i++) {
      const c = EXIT_COLUMNS[i]!;
      p[o + 1 + i] = sqlValue(c.kind, e[c.field]);
    }
    this.rowDone(o);
  }

  pushPacked(batch: PackedExits, reader: PackedReader): void {
    reader.read(batch, (num, str, bytes) => {
      const o = this.pending * WIDTH;
      const p = this.params;
      p[o] = this.traceId;
      for (let i = 0; i < EXIT_COLUMNS.length; i++) {
        const c = EXIT_COLUMNS[i]!;
        p[o + 1 + i] = c.kind === 'str' ? str(PACKED_SLOT[i]!) : c.kind === 'bytes' ? sqlValue('bytes', bytes) : num(PACKED_SLOT[i]!);
      }
      this.rowDone(o);
    });
  }

  private rowDone(o: number): void {
    const p = this.params;
    this.latencies.add(p[o + 1 + REASON] as string, p[o + 1 + PORT] as number | null, p[o + 1 + DIRECTION] as string | null,
      p[o + 1 + SIZE] as number | null, p[o + 1 + LATENCY] as number | null);
    this.written++;
    if (++this.pending === ROWS_PER_INSERT) {
      this.insertMany.run(p);
      this.pending = 0;
    }
  }

  /** Inserts the buffered exits. Call before anything reads the exits table. */
  flush(): void {
    if (this.pending === 0) return;
    this.db.prepare(insertSql(this.pending)).run(this.params.slice(0, this.pending * WIDTH));
    this.pending = 0;
  }
}
