// Chart "ink" (axis text, titles, grid lines, legend text) per theme. The chart builders are pure
// and draw with the light theme's COLORS; ChartCanvas passes each configuration through withInk
// before drawing, so a dark window gets light text and darker grid lines, and redraws when the
// theme changes. Pure: returns a new configuration, the input is left as it was.
import type { BarConfig } from './bar-chart';
import type { LineConfig } from './line-chart';
import { COLORS } from './theme';

export type ThemeName = 'light' | 'dark';

export interface Ink {
  text: string;
  muted: string;
  grid: string;
}

export const INK: Readonly<Record<ThemeName, Ink>> = {
  light: { text: COLORS.text, muted: COLORS.muted, grid: COLORS.grid },
  dark: { text: '#e3e6ec', muted: '#a0a8b6', grid: '#343a46' },
};

interface AxisLike {
  ticks?: { color?: unknown };
  title?: { color?: unknown };
  grid?: { color?: unknown };
}

export function withInk<C extends BarConfig | LineConfig>(config: C, theme: ThemeName): C {
  if (theme === 'light') return config;
  const ink = INK[theme];
  const options: NonNullable<BarConfig['options']> = { ...(config.options as BarConfig['options']) };
  const scales: Record<string, AxisLike> = {};
  for (const [id, axis] of Object.entries((options.scales ?? {}) as Record<string, AxisLike>)) {
    scales[id] = {
      ...axis,
      ...(axis.ticks ? { ticks: { ...axis.ticks, color: axis.ticks.color === COLORS.text ? ink.text : ink.muted } } : {}),
      ...(axis.title ? { title: { ...axis.title, color: ink.muted } } : {}),
      ...(axis.grid ? { grid: { ...axis.grid, color: ink.grid } } : {}),
    };
  }
  options.scales = scales as typeof options.scales;
  const legend = options.plugins?.legend;
  if (legend) options.plugins = { ...options.plugins, legend: { ...legend, labels: { ...legend.labels, color: ink.muted } } };
  return { ...config, options } as C;
}
