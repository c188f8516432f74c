// The one bar-chart shape all ExitScope charts share: counts over category labels, horizontal
// (long labels such as reasons and ports) or vertical (histograms), one series or several
// stacked or side by side (with a legend), integer value ticks, and a tooltip that lists every series of
// the hovered category plus optional extra lines. The per-chart builders (reasons.ts, ports.ts,
// latency-histogram.ts) turn a DTO into a BarSpec; this turns a BarSpec into the Chart.js
// configuration that ChartCanvas.vue draws. Pure: no Chart.js runtime is imported.
import type { ChartConfiguration, TooltipItem } from 'chart.js';
import { formatCount } from '../format/format';
import { COLORS, FONT_MONO } from './theme';

export type BarConfig = ChartConfiguration<'bar', number[], string>;

export interface BarSeries {
  /** The series' name, e.g. "Exits" or "Userspace device model". */
  label: string;
  values: number[];
  /** One colour, or one per category (e.g. each mechanism in its own colour). */
  color: string | string[];
}

export interface BarSpec {
  labels: string[];
  /** One series, or several drawn stacked. */
  series: BarSeries[];
  orientation: 'horizontal' | 'vertical';
  categoryTitle: string;
  valueTitle: string;
  /** Bars touch (a histogram) instead of standing apart. */
  contiguous?: boolean;
  /** Several series: stacked (default) or side by side (e.g. one per mechanism). */
  stacked?: boolean;
  /** Value ticks and tooltip values: integers (default) or a formatter of their own. */
  formatValue?: (value: number) => string;
  /** Tooltip title of category i; the label itself when absent. */
  tooltipTitle?: (index: number) => string;
  /** Extra tooltip lines of category i, after the series' counts. */
  tooltipLines?: (index: number) => string[];
}

const tickFont = { family: FONT_MONO, size: 11 };
const titleFont = { size: 11 };

/** Pixel height for a chart of `categories` bars: horizontal charts grow with their bars; a legend (several series) takes a line. */
export function chartHeight(categories: number, orientation: BarSpec['orientation'], series = 1): number {
  const legend = series > 1 ? 24 : 0;
  if (orientation === 'vertical') return 260 + legend;
  return Math.max(140, 60 + 24 * categories) + legend;
}

/** Whether a horizontal chart's (rotated) category title fits the height chartHeight gives it. */
export function categoryTitleFits(spec: Pick<BarSpec, 'labels' | 'series' | 'categoryTitle'>): boolean {
  const axis = chartHeight(spec.labels.length, 'horizontal', spec.series.length) - 70;
  return spec.categoryTitle.length * 6.5 <= axis;
}

export function barChart(spec: BarSpec): BarConfig {
  const horizontal = spec.orientation === 'horizontal';
  const several = spec.series.length > 1;
  const stacked = several && (spec.stacked ?? true);
  const format = spec.formatValue ?? formatCount;
  const valueAxis = {
    type: 'linear' as const,
    beginAtZero: true,
    stacked,
    grid: { color: COLORS.grid },
    ticks: { precision: 0, font: tickFont, color: COLORS.muted, callback: (value: number | string) => format(Number(value)) },
    title: { display: true, text: spec.valueTitle, font: titleFont, color: COLORS.muted },
  };
  const categoryAxis = {
    type: 'category' as const,
    stacked,
    grid: { display: false },
    ticks: { font: tickFont, color: COLORS.text, autoSkip: !horizontal, maxRotation: 0 },
    // A horizontal chart's category title runs along its height: drawn only where it fits (about
    // 6.5 px per character at 11 px), else it would be clipped; the panel's title names the axis.
    title: { display: !horizontal || categoryTitleFits(spec), text: spec.categoryTitle, font: titleFont, color: COLORS.muted },
  };
  const firstIndex = (items: TooltipItem<'bar'>[]): number | null => items[0]?.dataIndex ?? null;
  return {
    type: 'bar',
    data: {
      labels: [...spec.labels],
      datasets: spec.series.map((s) => ({
        label: s.label,
        data: [...s.values],
        backgroundColor: s.color,
        borderWidth: 0,
        ...(spec.contiguous ? { categoryPercentage: 1, barPercentage: 1 } : { maxBarThickness: 22 }),
      })),
    },
    options: {
      indexAxis: horizontal ? 'y' : 'x',
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      interaction: { mode: 'index', intersect: false, axis: horizontal ? 'y' : 'x' },
      scales: horizontal ? { x: valueAxis, y: categoryAxis } : { x: categoryAxis, y: valueAxis },
      plugins: {
        legend: {
          display: several,
          position: 'top',
          align: 'end',
          labels: { boxWidth: 10, boxHeight: 10, font: { size: 11 }, color: COLORS.muted },
        },
        tooltip: {
          titleFont: { family: FONT_MONO },
          bodyFont: { family: FONT_MONO },
          callbacks: {
            title: (items: TooltipItem<'bar'>[]) => {
              const i = firstIndex(items);
              if (i === null) return '';
              return spec.tooltipTitle ? spec.tooltipTitle(i) : (spec.labels[i] ?? '');
            },
            label: (item: TooltipItem<'bar'>) => {
              const series = spec.series[item.datasetIndex];
              return series ? `${series.label}: ${format(series.values[item.dataIndex] ?? 0)}` : '';
            },
            afterBody: (items: TooltipItem<'bar'>[]) => {
              const i = firstIndex(items);
              return i !== null && spec.tooltipLines ? spec.tooltipLines(i) : [];
            },
          },
        },
      },
    },
  };
}
