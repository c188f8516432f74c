// The emulated run's latency histogram: log2 buckets, four per octave, gaps filled.
import { describe, expect, it } from 'vitest';
import { latencyHistogram } from '../../../src/core/analysis/histogram';

describe('latencyHistogram', () => {
  it('buckets latencies four per octave with the empty buckets between kept', () => {
    const h = latencyHistogram([{ latencyNs: 291, count: 200 }, { latencyNs: 2116, count: 3 }, { latencyNs: 2134, count: 5 }], 1e9);
    // bucket = floor(log2(ns) × 4): 291 → 32, 2116 and 2134 → 44
    expect(h.buckets[0]).toMatchObject({ index: 32, count: 200 });
    expect(h.buckets.at(-1)).toMatchObject({ index: 44, count: 8 });
    expect(h.buckets).toHaveLength(13);
    expect(h.buckets.reduce((n, b) => n + b.count, 0)).toBe(208);
    expect(h.buckets[0]!.loNs).toBeLessThanOrEqual(291);
    expect(h.buckets[0]!.hiNs).toBeGreaterThan(291);
    expect(h.derivation).toContain('guest clock (1000 MHz)');
  });

  it('is empty without latencies', () => {
    expect(latencyHistogram([], null).buckets).toEqual([]);
  });
});
