// executeRun with the guest in a worker thread and this thread storing: what is stored matches the
// run's report and an in-thread run's rows exactly; progress arrives; a cancel leaves a consistent
// trace marked 'cancelled'; a failing guest names workload and mechanism, stores nothing of its run
// and keeps what was stored before.
import { describe, expect, it } from 'vitest';
import { executeRun } from '../../../src/core/runs/execute-run';
import type { RunProgress } from '../../../src/core/runs/execute-run';
import { openTraceDb } from '../../../src/core/trace/store/open-trace-db';
import { componentTotals, formSummary } from '../../../src/core/trace/store/run-summaries';
import { useTempDir } from '../../helpers/temp-dir';

const tempPath = useTempDir();

function read<T>(path: string, f: (db: ReturnType<typeof openTraceDb>) => T): T {
  const db = openTraceDb(path);
  try {
    return f(db);
  } finally {
    db.close();
  }
}

describe('executeRun (worker thread)', () => {
  it('stores each mechanism run as the report says, the same rows as a run in this thread', async () => {
    const path = tempPath() + '.exitscope';
    const progress: RunProgress[] = [];
    const out = await executeRun({ dbPath: path, workload: 'outl_to_kernel', mechanisms: ['vmx', 'hypercall'], profileId: 'kvm-2012', params: { iterations: 20_000 } },
      { onProgress: (p) => progress.push(p) });
    expect(out.cancelled).toBe(false);
    expect(out.runs.map((r) => [r.mechanism, r.status, r.exits])).toEqual([['vmx', 'complete', 20_000], ['hypercall', 'complete', 20_000]]);
    expect(progress.some((p) => p.mechanism === 'vmx' && p.exits > 0)).toBe(true);
    expect(progress.some((p) => p.mechanism === 'hypercall' && p.index === 1 && p.of === 2)).toBe(true);
    const vmx = out.runs[0]!;
    read(path, (db) => {
      const t = db.prepare('SELECT exit_count, io_exit_count, status FROM traces WHERE id = ?').get(vmx.traceId);
      expect(t).toEqual({ exit_count: 20_000, io_exit_count: 20_000, status: 'complete' });
      const sum = db.prepare('SELECT COUNT(*) AS n, SUM(cost_total) AS c FROM exits_priced WHERE trace_id = ?').get(vmx.traceId) as { n: number; c: number };
      expect(sum.n).toBe(20_000);
      expect(sum.c).toBeCloseTo(vmx.exitCycles, 0);
      expect(componentTotals(db, vmx.traceId).total).toBeCloseTo(vmx.exitCycles, 0);
      expect(formSummary(db, vmx.traceId).map((f) => [f.mnemonic, f.exits, f.ops, f.elements])).toEqual(vmx.byForm.map((f) => [f.mnemonic, f.exits, f.ops, f.elements]));
    });

    const here = tempPath() + '.exitscope';
    const inThread = await executeRun({ dbPath: here, workload: 'outl_to_kernel', mechanisms: ['vmx'], profileId: 'kvm-2012', params: { iterations: 20_000 } }, { inThread: true });
    const rows = (p: string, id: number): unknown[] => read(p, (db) => db.prepare('SELECT * FROM exits_priced WHERE trace_id = ? ORDER BY seq').raw(true).all(id));
    const a = rows(path, vmx.traceId);
    const b = rows(here, inThread.runs[0]!.traceId);
    expect(a.length).toBe(b.length);
    expect(a).toEqual(b.map((r) => [vmx.traceId, ...(r as unknown[]).slice(1)]));
  }, 120_000);

  it('a cancel keeps the exits so far, marked cancelled, and runs no later mechanism', async () => {
    const path = tempPath() + '.exitscope';
    const ctl = new AbortController();
    const out = await executeRun({ dbPath: path, workload: 'outl_to_kernel', mechanisms: ['vmx', 'hypercall'], profileId: 'kvm-2012', params: { iterations: 5_000_000 } },
      { signal: ctl.signal, onProgress: (p) => { if (p.exits > 0) ctl.abort(); } });
    expect(out.cancelled).toBe(true);
    expect(out.runs).toHaveLength(1);
    const r = out.runs[0]!;
    expect(r.status).toBe('cancelled');
    expect(r.exits).toBeGreaterThan(0);
    expect(r.exits).toBeLessThan(5_000_000);
    read(path, (db) => {
      expect(db.prepare('SELECT status, exit_count FROM traces').all()).toEqual([{ status: 'cancelled', exit_count: r.exits }]);
      expect(db.prepare('SELECT COUNT(*) AS n FROM exits WHERE trace_id = ?').get(r.traceId)).toEqual({ n: r.exits });
      expect(db.pragma('quick_check', { simple: true })).toBe('ok');
    });
  }, 120_000);

  it('a guest that does not finish fails with workload and mechanism named; earlier runs stay stored', async () => {
    const path = tempPath() + '.exitscope';
    const ok = await executeRun({ dbPath: path, workload: 'outl_to_kernel', mechanisms: ['vmx'], profileId: 'kvm-2012', params: { iterations: 100 } });
    await expect(executeRun({ dbPath: path, workload: 'outl_to_kernel', mechanisms: ['vmx'], profileId: 'kvm-2012', params: { iterations: 1_000_000 }, maxInstructions: 20_000 }))
      .rejects.toThrow(/outl_to_kernel under vmx \(profile kvm-2012\) failed: budget/);
    read(path, (db) => {
      expect(db.prepare('SELECT id, status FROM traces').all()).toEqual([{ id: ok.runs[0]!.traceId, status: 'complete' }]);
      expect(db.prepare('SELECT COUNT(*) AS n FROM exit_rows').get()).toEqual({ n: 100 });
      expect(db.prepare('SELECT COUNT(DISTINCT trace_id) AS n FROM exit_kinds').get()).toEqual({ n: 1 });
    });
  }, 120_000);
});
