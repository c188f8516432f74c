// The compare view's builders (charts/compare.ts) on a hand-made comparison: distinct colours per
// trace (a mechanism's own colour first), deltas and ratios in the table, shares and CDFs in the
// charts. And the theme's ink for dark charts (charts/ink.ts).
import { describe, expect, it } from 'vitest';
import { compareCdfChart, compareHistogramChart, compareTableModel, traceColors } from '../../../src/renderer/src/charts/compare';
import { withInk, INK } from '../../../src/renderer/src/charts/ink';
import { MECHANISM_COLORS } from '../../../src/renderer/src/charts/theme';
import type { ComparedTrace, TraceComparison } from '../../../src/shared/compare';

const trace = (id: number, mechanism: string | null): ComparedTrace => ({
  id, name: `t${id}`, kind: mechanism ? 'emulated' : 'imported', exits: 100, durationNs: 1e9, ratePerS: 100, mechanism, profileId: mechanism ? 'p4-2007' : null,
  workload: null, latencyMeaning: 'x',
});

const comparison: TraceComparison = {
  traces: [trace(1, 'trap'), trace(2, 'ring'), trace(3, null)],
  tables: [{
    dimension: 'reason', unit: 'ns', derivation: 'd',
    rows: [{
      key: 'IO_INSTRUCTION', label: 'IO_INSTRUCTION',
      values: [{ count: 100, ops: null, ratePerS: 100, p50: 2000, p99: 4000, total: 200000 }, { count: 4, ops: null, ratePerS: 4, p50: 4000, p99: 4000, total: 16000 }, null],
      deltas: [{ count: -96, ops: null, ratePerS: -96, p50: 2000, p99: 0, total: -184000 }, { count: -100, ops: null, ratePerS: null, p50: null, p99: null, total: null }],
    }],
  }],
  histogram: { bucketsPerOctave: 4, derivation: 'h', buckets: [
    { index: 40, loNs: 1024, hiNs: 1218, counts: [50, 0, 0], cdf: [0.5, 0, 0] },
    { index: 44, loNs: 2048, hiNs: 2435, counts: [50, 4, 0], cdf: [1, 1, 0] },
  ] },
};

describe('compare builders', () => {
  it('gives each trace its mechanism\u2019s colour, and distinct colours throughout', () => {
    const colors = traceColors([...comparison.traces, trace(4, 'trap')]);
    expect(colors.slice(0, 2)).toEqual([MECHANISM_COLORS.trap, MECHANISM_COLORS.ring]);
    expect(new Set(colors).size).toBe(4);
  });

  it('tabulates one measure with deltas and ratios against the first trace', () => {
    const m = compareTableModel(comparison, comparison.tables[0]!, 'count');
    expect(m.columns.map((c) => c.key)).toEqual(['group', 'v0', 'v1', 'v2', 'd1', 'r1', 'd2', 'r2']);
    expect(m.rows[0]!.cells).toMatchObject({ v0: '100', v1: '4', v2: 'absent', d1: '−96', r1: '0.04×', d2: '−100', r2: '0×' });
    const p50 = compareTableModel(comparison, comparison.tables[0]!, 'p50');
    expect(p50.rows[0]!.cells).toMatchObject({ v0: '2 µs', v1: '4 µs', d1: '+2 µs', r1: '2×', d2: '—' });
  });

  it('overlays the histograms as shares or counts, and the CDFs in percent', () => {
    const colors = traceColors(comparison.traces);
    expect(compareHistogramChart(comparison, colors, true).data.datasets.map((d) => d.data)).toEqual([[50, 50], [0, 100], [0, 0]]);
    expect(compareHistogramChart(comparison, colors, false).data.datasets[1]!.data).toEqual([0, 4]);
    expect(compareCdfChart(comparison, colors).data.datasets[0]!.data).toEqual([50, 100]);
  });

  it('draws dark charts with light ink and leaves light ones as built', () => {
    const config = compareHistogramChart(comparison, traceColors(comparison.traces), false);
    expect(withInk(config, 'light')).toBe(config);
    const dark = withInk(config, 'dark');
    const y = dark.options!.scales!.y as { grid: { color: string }; title: { color: string } };
    expect([y.grid.color, y.title.color]).toEqual([INK.dark.grid, INK.dark.muted]);
    expect((config.options!.scales!.y as { grid: { color: string } }).grid.color).not.toBe(INK.dark.grid);
  });
});
