// The one bar-chart shape all ExitScope charts share: a single dataset of counts over category
// labels, horizontal (long labels such as reasons and ports) or vertical (histograms), with
// counts as integers and optional extra tooltip lines. The per-chart builders (reasons.ts,
// ports.ts, latency-histogram.ts) turn a DTO into a BarSpec; this turns a BarSpec into the
// Chart.js configuration that ChartCanvas.vue draws. Pure: no Chart.js runtime is imported.
import type { ChartConfiguration, TooltipItem } from 'chart.js';
import { formatCount } from '../format/format';
import { COLORS, FONT_MONO } from './theme';

export type BarConfig = ChartConfiguration<'bar', number[], string>;

export interface BarSpec {
  labels: string[];
  values: number[];
  /** The dataset's name, e.g. "Exits". */
  seriesLabel: string;
  orientation: 'horizontal' | 'vertical';
  categoryTitle: string;
  valueTitle: string;
  color: string;
  /** Bars touch (a histogram) instead of standing apart. */
  contiguous?: boolean;
  /** Tooltip title of bar i; the label itself when absent. */
  tooltipTitle?: (index: number) => string;
  /** Extra tooltip lines of bar i, after the count. */
  tooltipLines?: (index: number) => string[];
}

const tickFont = { family: FONT_MONO, size: 11 };
const titleFont = { size: 11 };

/** Pixel height for a chart of `categories` bars: horizontal charts grow with their bars. */
export function chartHeight(categories: number, orientation: BarSpec['orientation']): number {
  if (orientation === 'vertical') return 260;
  return Math.max(140, 60 + 24 * categories);
}

export function barChart(spec: BarSpec): BarConfig {
  const horizontal = spec.orientation === 'horizontal';
  const valueAxis = {
    type: 'linear' as const,
    beginAtZero: true,
    grid: { color: COLORS.grid },
    ticks: { precision: 0, font: tickFont, color: COLORS.muted, callback: (value: number | string) => formatCount(Number(value)) },
    title: { display: true, text: spec.valueTitle, font: titleFont, color: COLORS.muted },
  };
  const categoryAxis = {
    type: 'category' as const,
    grid: { display: false },
    ticks: { font: tickFont, color: COLORS.text, autoSkip: !horizontal, maxRotation: 0 },
    title: { display: true, text: spec.categoryTitle, font: titleFont, color: COLORS.muted },
  };
  return {
    type: 'bar',
    data: {
      labels: [...spec.labels],
      datasets: [
        {
          label: spec.seriesLabel,
          data: [...spec.values],
          backgroundColor: spec.color,
          borderWidth: 0,
          ...(spec.contiguous ? { categoryPercentage: 1, barPercentage: 1 } : { maxBarThickness: 22 }),
        },
      ],
    },
    options: {
      indexAxis: horizontal ? 'y' : 'x',
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      scales: horizontal ? { x: valueAxis, y: categoryAxis } : { x: categoryAxis, y: valueAxis },
      plugins: {
        legend: { display: false },
        tooltip: {
          titleFont: { family: FONT_MONO },
          bodyFont: { family: FONT_MONO },
          callbacks: {
            title: (items: TooltipItem<'bar'>[]) => {
              const first = items[0];
              if (first === undefined) return '';
              return spec.tooltipTitle ? spec.tooltipTitle(first.dataIndex) : (spec.labels[first.dataIndex] ?? '');
            },
            label: (item: TooltipItem<'bar'>) => `${spec.seriesLabel}: ${formatCount(spec.values[item.dataIndex] ?? 0)}`,
            afterLabel: (item: TooltipItem<'bar'>) => (spec.tooltipLines ? spec.tooltipLines(item.dataIndex) : []),
          },
        },
      },
    },
  };
}
