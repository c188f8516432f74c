import { describe, expect, it } from 'vitest';
import { reasonChart, reasonChartTable, reasonTooltipLines, sortReasons } from '../../../src/renderer/src/charts/reasons';
import { reasonStat } from '../fixtures';

const reasons = [
  reasonStat('HLT', 2, { p50Ns: 120_000, p99Ns: 260_000 }),
  reasonStat('IO_INSTRUCTION', 10, { closed: 9, p50Ns: 7000, p99Ns: 10_000 }),
  reasonStat('EXTERNAL_INTERRUPT', 2, { p50Ns: 1000, p99Ns: 1000 }),
];

describe('exits by reason', () => {
  it('orders reasons by count, ties by name', () => {
    expect(sortReasons(reasons).map((r) => r.reason)).toEqual(['IO_INSTRUCTION', 'EXTERNAL_INTERRUPT', 'HLT']);
  });

  it('charts the counts as horizontal bars', () => {
    const config = reasonChart(reasons);
    expect(config.data.labels).toEqual(['IO_INSTRUCTION', 'EXTERNAL_INTERRUPT', 'HLT']);
    expect(config.data.datasets[0]?.data).toEqual([10, 2, 2]);
    expect(config.options?.indexAxis).toBe('y');
  });

  it('gives p50 and p99 in the tooltip of the right bar', () => {
    expect(reasonTooltipLines(reasons[1]!)).toEqual(['p50: 7 µs', 'p99: 10 µs', 'closed: 9']);
    const afterBody = reasonChart(reasons).options?.plugins?.tooltip?.callbacks?.afterBody;
    const lines = afterBody?.call(undefined as never, [{ dataIndex: 2, datasetIndex: 0 } as never]);
    expect(lines).toEqual(['p50: 120 µs', 'p99: 260 µs', 'closed: 2']);
  });

  it('shows missing percentiles as a dash', () => {
    expect(reasonTooltipLines(reasonStat('VMCALL', 1, { closed: 0 }))).toEqual(['p50: —', 'p99: —', 'closed: 0']);
  });

  it('tabulates the same data with shares', () => {
    const table = reasonChartTable(reasons);
    expect(table.id).toBe('reason-chart-data');
    expect(table.rows.map((r) => r.key)).toEqual(['IO_INSTRUCTION', 'EXTERNAL_INTERRUPT', 'HLT']);
    expect(table.rows[0]?.cells).toEqual({ reason: 'IO_INSTRUCTION', count: '10', share: '71.4%', p50: '7 µs', p99: '10 µs' });
  });
});
