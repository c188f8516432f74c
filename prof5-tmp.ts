import Database from 'better-sqlite3';
import { MIGRATIONS } from './src/core/trace/store/migrations';
const N = 300000;
const COLS = ['trace_id', 'seq', 'time_ns', 'vcpu', 'rip', 'cpl', 'insn_bytes', 'reason', 'reason_native', 'isa', 'reason_code', 'form_id', 'mnemonic', 'port', 'port_source', 'size', 'direction', 'is_string', 'is_rep', 'count', 'addr_size', 'segment', 'value', 'buffer_addr', 'device', 'device_location', 'mechanism', 'info1', 'info2', 'error_code', 'latency_ns', 'line', 'emulated'];
function row(s: number): unknown[] {
  return [1, s, 1000000000000 + s * 1000, s & 3, -0x7efd5e3e, null, null, 'IO_INSTRUCTION', 'IO_INSTRUCTION', 'vmx', 30, 9, 'out dx, al', 0x3f8, 'dx', 1, 'out', 0, 0, 1, null, null, 0x41, null, 'COM1', 'userspace', 'vmx', '0x3f80000', '0x0', 0, 9000 + (s % 977), s * 3, 0];
}
for (const batch of [256, 1024, 4096]) {
  const db = new Database(':memory:');
  db.exec(MIGRATIONS[0]!);
  db.exec("INSERT INTO traces (id, name, kind, status, format, created_at) VALUES (1,'x','imported','complete','x','x')");
  const stmt = db.prepare(`INSERT INTO exits (${COLS.join(',')}) SELECT ${COLS.map((_, i) => `value->>${i}`).join(',')} FROM json_each(?)`);
  db.exec('BEGIN');
  const t = performance.now(); const c = process.cpuUsage();
  let rows: unknown[][] = [];
  for (let s = 0; s < N; s++) {
    rows.push(row(s));
    if (rows.length === batch) { stmt.run(JSON.stringify(rows)); rows = []; }
  }
  if (rows.length) stmt.run(JSON.stringify(rows));
  db.exec('COMMIT');
  const cu = process.cpuUsage(c);
  console.log('json batch', batch, Math.round(N / ((performance.now() - t) / 1000)), 'rows/s wall', Math.round(N / (cu.user / 1e6)), 'rows/cpu-s', (db.prepare('select count(*) n from exits').get() as {n:number}).n);
}
{
  const db = new Database(':memory:');
  db.exec(MIGRATIONS[0]!);
  db.exec("INSERT INTO traces (id, name, kind, status, format, created_at) VALUES (1,'x','imported','complete','x','x')");
  const one = '(' + COLS.map(() => '?').join(',') + ')';
  const stmt = db.prepare(`INSERT INTO exits (${COLS.join(',')}) VALUES ${Array(32).fill(one).join(',')}`);
  db.exec('BEGIN');
  const t = performance.now(); const c = process.cpuUsage();
  let params: unknown[] = [];
  for (let s = 0; s < N; s++) { params.push(...row(s)); if (params.length === 32 * 33) { stmt.run(params); params = []; } }
  db.exec('COMMIT');
  const cu = process.cpuUsage(c);
  console.log('bind x32', Math.round(N / ((performance.now() - t) / 1000)), 'rows/s wall', Math.round(N / (cu.user / 1e6)), 'rows/cpu-s');
}
