import type { TooltipItem } from 'chart.js';
import { describe, expect, it } from 'vitest';
import { barChart, chartHeight, type BarSpec } from '../../../src/renderer/src/charts/bar-chart';

const spec: BarSpec = {
  labels: ['A', 'B'],
  series: [{ label: 'Exits', values: [1500, 2], color: '#123456' }],
  orientation: 'horizontal',
  categoryTitle: 'Reason',
  valueTitle: 'Exits',
  tooltipLines: (i) => [`line for ${i}`],
};

const stackedSpec: BarSpec = {
  ...spec,
  series: [
    { label: 'Kernel', values: [3, 0], color: '#111111' },
    { label: 'Userspace', values: [1, 2], color: '#222222' },
  ],
};

/** Chart.js hands callbacks more than this, but these builders read only the indexes. */
function item(dataIndex: number, datasetIndex = 0): TooltipItem<'bar'> {
  return { dataIndex, datasetIndex } as TooltipItem<'bar'>;
}

describe('barChart', () => {
  it('puts one dataset per series over the labels', () => {
    const config = barChart(spec);
    expect(config.type).toBe('bar');
    expect(config.data.labels).toEqual(['A', 'B']);
    expect(config.data.datasets).toHaveLength(1);
    expect(config.data.datasets[0]).toMatchObject({ label: 'Exits', data: [1500, 2], backgroundColor: '#123456' });
    expect(barChart(stackedSpec).data.datasets.map((d) => d.label)).toEqual(['Kernel', 'Userspace']);
  });

  it('copies its inputs so Chart.js can mutate the config freely', () => {
    const config = barChart(spec);
    expect(config.data.labels).not.toBe(spec.labels);
    expect(config.data.datasets[0]?.data).not.toBe(spec.series[0]?.values);
  });

  it('lays horizontal charts on the y index axis, vertical ones on x', () => {
    const horizontal = barChart(spec);
    expect(horizontal.options?.indexAxis).toBe('y');
    expect(horizontal.options?.scales?.x?.type).toBe('linear');
    expect(horizontal.options?.scales?.y?.type).toBe('category');
    const vertical = barChart({ ...spec, orientation: 'vertical' });
    expect(vertical.options?.indexAxis).toBe('x');
    expect(vertical.options?.scales?.x?.type).toBe('category');
  });

  it('stacks several series and shows a legend only then', () => {
    const single = barChart(spec).options;
    expect(single?.plugins?.legend?.display).toBe(false);
    expect(single?.scales?.x?.stacked).toBe(false);
    const stacked = barChart(stackedSpec).options;
    expect(stacked?.plugins?.legend?.display).toBe(true);
    expect(stacked?.scales?.x?.stacked).toBe(true);
    expect(stacked?.scales?.y?.stacked).toBe(true);
  });

  it('is static (no animation) and sized by its container', () => {
    const { options } = barChart(spec);
    expect(options?.animation).toBe(false);
    expect(options?.maintainAspectRatio).toBe(false);
  });

  it('makes contiguous bars for histograms', () => {
    const dataset = barChart({ ...spec, contiguous: true }).data.datasets[0];
    expect(dataset?.categoryPercentage).toBe(1);
    expect(dataset?.barPercentage).toBe(1);
  });

  it('formats tooltips: each series\u2019 count with separators, then the extra lines once', () => {
    const callbacks = barChart(spec).options?.plugins?.tooltip?.callbacks;
    expect(callbacks?.label?.call(undefined as never, item(0))).toBe('Exits: 1,500');
    expect(callbacks?.afterBody?.call(undefined as never, [item(1)])).toEqual(['line for 1']);
    expect(callbacks?.title?.call(undefined as never, [item(1)])).toBe('B');
    const stacked = barChart(stackedSpec).options?.plugins?.tooltip?.callbacks;
    expect(stacked?.label?.call(undefined as never, item(1, 1))).toBe('Userspace: 2');
  });

  it('grows horizontal charts with their bars, and makes room for a legend', () => {
    expect(chartHeight(1, 'horizontal')).toBe(140);
    expect(chartHeight(20, 'horizontal')).toBe(60 + 24 * 20);
    expect(chartHeight(20, 'horizontal', 2)).toBe(60 + 24 * 20 + 24);
    expect(chartHeight(20, 'vertical')).toBe(260);
  });
});

describe('category titles of horizontal charts', () => {
  it('are drawn only where they fit along the chart\u2019s height (never clipped)', () => {
    const spec = (n: number): BarSpec => ({
      labels: Array.from({ length: n }, (_, i) => `m${i}`), series: [{ label: 'x', values: Array.from({ length: n }, () => 1), color: '#000' }],
      orientation: 'horizontal', categoryTitle: 'Mechanism (trace)', valueTitle: 'Cycles',
    });
    const shown = (n: number): boolean | undefined => (barChart(spec(n)).options?.scales?.y as { title: { display: boolean } }).title.display;
    expect(shown(3)).toBe(false);
    expect(shown(8)).toBe(true);
    expect((barChart({ ...spec(1), orientation: 'vertical' }).options?.scales?.x as { title: { display: boolean } }).title.display).toBe(true);
  });
});
