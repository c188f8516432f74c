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

/** One colour per exit mechanism, the same in every run and savings chart. */
export const MECHANISM_COLORS: Readonly<Record<string, string>> = {
  trap: '#a3262a',
  vmx: '#3a6ea5',
  svm: '#2e8b74',
  hypercall: '#d08c2e',
  batched: '#8a5a9e',
  ring: '#2f5d8a',
};

/** One colour per cost component (entry … resume), in the cost model's order. */
export const COMPONENT_COLORS: Readonly<Record<string, string>> = {
  entry: '#3a6ea5',
  dispatch: '#6d9bc8',
  fetch: '#2e8b74',
  decode: '#a3262a',
  permission: '#d08c2e',
  userspace: '#8a5a9e',
  emulate: '#5b6472',
  resume: '#9fb7d0',
};
