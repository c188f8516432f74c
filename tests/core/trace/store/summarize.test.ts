// Summaries are checked against values computed by hand from the inserted latencies.
import { describe, expect, it } from 'vitest';
import { openTraceDb } from '../../../../src/core/trace/store/open-trace-db';
import { SqliteExitWriter } from '../../../../src/core/trace/store/exit-writer';
import { summarizeTrace } from '../../../../src/core/trace/store/summarize';
import { getTraceSummary, slowestExits } from '../../../../src/core/trace/store/trace-queries';
import { exitRecord } from '../../../helpers/exit-record';
import { useTempDir } from '../../../helpers/temp-dir';

const tempPath = useTempDir();

function storeTrace(records: Parameters<SqliteExitWriter['push']>[0][], useWriterLatencies: boolean): { path: string; traceId: number } {
  const path = tempPath() + '.exitscope';
  const db = openTraceDb(path);
  const traceId = Number(db.prepare("INSERT INTO traces (name, kind, status, format, created_at, exit_count) VALUES ('t', 'imported', 'complete', 'tracefs', '2026-01-01T00:00:00Z', ?)").run(records.length).lastInsertRowid);
  const w = new SqliteExitWriter(db, traceId);
  db.transaction(() => {
    records.forEach((r) => w.push(r));
    w.flush();
  })();
  // One test uses the aggregates the writer collected, the other lets summarize scan for them.
  if (useWriterLatencies) summarizeTrace(db, traceId, w.aggregates);
  else summarizeTrace(db, traceId);
  db.close();
  return { path, traceId };
}

describe('summarizeTrace', () => {
  it('computes count, nearest-rank percentiles, min/max/mean per reason', () => {
    // 10 IO exits with latencies 1000..10000 ns, 3 HLT exits (one never closed).
    const io = Array.from({ length: 10 }, (_, i) => exitRecord({
      seq: i + 1, reason: 'IO_INSTRUCTION', reasonNative: 'IO_INSTRUCTION', latencyNs: (i + 1) * 1000,
      port: 0x3f8, direction: 'out', size: 1, count: 1, device: 'COM1', deviceLocation: i < 4 ? 'userspace' : 'kernel',
    }));
    const hlt = [
      exitRecord({ seq: 11, reason: 'HLT', reasonNative: 'hlt', latencyNs: 50_000 }),
      exitRecord({ seq: 12, reason: 'HLT', reasonNative: 'HLT', latencyNs: 70_000 }),
      exitRecord({ seq: 13, reason: 'HLT', reasonNative: 'HLT', latencyNs: null }),
    ];
    const { path, traceId } = storeTrace([...io, ...hlt], true);
    const db = openTraceDb(path);
    const s = getTraceSummary(db, traceId);
    const ioStat = s.reasons.find((r) => r.reason === 'IO_INSTRUCTION')!;
    // nearest rank: p50 → rank ceil(5) = 5 → 5000; p90 → rank 9 → 9000; p99 → rank ceil(9.9) = 10 → 10000
    expect(ioStat).toMatchObject({ count: 10, closed: 10, minNs: 1000, p50Ns: 5000, p90Ns: 9000, p99Ns: 10000, maxNs: 10000, meanNs: 5500, totalNs: 55000 });
    const hltStat = s.reasons.find((r) => r.reason === 'HLT')!;
    // two closed: p50 → rank 1 → 50000; p90 → rank ceil(1.8) = 2 → 70000
    expect(hltStat).toMatchObject({ count: 3, closed: 2, minNs: 50000, p50Ns: 50000, p90Ns: 70000, p99Ns: 70000, maxNs: 70000 });
    expect(hltStat.nativeNames.sort()).toEqual(['HLT', 'hlt']);
    expect(s.ports).toHaveLength(1);
    expect(s.ports[0]).toMatchObject({ port: 0x3f8, direction: 'out', size: 1, device: 'COM1', count: 10, userspaceCount: 4, elements: 10 });
    expect(s.userspaceExits).toBe(4);
    // Histogram: 12 closed exits over log2 quarter-octave buckets.
    expect(s.histogram.buckets.reduce((n, b) => n + b.count, 0)).toBe(12);
    const b1000 = s.histogram.buckets.find((b) => b.loNs <= 1000 && 1000 < b.hiNs)!;
    expect(b1000.index).toBe(Math.floor(Math.log2(1000) * 4)); // 39
    expect(b1000.count).toBe(1);
    // Buckets are contiguous from the first to the last used one.
    const idx = s.histogram.buckets.map((b) => b.index);
    expect(idx).toEqual(Array.from({ length: idx.length }, (_, i) => idx[0]! + i));
    const slow = slowestExits(db, traceId, 3);
    expect(slow.map((e) => e.latencyNs)).toEqual([70000, 50000, 10000]);
    expect(slow[2]).toMatchObject({ seq: 10, port: 0x3f8, direction: 'out', device: 'COM1' });
    db.close();
  });

  it('puts zero-latency exits (same microsecond) in their own bucket', () => {
    const { path, traceId } = storeTrace([
      exitRecord({ seq: 1, latencyNs: 0 }),
      exitRecord({ seq: 2, latencyNs: 0 }),
      exitRecord({ seq: 3, latencyNs: 2000 }),
    ], false);
    const db = openTraceDb(path);
    const h = getTraceSummary(db, traceId).histogram;
    expect(h.buckets[0]).toEqual({ index: -1, loNs: 0, hiNs: 1, count: 2 });
    expect(h.buckets.filter((b) => b.count > 0).map((b) => b.count)).toEqual([2, 1]);
    db.close();
  });
});
