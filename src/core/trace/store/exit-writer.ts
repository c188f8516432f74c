// The SQLite ExitSink. Exits arrive as packed batches in the compact storage form (pushPacked:
// from a parser or run thread, packed-exits.ts) or as ExitRecords (push: packed here first, by
// the same ExitPacker), so both paths store exactly the same rows. New kinds go to exit_kinds
// one row each; exits go to exit_rows ROWS_PER_INSERT at a time through prepared multi-row
// INSERTs (positional parameters, one reused array per shape; the writer's trace id is a literal
// in the statement, not a parameter). While writing it also feeds the
// trace's summary aggregates, so summarizing needs no second pass over the exits.
// It does not open transactions itself — the caller (an import or a run) holds one open
// transaction for the whole write, which is what makes a failed or cancelled write vanish
// without a trace and what makes the inserts fast.
import type { Statement } from 'better-sqlite3';
import type { ExitRecord, ExitSink } from '../exit-record';
import { KIND_COLUMNS } from '../exit-columns';
import type { SqlValue } from '../exit-columns';
import { ExitPacker, OVERRIDE_NUMS, OVERRIDE_STRS, ROW_NUMS, ROW_STRS, SLOT_KIND, SLOT_SEQ, SLOT_TIME, slotOf } from '../packed-exits';
import type { PackedExits } from '../packed-exits';
import type { Db } from './open-trace-db';
import { TraceAggregates } from './summarize';

const ROWS_PER_INSERT = 64;
const RECORD_BATCH = 1024;

/**
 * Rows are written through the narrowest of three column sets that holds every value the row
 * has (binding costs per column; omitted columns default to NULL): most emulated exits have none
 * of their own beyond seq/time/kind, or only rip and value.
 */
const ALL_ROW_COLS = ['seq', 'time_ns', 'kind', ...OVERRIDE_NUMS.map((c) => c.sql), ...OVERRIDE_STRS.map((c) => c.sql)];
const SHAPES: readonly (readonly string[])[] = [
  ['seq', 'time_ns', 'kind'],
  ['seq', 'time_ns', 'kind', 'rip', 'value'],
  ALL_ROW_COLS,
];
const RIP = slotOf('rip');
const VALUE = slotOf('value');
const COUNT = slotOf('count');
const LATENCY = slotOf('latency_ns');
/** Invariant (checked): rip and value are the first two override slots, so shape 1 is "no slot past them". */
if (RIP !== 3 || VALUE !== 4) throw new Error('exit-writer: rip and value must be the first override columns');

/** The trace id is written into the statement (it is the same for every row of a writer): one
 * parameter fewer to bind per row. */
function insertSql(table: string, traceId: number, cols: readonly string[], rows: number): string {
  if (!Number.isSafeInteger(traceId)) throw new Error(`exit-writer: bad trace id ${traceId}`);
  const one = `(${[String(traceId), ...cols.map(() => '?')].join(', ')})`;
  return `INSERT INTO ${table} (trace_id, ${cols.join(', ')}) VALUES ${Array.from({ length: rows }, () => one).join(', ')}`;
}

/** One shape's parameters for ROWS_PER_INSERT rows. */
class ShapeBatch {
  readonly params: SqlValue[];
  readonly width: number;
  pending = 0;
  private readonly insert: Statement<unknown[]>;
  constructor(private readonly db: Db, private readonly traceId: number, readonly cols: readonly string[]) {
    this.width = cols.length;
    this.params = new Array<SqlValue>(this.width * ROWS_PER_INSERT);
    this.insert = db.prepare(insertSql('exit_rows', traceId, cols, ROWS_PER_INSERT));
  }
  /** Where the next row's parameters start; the caller fills `width` of them, then calls done(). */
  next(): number {
    return this.pending * this.width;
  }
  done(): void {
    if (++this.pending === ROWS_PER_INSERT) {
      this.insert.run(this.params);
      this.pending = 0;
    }
  }
  flush(): void {
    if (this.pending === 0) return;
    this.db.prepare(insertSql('exit_rows', this.traceId, this.cols, this.pending)).run(this.params.slice(0, this.pending * this.width));
    this.pending = 0;
  }
}

const toSql = (v: SqlValue): SqlValue | Buffer => (v instanceof Uint8Array ? Buffer.from(v.buffer, v.byteOffset, v.byteLength) : v);

export class SqliteExitWriter implements ExitSink {
  /** push packs (copies) the exit at once: records may be reused. */
  readonly transient = true;
  private readonly shapes: ShapeBatch[];
  private readonly insertKind: Statement<unknown[]>;
  private readonly packer = new ExitPacker(RECORD_BATCH, (b) => this.pushPacked(b));
  private readonly dict: string[] = [];
  private kinds = 0;
  /** The summaries of everything written so far (see summarize.ts). */
  readonly aggregates = new TraceAggregates();
  written = 0;

  constructor(db: Db, private readonly traceId: number) {
    this.shapes = SHAPES.map((cols) => new ShapeBatch(db, traceId, cols));
    this.insertKind = db.prepare(`INSERT INTO exit_kinds (trace_id, kind, ${KIND_COLUMNS.map((c) => c.sql).join(', ')})
      VALUES (${Array.from({ length: KIND_COLUMNS.length + 2 }, () => '?').join(', ')})`);
  }

  /** Stores one exit record (packed with the others first). Do not mix with pushPacked. */
  push(e: ExitRecord): void {
    this.packer.push(e);
  }

  /** push of an exit repeating the previous one but for seq, time and value (ExitSink.pushRepeat). */
  pushRepeat(e: ExitRecord): void {
    this.packer.pushRepeat(e);
  }

  /** Stores a batch of a packed stream; batches must come in stream order. */
  pushPacked(b: PackedExits): void {
    for (const values of b.kinds) {
      this.insertKind.run(this.traceId, this.kinds++, ...values.map(toSql));
      this.aggregates.defineKind(values);
    }
    for (const s of b.dict) this.dict.push(s);
    const { nums, strs } = b;
    const [s0, s1, s2] = this.shapes as [ShapeBatch, ShapeBatch, ShapeBatch];
    const agg = this.aggregates;
    for (let r = 0; r < b.n; r++) {
      const o = r * ROW_NUMS;
      const so = r * ROW_STRS;
      let wide = false;
      for (let i = VALUE + 1; i < ROW_NUMS; i++) if (nums[o + i] === nums[o + i]) wide = true;
      for (let i = 0; i < ROW_STRS; i++) if (strs[so + i]! >= 0) wide = true;
      const narrow = !wide && nums[o + RIP] !== nums[o + RIP] && nums[o + VALUE] !== nums[o + VALUE];
      const shape = narrow ? s0 : wide ? s2 : s1;
      const p = shape.params;
      let q = shape.next();
      p[q++] = nums[o + SLOT_SEQ]!;
      p[q++] = nums[o + SLOT_TIME]!;
      p[q++] = nums[o + SLOT_KIND]!;
      if (!narrow) {
        const last = wide ? ROW_NUMS : VALUE + 1;
        for (let i = RIP; i < last; i++) {
          const v = nums[o + i]!;
          p[q++] = v === v ? v : null;
        }
        if (wide) {
          for (let i = 0; i < ROW_STRS; i++) {
            const id = strs[so + i]!;
            p[q++] = id < 0 ? null : this.dict[id]!;
          }
        }
      }
      shape.done();
      agg.row(nums[o + SLOT_KIND]!, nums[o + SLOT_SEQ]!, nums[o + SLOT_TIME]!, nums[o + COUNT]!, nums[o + LATENCY]!);
    }
    this.written += b.n;
  }

  /** Inserts the buffered exits. Call before anything reads the exits. */
  flush(): void {
    this.packer.flush();
    for (const s of this.shapes) s.flush();
  }
}
