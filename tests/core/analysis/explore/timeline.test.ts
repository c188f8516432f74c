// timeline/buckets on a real imported trace: bucket counts at every level add up to the exits of
// the window as the stored exits count them, zoomed-in windows return the exits themselves, and a
// window's buckets never exceed the columns asked for.
import { beforeAll, describe, expect, it } from 'vitest';
import { timeline, TIMELINE_MAX_EXITS } from '../../../../src/core/analysis/explore/timeline';
import { readTimelineMeta } from '../../../../src/core/trace/store/explore-index';
import { openTraceDb } from '../../../../src/core/trace/store/open-trace-db';
import type { Db } from '../../../../src/core/trace/store/open-trace-db';
import { useTempDir } from '../../../helpers/temp-dir';
import { allExits, importGenerated } from './explore-fixtures';
import type { OracleExit } from './explore-fixtures';

const tempPath = useTempDir();
let db: Db;
let traceId: number;
let exits: OracleExit[];

beforeAll(async () => {
  const path = tempPath() + '.exitscope';
  traceId = await importGenerated(path, tempPath() + '.txt', 120_000);
  db = openTraceDb(path);
  exits = allExits(db, traceId);
}, 120_000);

describe('timeline', () => {
  it('buckets at every level count the exits whose time falls in them', () => {
    const meta = readTimelineMeta(db, traceId)!;
    expect(meta.timeMonotonic).toBe(true);
    for (let level = 0; level < meta.levels; level++) {
      const width = meta.widthNs * meta.levelFactor ** level;
      const expected = new Map<number, number>();
      for (const e of exits) {
        const b = Math.min(meta.buckets - 1, Math.floor((e.time_ns - meta.originNs) / meta.widthNs));
        const key = Math.floor(b / meta.levelFactor ** level);
        expected.set(key, (expected.get(key) ?? 0) + 1);
      }
      const got = new Map<number, number>();
      for (const r of db.prepare('SELECT bucket, SUM(exits) AS n FROM summary_timeline WHERE trace_id = ? AND level = ? GROUP BY bucket').all(traceId, level) as { bucket: number; n: number }[]) got.set(r.bucket, r.n);
      expect(got, `level ${level}, width ${width}`).toEqual(expected);
    }
  });

  it('zoomed out: at most `columns` buckets per lane, counting every exit of the window', () => {
    const first = exits[0]!.time_ns;
    const last = exits[exits.length - 1]!.time_ns;
    const t = timeline(db, { traceId, fromNs: first, toNs: last + 1, columns: 300 });
    expect(t.mode).toBe('buckets');
    expect(t.windowExits).toBe(exits.length);
    expect(t.buckets.exits.reduce((a, b) => a + b, 0)).toBe(exits.length);
    const perLane = new Map<number, number>();
    for (const lane of t.buckets.lane) perLane.set(lane, (perLane.get(lane) ?? 0) + 1);
    for (const n of perLane.values()) expect(n).toBeLessThanOrEqual(300);
    expect(t.vcpus).toEqual([...new Set(exits.map((e) => e.vcpu))].sort((a, b) => a - b));
  });

  it('zoomed in: the exits of the window themselves, as stored', () => {
    const mid = exits[Math.floor(exits.length / 2)]!.time_ns;
    const from = mid;
    const to = exits[Math.floor(exits.length / 2) + 500]!.time_ns;
    const t = timeline(db, { traceId, fromNs: from, toNs: to, columns: 800 });
    expect(t.mode).toBe('exits');
    const want = exits.filter((e) => e.time_ns >= from && e.time_ns <= to);
    expect(want.length).toBeLessThanOrEqual(TIMELINE_MAX_EXITS);
    expect(t.exits.map((e) => [e.seq, e.timeNs, e.vcpu, e.reason, e.latencyNs])).toEqual(want.map((e) => [e.seq, e.time_ns, e.vcpu, e.reason, e.latency_ns]));
  });
});
