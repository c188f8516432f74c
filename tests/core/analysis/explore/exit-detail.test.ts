// exits/detail and exits/source-lines on real trace files: the hand-written tracefs sample
// (helpers/sample-trace.ts) imported for the raw lines and the decoded exit qualification, and an
// emulated trap run for the instruction's disassembly, the #GP error code, the decoder steps and
// the cost components with their profile sources.
import { rmSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { exitDetail } from '../../../../src/core/analysis/explore/exit-detail';
import { sourceLines } from '../../../../src/core/analysis/explore/source-lines';
import { findProfile, loadProfiles } from '../../../../src/core/cost/index';
import { importKvmTextFile } from '../../../../src/core/trace/import/import-kvm-file';
import { openTraceDb } from '../../../../src/core/trace/store/open-trace-db';
import { SAMPLE_TRACEFS } from '../../../helpers/sample-trace';
import { useTempDir } from '../../../helpers/temp-dir';
import { recordEmulated } from './explore-fixtures';

const tempPath = useTempDir();
const profiles = loadProfiles({ dir: null });

describe('exitDetail', () => {
  it('an imported exit: fields, the VMX exit qualification field by field, neighbours on its vCPU, the raw lines', async () => {
    const db = tempPath() + '.exitscope';
    const text = tempPath() + '.txt';
    writeFileSync(text, SAMPLE_TRACEFS);
    const { traceId } = await importKvmTextFile(db, text);
    const conn = openTraceDb(db);
    try {
      const seqs = (conn.prepare('SELECT seq FROM exits WHERE trace_id = ? ORDER BY seq').all(traceId) as { seq: number }[]).map((r) => r.seq);
      // The first exit: OUT to COM1 on vCPU 0, info1 0x3f80000 (port 0x3f8, size 1, OUT, DX).
      const d = exitDetail(conn, traceId, seqs[0]!, () => null);
      expect(d.fields).toMatchObject({ reason: 'IO_INSTRUCTION', port: 0x3f8, vcpu: 0, latency_ns: 9000 });
      const q = d.reported.find((r) => r.what === 'exit qualification')!;
      expect(q.raw).toBe('0x3f80000'); // as the importer stores info1
      expect(Object.fromEntries(q.fields.map((f) => [f.name, f.meaning]))).toMatchObject({
        'size of access': '1 byte', direction: 'OUT', 'string instruction': 'IN/OUT', 'REP prefixed': 'no REP', 'operand encoding': 'DX', 'port number': 'port 0x3f8',
      });
      expect(d.costs).toBeNull();
      // vCPU 0 exits are the 1st, 3rd and 5th: neighbours of the 3rd are the 1st and the 5th.
      const mid = exitDetail(conn, traceId, seqs[2]!, () => null);
      expect(mid.neighbours.before.map((r) => r.seq)).toEqual([seqs[0]]);
      expect(mid.neighbours.after.map((r) => r.seq)).toEqual([seqs[4]]);
      // The raw lines: the exit's kvm_exit is line 6 of the sample and the lines after it.
      const lines = await sourceLines(conn, traceId, seqs[0]!);
      expect(lines.lines[0]).toEqual({ line: 6, text: SAMPLE_TRACEFS.split('\n')[5] });
      expect(lines.lines[3]!.text).toContain('kvm_entry: vcpu 0');
      expect(lines.note).toMatch(/^read from/);
      rmSync(text);
      const gone = await sourceLines(conn, traceId, seqs[0]!);
      expect(gone.lines).toEqual([]);
      expect(gone.note).toMatch(/no longer there.*stores the line number, not the text/);
    } finally {
      conn.close();
    }
  });

  it('an emulated trap exit: disassembly, #GP error code, decoder steps, each component with its profile parameters', async () => {
    const db = tempPath() + '.exitscope';
    const traceId = await recordEmulated(db, 'io_forms', 2);
    const conn = openTraceDb(db);
    try {
      const row = conn.prepare("SELECT seq, mnemonic, cost_total FROM exits_priced WHERE trace_id = ? AND mnemonic = 'out dx, al' LIMIT 1").get(traceId) as { seq: number; mnemonic: string; cost_total: number };
      const p4 = findProfile(profiles, 'p4-2007');
      const d = exitDetail(conn, traceId, row.seq, (id) => (id === 'p4-2007' ? p4 : null));
      expect(d.instruction).toMatchObject({ bytes: 'ee', text: 'out dx,al' });
      const gp = d.reported.find((r) => r.what === '#GP error code')!;
      expect(gp.fields.find((f) => f.name === 'selector index')!.meaning).toMatch(/not a segment fault/);
      expect(d.steps!.find((s) => s.name === 'bytes')!.value).toBeGreaterThan(0);
      expect(d.costs!.reduce((n, c) => n + (c.cycles ?? 0), 0)).toBeCloseTo(row.cost_total, 6);
      const entry = d.costs!.find((c) => c.component === 'entry')!;
      expect(entry.source!.params.length).toBeGreaterThan(0);
      for (const p of entry.source!.params) expect([...p4.params.values()].find((q) => q.id === p.id)!.value).toBe(p.value);
      const none = exitDetail(conn, traceId, row.seq, () => null);
      expect(none.costs!.every((c) => c.source === null)).toBe(true);
      expect(none.costsDerivation).toMatch(/not loaded here/);
      expect((await sourceLines(conn, traceId, row.seq)).note).toMatch(/not imported/);
    } finally {
      conn.close();
    }
  });
});
