// WeightedStats: values fed one by one and as repeated values give the same count, extremes,
// total and nearest-rank percentiles as the plain list of all the values.
import { describe, expect, it } from 'vitest';
import { WeightedStats } from '../../../../src/core/trace/store/weighted-stats';

/** The nearest-rank percentile by its definition: the value at rank ceil(p/100 × n), ascending. */
const nearestRank = (sorted: Float64Array, p: number): number => sorted[Math.ceil((p * sorted.length) / 100) - 1]!;

describe('WeightedStats', () => {
  it('mixes single and repeated values exactly like the expanded list', () => {
    const s = new WeightedStats();
    const expanded: number[] = [];
    const singles = [5, 1, 9, 9, 3, 12, 7];
    for (const v of singles) {
      s.add(v);
      expanded.push(v);
    }
    for (const [v, n] of [[9, 4], [2, 10], [11, 1], [0, 3]] as const) {
      s.addMany(v, n);
      for (let i = 0; i < n; i++) expanded.push(v);
    }
    s.addMany(null, 6);
    const sorted = Float64Array.from(expanded).sort();
    expect([s.count, s.closed, s.min, s.max, s.total]).toEqual([expanded.length + 6, expanded.length, 0, 12, expanded.reduce((a, b) => a + b, 0)]);
    const ps = [1, 10, 25, 50, 75, 90, 99, 100];
    expect(s.percentiles(ps)).toEqual(ps.map((p) => nearestRank(sorted, p)));
  });

  it('has no percentiles without a value', () => {
    const s = new WeightedStats();
    s.addMany(null, 3);
    expect(s.percentiles([50])).toEqual([null]);
    expect([s.count, s.closed, s.min]).toEqual([3, 0, null]);
  });
});
