// Colours and fonts shared by the charts and the stylesheet (styles.css uses the same values
// as CSS variables). Neutral, print-friendly: one accent per kind of data.
export const FONT_UI = 'system-ui, "Segoe UI", "DejaVu Sans", sans-serif';
export const FONT_MONO = 'ui-monospace, "SFMono-Regular", "DejaVu Sans Mono", Menlo, Consolas, monospace';

export const COLORS = {
  text: '#1f2430',
  muted: '#5b6472',
  grid: '#e3e6eb',
  reason: '#3a6ea5',
  port: '#2e8b74',
  portUserspace: '#d08c2e',
  histogram: '#8a5a9e',
} as const;
