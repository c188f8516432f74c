import { describe, expect, it } from 'vitest';
import {
  componentTitle, formCostChart, formCostTable, formCountTable, mechanismHistogramChart, mechanismHistogramTable, sourcesTable,
} from '../../../src/renderer/src/charts/run-breakdown';
import { exitCyclesChart, formatShare, mechanismsTable, savedPerFormChart, savedPerFormTable } from '../../../src/renderer/src/charts/savings';
import { breakdown, savings } from '../run-fixtures';

describe('run view builders', () => {
  const b = breakdown();

  it('puts every mechanism\u2019s histogram over one span of buckets, side by side', () => {
    const config = mechanismHistogramChart(b.histograms);
    expect(config.data.datasets.map((d) => d.label)).toEqual(['trap (#1)', 'hypercall (#2)']);
    expect(config.data.labels).toHaveLength(13); // buckets 32..44
    expect(config.options?.scales?.x?.stacked).toBe(false);
    const rows = mechanismHistogramTable(b.histograms).rows;
    expect(rows[0]?.cells).toMatchObject({ hypercall: '5', trap: '0' });
    expect(rows.at(-1)?.cells).toMatchObject({ hypercall: '0', trap: '5' });
  });

  it('stacks the eight components per form as mean cycles per exit', () => {
    const config = formCostChart(b);
    expect(config.data.datasets.map((d) => d.label)).toEqual(['entry', 'dispatch', 'fetch', 'decode', 'permission', 'userspace', 'emulate', 'resume']);
    expect(config.data.datasets[0]?.data).toEqual([2000, 2000]);
    expect(config.data.datasets[3]?.data).toEqual([40, 50]);
    expect(config.options?.scales?.x?.stacked).toBe(true);
    expect(formCountTable(b.forms).rows.map((r) => r.cells.share)).toEqual(['80.0%', '20.0%']);
  });

  it('explains each component cell by its parameters, values, kinds and sources', () => {
    const table = formCostTable(b);
    const row = table.rows[0]!;
    expect(row.cells).toMatchObject({ label: 'out dx, al', exits: '4', entry: '2,000', decode: '40', total: '2,040', sum: '8,160' });
    expect(row.titles?.entry).toBe('entry: entry.trap 2000\n  entry.trap = 2,000 cycles (published 2000 cycles; measured) — https://example.org/fig — table 2');
    expect(row.titles?.userspace).toBe('userspace: none: the device model is in the kernel/VMM');
    expect(componentTitle(b.sources['9']![1]!)).toContain('decode.byte = 4 cycles (published 4 cycles; assumed)');
    const sources = sourcesTable(b);
    expect(sources.rows.map((r) => r.key)).toEqual(['entry/entry.trap', 'decode/decode.byte']);
    expect(sources.rows[0]?.cells).toMatchObject({ value: '2,000', published: '2000 cycles', kind: 'measured', source: 'https://example.org/fig' });
  });
});

describe('savings view builders', () => {
  const s = savings();

  it('tabulates exit cycles, share, saved cycles and results with their derivations', () => {
    const t = mechanismsTable(s);
    expect(t.rows.map((r) => [r.key, r.cells.exitCycles, r.cells.share, r.cells.saved, r.cells.savedShare, r.cells['result-cyclesPerIteration']])).toEqual([
      ['trap', '20,000', '50.0%', '0', '0.0%', '2,164'],
      ['hypercall', '3,000', '13.0%', '17,000', '85.0%', '359.5'],
    ]);
    expect(t.columns.find((c) => c.key === 'share')?.title).toBe('exit cycles ÷ guest cycles');
    expect(t.rows[1]?.titles?.share).toBe('3,000 exit cycles ÷ 23,000 guest cycles');
    expect(formatShare(null)).toBe('—');
  });

  it('shows cycles saved per form for every mechanism but the baseline', () => {
    const t = savedPerFormTable(s);
    expect(t.columns.map((c) => c.key)).toEqual(['label', 'cycles-trap', 'cycles-hypercall', 'saved-hypercall']);
    expect(t.rows[0]?.cells).toEqual({ label: 'out dx, al', 'cycles-trap': '20,000', 'cycles-hypercall': '3,000', 'saved-hypercall': '17,000' });
    const chart = savedPerFormChart(s);
    expect(chart.data.datasets.map((d) => [d.label, d.data])).toEqual([['hypercall #2', [17_000]]]);
    expect(exitCyclesChart(s).data.labels).toEqual(['trap #1', 'hypercall #2']);
  });
});
