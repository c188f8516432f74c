import Database from 'better-sqlite3';
import { rmSync } from 'node:fs';
import { MIGRATIONS } from './src/core/trace/store/migrations';
const N = 300000;
function run(label: string, ddl: (s: string) => string, pragmas: string[] = []) {
  rmSync('/tmp/ins.db', { force: true }); rmSync('/tmp/ins.db-wal', { force: true });
  const db = new Database('/tmp/ins.db');
  db.pragma('journal_mode = WAL'); db.pragma('synchronous = NORMAL');
  for (const p of pragmas) db.pragma(p);
  db.exec(ddl(MIGRATIONS[0]!));
  db.exec("INSERT INTO traces (id, name, kind, status, format, created_at) VALUES (1,'x','imported','complete','x','x')");
  const cols = 33, rowsPer = 32;
  const one = '(' + Array(cols).fill('?').join(',') + ')';
  const stmt = db.prepare(`INSERT INTO exits (trace_id, seq, time_ns, vcpu, rip, cpl, insn_bytes, reason, reason_native, isa, reason_code, form_id, mnemonic, port, port_source, size, direction, is_string, is_rep, count, addr_size, segment, value, buffer_addr, device, device_location, mechanism, info1, info2, error_code, latency_ns, line, emulated) VALUES ${Array(rowsPer).fill(one).join(',')}`);
  const params: unknown[] = new Array(cols * rowsPer);
  db.exec('BEGIN');
  const t = performance.now();
  for (let i = 0; i < N; i += rowsPer) {
    for (let r = 0; r < rowsPer; r++) {
      const o = r * cols; const s = i + r;
      params[o] = 1; params[o+1] = s; params[o+2] = 1000000000000 + s * 1000; params[o+3] = s & 3; params[o+4] = -0x7efd5e3e; params[o+5] = null; params[o+6] = null;
      params[o+7] = 'IO_INSTRUCTION'; params[o+8] = 'IO_INSTRUCTION'; params[o+9] = 'vmx'; params[o+10] = 30; params[o+11] = 9; params[o+12] = 'out dx, al';
      params[o+13] = 0x3f8; params[o+14] = 'dx'; params[o+15] = 1; params[o+16] = 'out'; params[o+17] = 0; params[o+18] = 0; params[o+19] = 1; params[o+20] = null; params[o+21] = null;
      params[o+22] = 0x41; params[o+23] = null; params[o+24] = 'COM1'; params[o+25] = 'userspace'; params[o+26] = 'vmx'; params[o+27] = '0x3f80000'; params[o+28] = '0x0'; params[o+29] = 0; params[o+30] = 9000 + (s % 977); params[o+31] = s * 3; params[o+32] = 0;
    }
    stmt.run(params);
  }
  db.exec('COMMIT');
  console.log(label, Math.round(N / ((performance.now() - t) / 1000)), 'rows/s');
  db.close();
}
run('without rowid', (s) => s);
run('rowid + pk index', (s) => s.replace(') WITHOUT ROWID;', ');'));
run('rowid, no pk', (s) => s.replace('    PRIMARY KEY (trace_id, seq)\n  ) WITHOUT ROWID;', '    dummy INTEGER\n  );').replace('emulated        INTEGER NOT NULL DEFAULT 0,', 'emulated        INTEGER NOT NULL DEFAULT 0,'));
run('without rowid, cache 64MB', (s) => s, ['cache_size = -65536']);
run('without rowid, page 8192', (s) => s, ['page_size = 8192']);
