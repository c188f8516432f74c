// How the Markdown, HTML and PDF reports print figures, with their units: durations scaled to
// ns/µs/ms/s (three significant digits, as the app shows them), counts with thousands
// separators, cycles, shares as percentages, ports in hex. Locale-independent, pure; "—" for a
// figure that does not exist (a group with no closed exit) and "unknown" where the store does not know.
export const MISSING = '—';

export function significant(value: number, digits = 3): string {
  if (value === 0 || !Number.isFinite(value)) return String(value);
  const magnitude = Math.floor(Math.log10(Math.abs(value)));
  return String(Number(value.toFixed(Math.max(0, digits - 1 - magnitude))));
}

const UNITS = [
  { limit: 1e3, divisor: 1, unit: 'ns' },
  { limit: 1e6, divisor: 1e3, unit: 'µs' },
  { limit: 1e9, divisor: 1e6, unit: 'ms' },
  { limit: Infinity, divisor: 1e9, unit: 's' },
] as const;

export function ns(value: number | null): string {
  if (value === null || !Number.isFinite(value)) return MISSING;
  const sign = value < 0 ? '-' : '';
  const abs = Math.abs(value);
  for (const { limit, divisor, unit } of UNITS) {
    const scaled = Number(significant(abs / divisor));
    if (scaled < limit / divisor || limit === Infinity) return `${sign}${divisor === 1 ? String(Math.round(abs)) : String(scaled)} ${unit}`;
  }
  return MISSING;
}

const COUNT = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

export function count(n: number | null): string {
  return n === null ? MISSING : COUNT.format(n);
}

/** Cycles, rounded to whole cycles with separators: "12,345 cyc". */
export function cycles(n: number | null): string {
  return n === null ? MISSING : `${COUNT.format(Math.round(n))} cyc`;
}

export function percent(share: number | null): string {
  return share === null || !Number.isFinite(share) ? MISSING : `${(share * 100).toFixed(1)}%`;
}

export function hexPort(port: number): string {
  return `0x${port.toString(16)}`;
}

/** "mean ± stddev" of a latency group. */
export function meanPm(mean: number | null, stddev: number | null): string {
  if (mean === null) return MISSING;
  return stddev === null ? ns(mean) : `${ns(mean)} ± ${ns(stddev)}`;
}

export function orUnknown(v: string | number | null): string {
  return v === null || v === '' ? 'unknown' : String(v);
}
