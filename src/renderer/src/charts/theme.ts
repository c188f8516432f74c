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

/**
 * One colour per exit mechanism, the same in every view (run, savings, compare, the trace list's
 * swatches). Six hues apart (red, blue, green, orange, purple, magenta) so no two look alike, and
 * each readable on the light and the dark background.
 */
export const MECHANISM_COLORS: Readonly<Record<string, string>> = {
  trap: '#c0392b',
  vmx: '#3a78c2',
  svm: '#2e9b6e',
  hypercall: '#e08a1e',
  batched: '#8e5bb5',
  ring: '#d0458f',
};

/** The colour of a mechanism, or a neutral grey for an unknown or absent one. */
export function mechanismColor(mechanism: string | null | undefined): string {
  return (mechanism ? MECHANISM_COLORS[mechanism] : undefined) ?? '#7a8494';
}

/** Colours for the traces of a comparison that are not runs of a mechanism (imports), in order. */
export const SERIES_COLORS: readonly string[] = ['#3a6ea5', '#d08c2e', '#2e8b74', '#a3262a', '#8a5a9e', '#5b6472', '#c2477d', '#8c6d31'];

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
