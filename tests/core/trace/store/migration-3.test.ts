// Migration 3 (compact exit_rows + exit_kinds behind the views `exits` and `exits_priced`):
// a version-2 file with imported and emulated traces converts without losing or changing a
// value, and the same records stored by the version-3 writer read back exactly as version 2
// stored them.
import { describe, expect, it } from 'vitest';
import type { ExitRecord } from '../../../../src/core/trace/exit-record';
import { SqliteExitWriter } from '../../../../src/core/trace/store/exit-writer';
import { MIGRATIONS } from '../../../../src/core/trace/store/migrations';
import { openTraceDb } from '../../../../src/core/trace/store/open-trace-db';
import type { Db } from '../../../../src/core/trace/store/open-trace-db';
import { deleteTrace } from '../../../../src/core/trace/store/trace-queries';
import { emulatedExits, importedExits } from '../../../helpers/sample-exits';
import { useTempDir } from '../../../helpers/temp-dir';
import { createV2File, insertV2Trace } from '../../../helpers/v2-store';

const tempPath = useTempDir();

const all = (db: { prepare: Db['prepare'] }, view: string): unknown[] => db.prepare(`SELECT * FROM ${view} ORDER BY trace_id, seq`).all();

async function samples(): Promise<{ imported: ExitRecord[]; trap: ExitRecord[]; vmx: ExitRecord[] }> {
  return {
    imported: importedExits(200),
    trap: await emulatedExits('io_forms', 'trap', 'p4-2007', { iterations: 2 }),
    vmx: await emulatedExits('outl_to_kernel', 'vmx', 'kvm-2012', { iterations: 50 }),
  };
}

describe('migration 3', () => {
  it('converts a version-2 file with imported and emulated exits without loss', async () => {
    const s = await samples();
    const path = tempPath() + '.exitscope';
    const v2 = createV2File(path);
    const ids = [insertV2Trace(v2, 'imported', s.imported), insertV2Trace(v2, 'emulated', s.trap), insertV2Trace(v2, 'emulated', s.vmx)];
    const before = { exits: all(v2, 'exits'), priced: all(v2, 'exits_priced') };
    v2.close();

    const db = openTraceDb(path);
    expect(db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
    expect(all(db, 'exits')).toEqual(before.exits);
    expect(all(db, 'exits_priced')).toEqual(before.priced);
    expect((db.prepare('SELECT COUNT(*) AS n FROM exit_rows').get() as { n: number }).n).toBe(s.imported.length + s.trap.length + s.vmx.length);
    // The repeating columns went to the kinds: far fewer kinds than exits.
    expect((db.prepare('SELECT COUNT(*) AS n FROM exit_kinds WHERE trace_id = ?').get(ids[2]) as { n: number }).n).toBeLessThan(5);
    expect(db.prepare("SELECT name FROM sqlite_schema WHERE name IN ('exits_v2', 'exit_costs_v2')").all()).toEqual([]);

    // Deleting a trace deletes all of it.
    expect(deleteTrace(db, ids[1]!)).toBe(true);
    for (const table of ['exit_rows', 'exit_kinds']) {
      expect((db.prepare(`SELECT COUNT(*) AS n FROM ${table} WHERE trace_id = ?`).get(ids[1]) as { n: number }).n).toBe(0);
    }
    expect(all(db, 'exits_priced')).toEqual((before.priced as { trace_id: number }[]).filter((r) => r.trace_id !== ids[1]));
    db.close();
  });

  it('the views return exactly the rows version 2 stored for the same exits', async () => {
    const s = await samples();
    const v2Path = tempPath() + '.exitscope';
    const v2 = createV2File(v2Path);
    for (const [kind, records] of [['imported', s.imported], ['emulated', s.trap], ['emulated', s.vmx]] as const) insertV2Trace(v2, kind, records);
    const expected = { exits: all(v2, 'exits'), priced: all(v2, 'exits_priced') };
    v2.close();

    const db = openTraceDb(tempPath() + '.exitscope');
    for (const [kind, records] of [['imported', s.imported], ['emulated', s.trap], ['emulated', s.vmx]] as const) {
      const traceId = Number(db.prepare("INSERT INTO traces (name, kind, status, format, created_at, exit_count) VALUES (?, ?, 'complete', 'test', '2026-01-01T00:00:00Z', ?)")
        .run(`${kind} trace`, kind, records.length).lastInsertRowid);
      const w = new SqliteExitWriter(db, traceId);
      db.transaction(() => {
        for (const r of records) w.push(r);
        w.flush();
      })();
    }
    expect(all(db, 'exits')).toEqual(expected.exits);
    expect(all(db, 'exits_priced')).toEqual(expected.priced);
    // An emulated loop's exits need no column of their own beyond seq, time and kind (or rip/value).
    const own = db.prepare('SELECT COUNT(*) AS n FROM exit_rows WHERE trace_id = 3 AND (count IS NOT NULL OR latency_ns IS NOT NULL OR info1 IS NOT NULL)').get() as { n: number };
    expect(own.n).toBe(0);
    db.close();
  });
});
