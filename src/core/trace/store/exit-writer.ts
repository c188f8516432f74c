// The SQLite ExitSink: one prepared INSERT, run once per exit with positional parameters.
// It does not open transactions itself — the caller (an import or a run) holds one open
// transaction for the whole write, which is what makes a failed or cancelled write vanish
// without a trace and what makes the inserts fast.
import type { ExitRecord, ExitSink } from '../exit-record';
import type { Db } from './open-trace-db';

const COLUMNS = [
  'trace_id', 'seq', 'time_ns', 'vcpu', 'rip', 'cpl', 'insn_bytes', 'reason', 'reason_native', 'isa',
  'reason_code', 'form_id', 'mnemonic', 'port', 'port_source', 'size', 'direction', 'is_string', 'is_rep',
  'count', 'addr_size', 'segment', 'value', 'buffer_addr', 'device', 'device_location', 'mechanism',
  'info1', 'info2', 'error_code', 'latency_ns', 'line', 'emulated',
] as const;

function flag(v: boolean | null): number | null {
  return v === null ? null : v ? 1 : 0;
}

export class SqliteExitWriter implements ExitSink {
  private readonly insert;
  private readonly params: unknown[] = new Array(COLUMNS.length);
  written = 0;

  constructor(db: Db, private readonly traceId: number) {
    this.insert = db.prepare(`INSERT INTO exits (${COLUMNS.join(', ')}) VALUES (${COLUMNS.map(() => '?').join(', ')})`);
  }

  push(e: ExitRecord): void {
    // Invariant: the order below is exactly COLUMNS'. One array is reused for every row.
    const p = this.params;
    p[0] = this.traceId; p[1] = e.seq; p[2] = e.timeNs; p[3] = e.vcpu; p[4] = e.rip; p[5] = e.cpl;
    p[6] = e.insnBytes ? Buffer.from(e.insnBytes.buffer, e.insnBytes.byteOffset, e.insnBytes.byteLength) : null;
    p[7] = e.reason; p[8] = e.reasonNative; p[9] = e.isa; p[10] = e.reasonCode; p[11] = e.formId;
    p[12] = e.mnemonic; p[13] = e.port; p[14] = e.portSource; p[15] = e.size; p[16] = e.direction;
    p[17] = flag(e.isString); p[18] = flag(e.isRep); p[19] = e.count; p[20] = e.addrSize; p[21] = e.segment;
    p[22] = e.value; p[23] = e.bufferAddr; p[24] = e.device; p[25] = e.deviceLocation; p[26] = e.mechanism;
    p[27] = e.info1; p[28] = e.info2; p[29] = e.errorCode; p[30] = e.latencyNs; p[31] = e.line;
    p[32] = e.emulated ? 1 : 0;
    this.insert.run(p);
    this.written++;
  }
}
