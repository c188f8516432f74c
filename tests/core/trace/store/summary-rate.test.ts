// The exits-over-time summary (summary-rate.ts) on a real trace file: whatever the times (out of
// order, negative offsets from the first exit, spans from nanoseconds to hours), every exit is
// counted once, in the bucket floor((t − origin) / width) of the final width, and no vCPU keeps
// more than 2 × RATE_BUCKETS buckets.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { openTraceDb } from '../../../../src/core/trace/store/open-trace-db';
import { RATE_BUCKETS, RateBuckets } from '../../../../src/core/trace/store/summary-rate';
import { useTempDir } from '../../../helpers/temp-dir';

const tempPath = useTempDir();

describe('RateBuckets', () => {
  it('counts every exit once in the bucket of its time', () => {
    const db = openTraceDb(`${tempPath()}.exitscope`);
    const trace = db.prepare("INSERT INTO traces (name, kind, status, format, created_at) VALUES ('r', 'imported', 'complete', 'tracefs', 'now')");
    fc.assert(fc.property(
      fc.array(fc.tuple(fc.integer({ min: 0, max: 3 }), fc.integer({ min: -5e9, max: 4e12 })), { minLength: 1, maxLength: 300 }),
      (exits) => {
        const id = Number(trace.run().lastInsertRowid);
        const r = new RateBuckets();
        for (const [vcpu, t] of exits) r.add(vcpu, t);
        r.write(db, id);
        const rows = db.prepare('SELECT vcpu, bucket, exits, width_ns AS w, origin_ns AS o FROM summary_rate WHERE trace_id = ?').all(id) as { vcpu: number; bucket: number; exits: number; w: number; o: number }[];
        expect(rows.reduce((n, x) => n + x.exits, 0)).toBe(exits.length);
        const { w, o } = rows[0]!;
        expect(o).toBe(exits[0]![1]);
        const expected = new Map<string, number>();
        for (const [vcpu, t] of exits) {
          const key = `${vcpu}/${Math.floor((t - o) / w)}`;
          expected.set(key, (expected.get(key) ?? 0) + 1);
        }
        expect(new Map(rows.map((x) => [`${x.vcpu}/${x.bucket}`, x.exits]))).toEqual(expected);
        for (const x of rows) expect(Math.abs(x.bucket)).toBeLessThanOrEqual(RATE_BUCKETS);
      },
    ), { numRuns: 60 });
    db.close();
  });
});
