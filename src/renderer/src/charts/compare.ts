// The compare view's charts and tables, built from a TraceComparison: one colour per trace (its
// mechanism's colour for runs, so a trap run is red here as everywhere; a palette colour for
// imports and for a second run of a mechanism already shown), a table per dimension for one
// measure at a time (each trace's value, then each later trace's delta and ratio against the
// first), the histograms overlaid (side-by-side bars on the common buckets) and the CDFs. Pure.
import type { CompareMeasure, CompareTable, ComparedTrace, TraceComparison } from '../../../shared/compare';
import { formatCount, formatDuration, formatSignificant, MISSING } from '../format/format';
import type { TableModel } from '../tables/table-model';
import { barChart, type BarConfig } from './bar-chart';
import { lineChart, type LineConfig } from './line-chart';
import { MECHANISM_COLORS, SERIES_COLORS } from './theme';

export type CompareMeasureKey = 'count' | 'ops' | 'ratePerS' | 'p50' | 'p99' | 'total';

export const MEASURES: readonly { key: CompareMeasureKey; label: string }[] = [
  { key: 'count', label: 'Exits' },
  { key: 'ops', label: 'Port operations' },
  { key: 'ratePerS', label: 'Exits per second' },
  { key: 'p50', label: 'p50' },
  { key: 'p99', label: 'p99' },
  { key: 'total', label: 'Total' },
];

export function traceColors(traces: readonly ComparedTrace[]): string[] {
  const used = new Set<string>();
  let next = 0;
  return traces.map((t) => {
    let c = t.mechanism ? MECHANISM_COLORS[t.mechanism] : undefined;
    if (c === undefined || used.has(c)) {
      do c = SERIES_COLORS[next++ % SERIES_COLORS.length]!;
      while (used.has(c) && next < 2 * SERIES_COLORS.length);
    }
    used.add(c);
    return c;
  });
}

/** "#2 trap" style short name of trace i, used in column titles and legends. */
export function traceTag(t: ComparedTrace, i: number): string {
  return `#${i + 1} ${t.mechanism ?? t.kind}`;
}

function formatMeasure(key: CompareMeasureKey, unit: CompareTable['unit'], v: number | null): string {
  if (v === null) return MISSING;
  if (key === 'count' || key === 'ops') return formatCount(v);
  if (key === 'ratePerS') return `${v >= 1000 ? formatCount(Math.round(v)) : formatSignificant(v, 3)}/s`;
  return unit === 'ns' ? formatDuration(v) : `${formatCount(Math.round(v))} cyc`;
}

function signed(key: CompareMeasureKey, unit: CompareTable['unit'], v: number | null): string {
  if (v === null) return MISSING;
  const text = formatMeasure(key, unit, Math.abs(v));
  return v > 0 ? `+${text}` : v < 0 ? `−${text}` : text;
}

const valueOf = (m: CompareMeasure | null, key: CompareMeasureKey): number | null => (m === null ? (key === 'count' ? 0 : null) : m[key]);

/** What the unit of a measure is, for the caption. */
export function measureUnit(key: CompareMeasureKey, table: CompareTable): string {
  if (key === 'count' || key === 'ops') return 'count';
  if (key === 'ratePerS') return 'exits per second';
  return table.unit === 'ns' ? 'nanoseconds' : 'guest cycles';
}

export function compareTableModel(c: TraceComparison, table: CompareTable, key: CompareMeasureKey): TableModel {
  const label = MEASURES.find((m) => m.key === key)?.label ?? key;
  const later = c.traces.slice(1);
  return {
    id: `compare-table-${table.dimension}`,
    caption: `${label} by ${table.dimension} (${measureUnit(key, table)})`,
    columns: [
      { key: 'group', label: table.dimension === 'port' ? 'Port, device, access' : table.dimension[0]!.toUpperCase() + table.dimension.slice(1), title: table.derivation },
      ...c.traces.map((t, i) => ({ key: `v${i}`, label: traceTag(t, i), numeric: true, title: `${t.name} (trace ${t.id}): ${t.latencyMeaning}` })),
      ...later.flatMap((t, j) => [
        { key: `d${j + 1}`, label: `Δ ${traceTag(t, j + 1)}`, numeric: true, title: `${traceTag(t, j + 1)} − ${traceTag(c.traces[0]!, 0)}` },
        { key: `r${j + 1}`, label: `× ${traceTag(t, j + 1)}`, numeric: true, title: `${traceTag(t, j + 1)} ÷ ${traceTag(c.traces[0]!, 0)}` },
      ]),
    ],
    rows: table.rows.map((r) => {
      const cells: Record<string, string> = { group: r.label };
      const sort: Record<string, number | string | null> = { group: r.label };
      r.values.forEach((v, i) => {
        const x = v === null ? null : v[key];
        cells[`v${i}`] = v === null ? 'absent' : formatMeasure(key, table.unit, x);
        sort[`v${i}`] = x;
      });
      r.deltas.forEach((d, j) => {
        const dv = d[key];
        cells[`d${j + 1}`] = signed(key, table.unit, dv);
        sort[`d${j + 1}`] = dv;
        const a = valueOf(r.values[0] ?? null, key);
        const b = valueOf(r.values[j + 1] ?? null, key);
        const ratio = a !== null && b !== null && a !== 0 ? b / a : null;
        cells[`r${j + 1}`] = ratio === null ? MISSING : `${formatSignificant(ratio, 3)}×`;
        sort[`r${j + 1}`] = ratio;
      });
      return { key: r.key, cells, sort };
    }),
    empty: `No ${table.dimension} groups in these traces.`,
    sortable: true,
  };
}

export function compareHistogramChart(c: TraceComparison, colors: readonly string[], share: boolean): BarConfig {
  const b = c.histogram.buckets;
  const totals = c.traces.map((_, i) => b.reduce((n, x) => n + (x.counts[i] ?? 0), 0));
  return barChart({
    labels: b.map((x) => formatDuration(x.loNs)),
    series: c.traces.map((t, i) => ({
      label: traceTag(t, i),
      values: b.map((x) => (share ? (totals[i] ? (100 * (x.counts[i] ?? 0)) / totals[i]! : 0) : (x.counts[i] ?? 0))),
      color: colors[i]!,
    })),
    orientation: 'vertical',
    categoryTitle: 'Latency (bucket lower bound, log scale)',
    valueTitle: share ? 'Share of the trace\u2019s exits (%)' : 'Exits',
    contiguous: true,
    stacked: false,
    ...(share ? { formatValue: (v: number) => `${formatSignificant(v, 3)}%` } : {}),
    tooltipTitle: (i) => (b[i] ? `[${formatDuration(b[i]!.loNs)}, ${formatDuration(b[i]!.hiNs)})` : ''),
  });
}

export function compareCdfChart(c: TraceComparison, colors: readonly string[]): LineConfig {
  const b = c.histogram.buckets;
  return lineChart({
    labels: b.map((x) => formatDuration(x.hiNs)),
    series: c.traces.map((t, i) => ({ label: traceTag(t, i), values: b.map((x) => 100 * (x.cdf[i] ?? 0)), color: colors[i]! })),
    categoryTitle: 'Latency below (bucket upper bound, log scale)',
    valueTitle: 'Exits at or below (%)',
    min: 0,
    max: 100,
    stepped: true,
    formatValue: (v) => `${formatSignificant(v, 3)}%`,
    tooltipTitle: (i) => (b[i] ? `≤ ${formatDuration(b[i]!.hiNs)}` : ''),
  });
}

export function compareHistogramTable(c: TraceComparison): TableModel {
  return {
    id: 'compare-histogram-data',
    caption: 'Latency histograms and CDFs',
    columns: [
      { key: 'from', label: 'From', numeric: true },
      { key: 'to', label: 'To (excl.)', numeric: true },
      ...c.traces.flatMap((t, i) => [
        { key: `n${i}`, label: `${traceTag(t, i)} exits`, numeric: true },
        { key: `c${i}`, label: `${traceTag(t, i)} CDF`, numeric: true },
      ]),
    ],
    rows: c.histogram.buckets.map((x) => {
      const cells: Record<string, string> = { from: formatDuration(x.loNs), to: formatDuration(x.hiNs) };
      c.traces.forEach((_, i) => {
        cells[`n${i}`] = formatCount(x.counts[i] ?? 0);
        cells[`c${i}`] = `${(100 * (x.cdf[i] ?? 0)).toFixed(1)}%`;
      });
      return { key: String(x.index), cells };
    }),
    empty: 'None of these traces has a closed exit.',
  };
}
