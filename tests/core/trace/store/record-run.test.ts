// Storing emulated runs: a complete run with its summaries, a cancelled run kept and marked,
// and a failing run leaving the trace file as it was.
import { describe, expect, it } from 'vitest';
import { openTraceDb } from '../../../../src/core/trace/store/open-trace-db';
import { recordRun } from '../../../../src/core/trace/store/record-run';
import { getTraceSummary, listTraces } from '../../../../src/core/trace/store/trace-queries';
import { exitRecord } from '../../../helpers/exit-record';
import { useTempDir } from '../../../helpers/temp-dir';

const tempPath = useTempDir();
const io = (seq: number, cost: number) => exitRecord({
  seq, timeNs: seq * 10_000, reason: 'IO_INSTRUCTION', reasonNative: 'IO_INSTRUCTION', port: 0x4d0, direction: 'out', size: 1, count: 1,
  device: 'pic', deviceLocation: 'kernel', mechanism: 'vmx', latencyNs: cost, costEntry: cost, costTotal: cost,
});

describe('recordRun', () => {
  it('stores a complete run as an emulated trace with its summaries and metadata', async () => {
    const db = tempPath() + '.exitscope';
    const r = await recordRun(db, { name: 'outl_to_kernel vmx kvm-2012', format: 'exitscope-run', meta: { workload: 'outl_to_kernel' } }, async (sink) => {
      for (let i = 0; i < 3; i++) sink.push(io(i, 4000 + i));
      return { cancelled: false, meta: { stop: 'done' } };
    });
    expect(r).toEqual({ traceId: 1, exits: 3, status: 'complete' });
    const h = openTraceDb(db);
    const [t] = listTraces(h);
    expect(t).toMatchObject({ kind: 'emulated', status: 'complete', exitCount: 3, ioExitCount: 3, vcpuCount: 1, durationNs: 20_000 + 4002 });
    expect(JSON.parse((h.prepare('SELECT meta_json FROM traces').get() as { meta_json: string }).meta_json)).toEqual({ workload: 'outl_to_kernel', stop: 'done' });
    expect(getTraceSummary(h, 1).ports[0]).toMatchObject({ port: 0x4d0, count: 3, minNs: 4000, maxNs: 4002 });
    expect(h.prepare('SELECT SUM(cost_total) AS s FROM exits_priced').get()).toEqual({ s: 12003 });
    h.close();
  });

  it('keeps a cancelled run, marked cancelled, and rolls back a failed one', async () => {
    const db = tempPath() + '.exitscope';
    const cancelled = await recordRun(db, { name: 'cut short', format: 'exitscope-run', meta: {} }, async (sink) => {
      sink.push(io(0, 100));
      return { cancelled: true };
    });
    expect(cancelled.status).toBe('cancelled');
    await expect(recordRun(db, { name: 'broken', format: 'exitscope-run', meta: {} }, async (sink) => {
      sink.push(io(0, 100));
      throw new Error('guest exploded');
    })).rejects.toThrow('the run "broken" failed and nothing was stored: guest exploded');
    const h = openTraceDb(db);
    expect(listTraces(h).map((t) => [t.name, t.status, t.exitCount])).toEqual([['cut short', 'cancelled', 1]]);
    expect(h.prepare('SELECT COUNT(*) AS n FROM exits').get()).toEqual({ n: 1 });
    h.close();
  });
});
