// The perf-kvm-stat report (analysis/stat.ts) on a real trace file: two vCPUs, known latencies,
// every figure checked against a scan of the stored exits (exits_priced) or computed by hand; the
// summaries built by the writer and by a later scan agree; the exit rate adds up to the exits.
import { describe, expect, it } from 'vitest';
import { exitRate, rateBucketNs, sortStatRows, statReport, stddevOf } from '../../../src/core/analysis/stat';
import { STAT_KEYS } from '../../../src/shared/compare';
import { openTraceDb } from '../../../src/core/trace/store/open-trace-db';
import type { Db } from '../../../src/core/trace/store/open-trace-db';
import { SqliteExitWriter } from '../../../src/core/trace/store/exit-writer';
import { summarizeTrace } from '../../../src/core/trace/store/summarize';
import type { ExitRecord } from '../../../src/core/trace/exit-record';
import { exitRecord } from '../../helpers/exit-record';
import { useTempDir } from '../../helpers/temp-dir';

const tempPath = useTempDir();

/** 40 exits on two vCPUs: port writes to COM1 and reads of the PM timer, HLTs (one never closed). */
function records(): ExitRecord[] {
  const out: ExitRecord[] = [];
  for (let i = 0; i < 40; i++) {
    const vcpu = i % 2;
    const kind = i % 5;
    const base = { seq: i + 1, timeNs: 1_000_000 + i * 250_000, vcpu };
    if (kind < 3) out.push(exitRecord({ ...base, reason: 'IO_INSTRUCTION', reasonNative: 'IO_INSTRUCTION', port: 0x3f8, direction: 'out', size: 1, count: 1, device: 'COM1', latencyNs: 1000 + 37 * i }));
    else if (kind === 3) out.push(exitRecord({ ...base, reason: 'IO_INSTRUCTION', reasonNative: 'IO_INSTRUCTION', port: 0x608, direction: 'in', size: 4, count: 1, device: 'ACPI PM timer', latencyNs: 5000 + 11 * i }));
    else out.push(exitRecord({ ...base, reason: 'HLT', reasonNative: 'HLT', latencyNs: i === 39 ? null : 40_000 + 1000 * i }));
  }
  return out;
}

function store(writerAggregates: boolean): { db: Db; traceId: number } {
  const path = tempPath() + '.exitscope';
  const db = openTraceDb(path);
  const recs = records();
  const traceId = Number(db.prepare(`INSERT INTO traces (name, kind, status, format, created_at, exit_count, first_ns, last_ns)
    VALUES ('two vcpus', 'imported', 'complete', 'tracefs', '2026-01-01T00:00:00Z', ?, ?, ?)`).run(recs.length, recs[0]!.timeNs, recs.at(-1)!.timeNs).lastInsertRowid);
  const w = new SqliteExitWriter(db, traceId);
  db.transaction(() => {
    recs.forEach((r) => w.push(r));
    w.flush();
  })();
  if (writerAggregates) summarizeTrace(db, traceId, w.aggregates);
  else summarizeTrace(db, traceId);
  return { db, traceId };
}

interface Scan { key: string; n: number; closed: number; total: number; sumsq: number; min: number; max: number }

function scan(db: Db, traceId: number, group: string, where = ''): Map<string, Scan> {
  const rows = db.prepare(`SELECT ${group} AS key, COUNT(*) AS n, COUNT(latency_ns) AS closed, COALESCE(SUM(latency_ns), 0) AS total,
      SUM(latency_ns * latency_ns) AS sumsq, MIN(latency_ns) AS min, MAX(latency_ns) AS max
    FROM exits_priced WHERE trace_id = ? ${where} GROUP BY ${group}`).all(traceId) as Scan[];
  return new Map(rows.map((r) => [r.key, r]));
}

describe('statReport', () => {
  for (const writer of [true, false]) {
    it(`gives per reason what a scan of the exits gives (${writer ? 'writer' : 'scan'} summaries)`, () => {
      const { db, traceId } = store(writer);
      const report = statReport(db, traceId, { event: 'reason' });
      const expected = scan(db, traceId, 'reason');
      expect(report.rows.map((r) => r.key).sort()).toEqual([...expected.keys()].sort());
      for (const row of report.rows) {
        const e = expected.get(row.key)!;
        expect([row.count, row.closed, row.totalNs, row.minNs, row.maxNs]).toEqual([e.n, e.closed, e.total, e.min, e.max]);
        const mean = e.total / e.closed;
        expect(row.stddevNs).toBeCloseTo(Math.sqrt(e.sumsq / e.closed - mean * mean), 6);
        expect(row.samplesShare).toBeCloseTo(e.n / 40, 12);
      }
      expect(report.rows.reduce((n, r) => n + (r.timeShare ?? 0), 0)).toBeCloseTo(1, 12);
      expect(report.total.count).toBe(40);
      db.close();
    });
  }

  it('filters to one vCPU with the figures of that vCPU\u2019s exits, per reason and per port', () => {
    const { db, traceId } = store(true);
    for (const vcpu of [0, 1]) {
      const reasons = statReport(db, traceId, { event: 'reason', vcpu });
      const expected = scan(db, traceId, 'reason', `AND vcpu = ${vcpu}`);
      expect(reasons.rows.map((r) => [r.key, r.count, r.totalNs, r.maxNs])).toEqual(
        expect.arrayContaining([...expected.values()].map((e) => [e.key, e.n, e.total, e.max])));
      expect(reasons.rows).toHaveLength(expected.size);
      const ports = statReport(db, traceId, { event: 'port', vcpu });
      const byPort = scan(db, traceId, "printf('0x%x/%s/%d', port, direction, size)", `AND vcpu = ${vcpu} AND port IS NOT NULL`);
      expect(ports.rows.map((r) => [r.key, r.count, r.totalNs])).toEqual(expect.arrayContaining([...byPort.values()].map((e) => [e.key, e.n, e.total])));
    }
    const report = statReport(db, traceId);
    expect(report.vcpus.map((v) => [v.vcpu, v.count])).toEqual([[0, 20], [1, 20]]);
    db.close();
  });

  it('sorts by any key: numbers largest first, unknown last, names A→Z', () => {
    const { db, traceId } = store(true);
    for (const key of STAT_KEYS) {
      const rows = statReport(db, traceId, { event: 'port', key }).rows;
      expect(sortStatRows(rows, key)).toEqual(rows);
    }
    expect(statReport(db, traceId, { key: 'time' }).rows[0]!.key).toBe('HLT');
    expect(statReport(db, traceId, { key: 'sample' }).rows[0]!.key).toBe('IO_INSTRUCTION');
    expect(statReport(db, traceId, { key: 'name' }).rows.map((r) => r.key)).toEqual(['HLT', 'IO_INSTRUCTION']);
    db.close();
  });

  it('counts every exit once in the exits-per-second buckets', () => {
    const { db, traceId } = store(true);
    // From the summary written with the trace: whole multiples of its 1 µs × 2^k buckets, about 20 of them.
    const rate = exitRate(db, traceId, null, 20);
    expect(rate.points.reduce((n, p) => n + p.exits, 0)).toBe(40);
    expect(rate.points.length).toBeLessThanOrEqual(21);
    expect(rate.bucketNs % 1000).toBe(0);
    expect(rate.points[0]!.perSecond).toBe(rate.points[0]!.exits / (rate.bucketNs / 1e9));
    // Each exit in the bucket its time falls in: the same counts as the stored exits grouped by bucket.
    const byScan = db.prepare('SELECT CAST((time_ns - 1000000) / ? AS INTEGER) AS b, COUNT(*) AS n FROM exits WHERE trace_id = ? GROUP BY b').all(rate.bucketNs, traceId) as { b: number; n: number }[];
    expect(rate.points.filter((p) => p.exits > 0).map((p) => [p.startNs / rate.bucketNs, p.exits])).toEqual(byScan.map((r) => [r.b, r.n]));
    expect(exitRate(db, traceId, 1, 20).points.reduce((n, p) => n + p.exits, 0)).toBe(20);
    // A trace stored without the summary: one GROUP BY over its exit rows gives the same total.
    db.prepare('DELETE FROM summary_rate WHERE trace_id = ?').run(traceId);
    const scanned = exitRate(db, traceId, null, 20);
    expect(scanned.bucketNs).toBe(500_000);
    expect(scanned.points.reduce((n, p) => n + p.exits, 0)).toBe(40);
    db.close();
  });

  it('has helpers that say unknown rather than guess', () => {
    expect(stddevOf(3, 6, null)).toBeNull();
    expect(stddevOf(0, 0, 0)).toBeNull();
    expect(stddevOf(2, 4, 10)).toBe(1);
    expect([rateBucketNs(1000, 10), rateBucketNs(1_234_567, 100), rateBucketNs(0, 10)]).toEqual([100, 20_000, 1]);
  });
});
