// Line charts over category labels (a CDF over histogram buckets, exits per second over time):
// one line per series, no points, a legend for several series, a tooltip listing every series
// at the hovered category. The line counterpart of bar-chart.ts, with the same axes and fonts.
// Pure: no Chart.js runtime is imported.
import type { ChartConfiguration, TooltipItem } from 'chart.js';
import { formatCount } from '../format/format';
import { COLORS, FONT_MONO } from './theme';

export type LineConfig = ChartConfiguration<'line', number[], string>;

export interface LineSpec {
  labels: string[];
  series: { label: string; values: (number | null)[]; color: string }[];
  categoryTitle: string;
  valueTitle: string;
  formatValue?: (value: number) => string;
  /** Value axis bounds (e.g. 0..1 for a CDF). */
  min?: number;
  max?: number;
  /** Draw as steps (a CDF). */
  stepped?: boolean;
  tooltipTitle?: (index: number) => string;
}

const tickFont = { family: FONT_MONO, size: 11 };

export function lineChart(spec: LineSpec): LineConfig {
  const format = spec.formatValue ?? formatCount;
  return {
    type: 'line',
    data: {
      labels: [...spec.labels],
      datasets: spec.series.map((s) => ({
        label: s.label,
        data: s.values.map((v) => (v === null ? Number.NaN : v)),
        borderColor: s.color,
        backgroundColor: s.color,
        borderWidth: 2,
        pointRadius: 0,
        stepped: spec.stepped ? ('after' as const) : false,
        spanGaps: false,
      })),
    },
    options: {
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      interaction: { mode: 'index', intersect: false, axis: 'x' },
      scales: {
        x: {
          type: 'category',
          grid: { display: false },
          ticks: { font: tickFont, color: COLORS.text, autoSkip: true, maxRotation: 0 },
          title: { display: true, text: spec.categoryTitle, font: { size: 11 }, color: COLORS.muted },
        },
        y: {
          type: 'linear',
          beginAtZero: true,
          ...(spec.min !== undefined ? { min: spec.min } : {}),
          ...(spec.max !== undefined ? { max: spec.max } : {}),
          grid: { color: COLORS.grid },
          ticks: { font: tickFont, color: COLORS.muted, callback: (value: number | string) => format(Number(value)) },
          title: { display: true, text: spec.valueTitle, font: { size: 11 }, color: COLORS.muted },
        },
      },
      plugins: {
        legend: { display: spec.series.length > 1, position: 'top', align: 'end', labels: { boxWidth: 10, boxHeight: 10, font: { size: 11 }, color: COLORS.muted } },
        tooltip: {
          titleFont: { family: FONT_MONO },
          bodyFont: { family: FONT_MONO },
          callbacks: {
            title: (items: TooltipItem<'line'>[]) => {
              const i = items[0]?.dataIndex;
              return i === undefined ? '' : spec.tooltipTitle ? spec.tooltipTitle(i) : (spec.labels[i] ?? '');
            },
            label: (item: TooltipItem<'line'>) => {
              const s = spec.series[item.datasetIndex];
              const v = s?.values[item.dataIndex];
              return s ? `${s.label}: ${v === null || v === undefined ? '—' : format(v)}` : '';
            },
          },
        },
      },
    },
  };
}
