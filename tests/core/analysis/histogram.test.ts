// The emulated run's latency histogram from its summarized buckets: four per octave, gaps filled.
import { describe, expect, it } from 'vitest';
import { latencyHistogram } from '../../../src/core/analysis/histogram';

describe('latencyHistogram', () => {
  it('keeps the empty buckets between the first and the last, with their edges', () => {
    // bucket = floor(log2(ns) × 4): 291 ns → 32, 2116 and 2134 ns → 44
    const h = latencyHistogram([{ bucket: 32, count: 200 }, { bucket: 44, count: 8 }], 1e9);
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
