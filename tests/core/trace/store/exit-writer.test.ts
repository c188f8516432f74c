// The compact writer: a stream cut into many small packed batches (kinds and strings first used
// in one batch, used again in later ones) stores the same rows as one ExitRecord at a time, and
// the summaries it collects while writing (slowest exits with ties, per-reason statistics) agree
// with SQL over the stored exits.
import { describe, expect, it } from 'vitest';
import type { ExitRecord } from '../../../../src/core/trace/exit-record';
import { ExitPacker } from '../../../../src/core/trace/packed-exits';
import type { PackedExits } from '../../../../src/core/trace/packed-exits';
import { SqliteExitWriter } from '../../../../src/core/trace/store/exit-writer';
import { openTraceDb } from '../../../../src/core/trace/store/open-trace-db';
import type { Db } from '../../../../src/core/trace/store/open-trace-db';
import { summarizeTrace } from '../../../../src/core/trace/store/summarize';
import { emulatedExits, importedExits } from '../../../helpers/sample-exits';
import { useTempDir } from '../../../helpers/temp-dir';

const tempPath = useTempDir();

function newTrace(db: Db): number {
  return Number(db.prepare("INSERT INTO traces (name, kind, status, format, created_at) VALUES ('t', 'emulated', 'complete', 'test', '')").run().lastInsertRowid);
}

async function mixed(): Promise<ExitRecord[]> {
  // An emulated run's exits (every exit of a kind has the kind's latency) followed by import-like
  // ones with latencies of their own, renumbered to one seq order.
  const all = [...await emulatedExits('io_forms', 'trap', 'p4-2007', { iterations: 4 }), ...importedExits(300)];
  return all.map((e, i) => ({ ...e, seq: i }));
}

describe('SqliteExitWriter', () => {
  it('stores the same rows from small packed batches as from records', async () => {
    const records = await mixed();
    const db = openTraceDb(tempPath() + '.exitscope');
    const a = newTrace(db);
    const b = newTrace(db);
    db.transaction(() => {
      const w = new SqliteExitWriter(db, a);
      for (const r of records) w.push(r);
      w.flush();
      const batches: PackedExits[] = [];
      const packer = new ExitPacker(7, (batch) => batches.push(batch));
      for (const r of records) packer.push(r);
      packer.flush();
      expect(batches.length).toBeGreaterThan(50);
      const wb = new SqliteExitWriter(db, b);
      for (const batch of batches) wb.pushPacked(batch);
      wb.flush();
    })();
    const rows = (id: number): unknown[] => db.prepare('SELECT * FROM exits_priced WHERE trace_id = ? ORDER BY seq').raw(true).all(id).map((r) => (r as unknown[]).slice(1));
    expect(rows(b)).toEqual(rows(a));
    expect(rows(a)).toHaveLength(records.length);
    db.close();
  });

  it('collects the slowest exits and reason statistics that SQL over the exits gives', async () => {
    const records = await mixed();
    const db = openTraceDb(tempPath() + '.exitscope');
    const id = newTrace(db);
    db.transaction(() => {
      const w = new SqliteExitWriter(db, id);
      for (const r of records) w.push(r);
      w.flush();
      summarizeTrace(db, id, w.aggregates);
    })();
    const slowest = db.prepare('SELECT seq FROM summary_slowest WHERE trace_id = ? ORDER BY rank').pluck().all(id);
    const bySql = db.prepare('SELECT seq FROM exits WHERE trace_id = ? AND latency_ns IS NOT NULL ORDER BY latency_ns DESC, seq LIMIT 100').pluck().all(id);
    expect(slowest).toEqual(bySql);
    const reasons = db.prepare('SELECT reason, count, closed, min_ns, max_ns, total_ns FROM summary_reason WHERE trace_id = ? ORDER BY reason').all(id);
    const sql = db.prepare(`SELECT reason, COUNT(*) AS count, COUNT(latency_ns) AS closed, MIN(latency_ns) AS min_ns, MAX(latency_ns) AS max_ns,
      TOTAL(latency_ns) AS total_ns FROM exits WHERE trace_id = ? GROUP BY reason ORDER BY reason`).all(id) as { total_ns: number }[];
    expect(reasons).toHaveLength(sql.length);
    (reasons as { total_ns: number }[]).forEach((r, i) => {
      expect({ ...r, total_ns: 0 }).toEqual({ ...sql[i], total_ns: 0 });
      expect(r.total_ns).toBeCloseTo(sql[i]!.total_ns, 3);
    });
    db.close();
  });
});
