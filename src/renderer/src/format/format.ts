// Formatting of what the UI shows: durations (ns → "250 ns", "1.2 µs", "3 ms"), I/O ports in
// hex, counts with thousands separators, byte sizes, timestamps and export file names. Pure and
// locale-independent (always "1,234"), so charts, tables and tests agree on every string.
import type { IoDirection } from '../../../shared/dto';

/** Shown for a value that does not exist (a group with no closed exit). */
export const MISSING = '—';

const DURATION_UNITS: readonly { limit: number; divisor: number; unit: string }[] = [
  { limit: 1e3, divisor: 1, unit: 'ns' },
  { limit: 1e6, divisor: 1e3, unit: 'µs' },
  { limit: 1e9, divisor: 1e6, unit: 'ms' },
  { limit: Infinity, divisor: 1e9, unit: 's' },
];

/** A number to at most `digits` significant digits, without trailing zeros: 1.20 → "1.2". */
export function formatSignificant(value: number, digits = 3): string {
  if (value === 0 || !Number.isFinite(value)) return String(value);
  const magnitude = Math.floor(Math.log10(Math.abs(value)));
  const decimals = Math.max(0, digits - 1 - magnitude);
  return String(Number(value.toFixed(decimals)));
}

/** A duration in nanoseconds, scaled to ns, µs, ms or s with three significant digits. */
export function formatDuration(ns: number | null): string {
  if (ns === null || !Number.isFinite(ns)) return MISSING;
  const sign = ns < 0 ? '-' : '';
  const abs = Math.abs(ns);
  // Pick the unit after rounding, so 999.6 ns reads "1 µs" rather than "1000 ns".
  for (const { limit, divisor, unit } of DURATION_UNITS) {
    const scaled = Number(formatSignificant(abs / divisor));
    if (scaled < limit / divisor || limit === Infinity) {
      return `${sign}${divisor === 1 ? String(Math.round(abs)) : String(scaled)} ${unit}`;
    }
  }
  return MISSING; // unreachable: the last unit has no limit
}

const COUNT_FORMAT = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

/** An integer count with thousands separators: 1234567 → "1,234,567". */
export function formatCount(n: number | null): string {
  return n === null ? MISSING : COUNT_FORMAT.format(n);
}

/** A share as a percentage with one decimal: 0.1234 → "12.3%". */
export function formatPercent(part: number, whole: number): string {
  if (whole <= 0) return MISSING;
  return `${(100 * part / whole).toFixed(1)}%`;
}

/** An I/O port in lower-case hex without padding, as Linux prints them: 0x3f8. */
export function formatPort(port: number): string {
  return `0x${port.toString(16)}`;
}

/** A port-I/O label: "0x3f8 COM1 out/1"; the device, or the access when unknown, is left out. */
export function formatPortLabel(port: number, device: string | null, direction: IoDirection | null, size: number | null): string {
  const access = direction !== null && size !== null ? `${direction}/${size}` : null;
  return [formatPort(port), device, access].filter((part) => part !== null && part !== '').join(' ');
}

/** A trace timestamp in seconds with microsecond digits, as tracefs prints it: "1000.000100". */
export function formatTraceTime(ns: number): string {
  const micros = Math.round(ns / 1e3);
  const seconds = Math.floor(micros / 1e6);
  return `${seconds}.${String(micros - seconds * 1e6).padStart(6, '0')}`;
}

const BYTE_UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB'] as const;

/** A byte count in binary units: 1536 → "1.5 KiB". */
export function formatBytes(bytes: number): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < BYTE_UNITS.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return unit === 0 ? `${bytes} B` : `${formatSignificant(value)} ${BYTE_UNITS[unit]}`;
}

const pad2 = (n: number): string => String(n).padStart(2, '0');

/** An ISO 8601 timestamp in local time as "2026-11-24 18:05"; the input itself if unparsable. */
export function formatDateTime(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return `${date.getFullYear()}-${pad2(date.getMonth() + 1)}-${pad2(date.getDate())} ${pad2(date.getHours())}:${pad2(date.getMinutes())}`;
}

/** The file name proposed for a trace's CSV export: "kvm.txt" → "kvm.csv", unsafe characters replaced. */
export function csvFileName(traceName: string): string {
  const base = traceName.replace(/\.[A-Za-z0-9]{1,5}$/, '').replace(/[\\/:*?"<>|]+/g, '_').trim();
  return `${base || 'trace'}.csv`;
}

/** A report's file name: the trace's name without its extension, then the format's ("run.html", "run.perfetto.json"). */
export function reportFileName(traceName: string, extension: string): string {
  const base = traceName.replace(/\.[A-Za-z0-9]{1,5}$/, '').replace(/[\\/:*?"<>|]+/g, '_').trim();
  return `${base || 'report'}.${extension}`;
}

const UNIT_WORDS = new Set(['us', 'ns', 'ms', 's', 'cycles', 'bytes']);

/**
 * A camelCase key as a column title: "cyclesPerIteration" → "Cycles per iteration". A trailing
 * unit word ("guestTimeUs") is dropped when the caller shows the unit itself (`dropUnit`).
 */
export function humanizeName(name: string, dropUnit = false): string {
  const words = name.replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2').split(/[\s_-]+/).filter(Boolean);
  if (dropUnit && words.length > 1 && UNIT_WORDS.has(words[words.length - 1]!.toLowerCase())) words.pop();
  const text = words.map((w, i) => (i === 0 ? w : /^[A-Z]{2,}$/.test(w) ? w : w.toLowerCase())).join(' ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}
