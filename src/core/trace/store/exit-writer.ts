// The SQLite ExitSink: exits are buffered and inserted ROWS_PER_INSERT at a time through one
// prepared multi-row INSERT (positional parameters, one reused array); flush() writes the rest.
// While pushing it also collects the closed latencies the summary's percentiles need, so
// summarizing needs no second pass over the exits. It does not open transactions itself — the caller (an import or a run) holds one open
// transaction for the whole write, which is what makes a failed or cancelled write vanish
// without a trace and what makes the inserts fast.
import type { ExitRecord, ExitSink } from '../exit-record';
import type { Db } from './open-trace-db';
import { TraceLatencies } from './summarize';
import type { Statement } from 'better-sqlite3';

const ROWS_PER_INSERT = 32;

const COLUMNS = [
  'trace_id', 'seq', 'time_ns', 'vcpu', 'rip', 'cpl', 'insn_bytes', 'reason', 'reason_native', 'isa',
  'reason_code', 'form_id', 'mnemonic', 'port', 'port_source', 'size', 'direction', 'is_string', 'is_rep',
  'count', 'addr_size', 'segment', 'value', 'buffer_addr', 'device', 'device_location', 'mechanism',
  'info1', 'info2', 'error_code', 'latency_ns', 'line', 'emulated',
] as const;

function flag(v: boolean | null): number | null {
  return v === null ? null : v ? 1 : 0;
}

function insertSql(rows: number): string {
  const one = `(${COLUMNS.map(() => '?').join(', ')})`;
  return `INSERT INTO exits (${COLUMNS.join(', ')}) VALUES ${Array.from({ length: rows }, () => one).join(', ')}`;
}

export class SqliteExitWriter implements ExitSink {
  private readonly insertMany: Statement<unknown[]>;
  private readonly db: Db;
  private readonly params: unknown[] = new Array(COLUMNS.length * ROWS_PER_INSERT);
  private pending = 0;
  readonly latencies = new TraceLatencies();
  written = 0;

  constructor(db: Db, private readonly traceId: number) {
    this.db = db;
    this.insertMany = db.prepare(insertSql(ROWS_PER_INSERT));
  }

  push(e: ExitRecord): void {
    // Invariant: the order below is exactly COLUMNS'; row k of the batch starts at k * COLUMNS.length.
    const p = this.params;
    const o = this.pending * COLUMNS.length;
    p[o] = this.traceId; p[o + 1] = e.seq; p[o + 2] = e.timeNs; p[o + 3] = e.vcpu; p[o + 4] = e.rip; p[o + 5] = e.cpl;
    p[o + 6] = e.insnBytes ? Buffer.from(e.insnBytes.buffer, e.insnBytes.byteOffset, e.insnBytes.byteLength) : null;
    p[o + 7] = e.reason; p[o + 8] = e.reasonNative; p[o + 9] = e.isa; p[o + 10] = e.reasonCode; p[o + 11] = e.formId;
    p[o + 12] = e.mnemonic; p[o + 13] = e.port; p[o + 14] = e.portSource; p[o + 15] = e.size; p[o + 16] = e.direction;
    p[o + 17] = flag(e.isString); p[o + 18] = flag(e.isRep); p[o + 19] = e.count; p[o + 20] = e.addrSize; p[o + 21] = e.segment;
    p[o + 22] = e.value; p[o + 23] = e.bufferAddr; p[o + 24] = e.device; p[o + 25] = e.deviceLocation; p[o + 26] = e.mechanism;
    p[o + 27] = e.info1; p[o + 28] = e.info2; p[o + 29] = e.errorCode; p[o + 30] = e.latencyNs; p[o + 31] = e.line;
    p[o + 32] = e.emulated ? 1 : 0;
    this.latencies.add(e.reason, e.port, e.direction, e.size, e.latencyNs);
    this.written++;
    if (++this.pending === ROWS_PER_INSERT) {
      this.insertMany.run(p);
      this.pending = 0;
    }
  }

  /** Inserts the buffered exits. Call before anything reads the exits table. */
  flush(): void {
    if (this.pending === 0) return;
    this.db.prepare(insertSql(this.pending)).run(this.params.slice(0, this.pending * COLUMNS.length));
    this.pending = 0;
  }
}
