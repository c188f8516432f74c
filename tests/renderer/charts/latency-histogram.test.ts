import { describe, expect, it } from 'vitest';
import {
  bucketRange,
  histogramChart,
  histogramTable,
  histogramTotal,
  trimBuckets,
} from '../../../src/renderer/src/charts/latency-histogram';
import { histogram } from '../fixtures';

// 4 buckets per octave: bucket 40 = [2^10, 2^10.25) = [1024, 1218) ns; 72 = [2^18, ...) = 262144 ns.
const h = histogram(4, { 40: 3, 42: 1, 44: 5, 72: 1 }, 100);

describe('latency histogram', () => {
  it('trims empty buckets at both ends and keeps the empty ones between', () => {
    const trimmed = trimBuckets(h.buckets);
    expect(trimmed[0]?.index).toBe(40);
    expect(trimmed.at(-1)?.index).toBe(72);
    expect(trimmed).toHaveLength(33);
    expect(trimmed[1]?.count).toBe(0);
  });

  it('is empty when no exit was closed', () => {
    expect(trimBuckets(histogram(4, {}).buckets)).toEqual([]);
    expect(histogramTable(histogram(4, {})).rows).toEqual([]);
  });

  it('totals the closed exits', () => {
    expect(histogramTotal(h)).toBe(10);
  });

  it('labels bars with their lower bound as a duration and touches them', () => {
    const config = histogramChart(h);
    expect(config.data.labels?.[0]).toBe('1.02 µs');
    expect(config.data.labels?.at(-1)).toBe('262 µs');
    expect(config.data.datasets[0]?.data.reduce((a, b) => a + b, 0)).toBe(10);
    expect(config.data.datasets[0]?.barPercentage).toBe(1);
    expect(config.options?.indexAxis).toBe('x');
  });

  it('titles the tooltip with the bucket range', () => {
    expect(bucketRange({ index: 0, loNs: 250, hiNs: 297, count: 1 })).toBe('[250 ns, 297 ns)');
    const title = histogramChart(h).options?.plugins?.tooltip?.callbacks?.title;
    expect(title?.call(undefined as never, [{ dataIndex: 0 } as never])).toBe('[1.02 µs, 1.22 µs)');
  });

  it('tabulates the non-trimmed buckets with the closed-exit total in the caption', () => {
    const table = histogramTable(h);
    expect(table.id).toBe('histogram-chart-data');
    expect(table.caption).toBe('Latency histogram (10 closed exits)');
    expect(table.rows[0]).toEqual({ key: '40', cells: { from: '1.02 µs', to: '1.22 µs', count: '3' } });
  });
});
