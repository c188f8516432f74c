// The run view's charts and tables, built from a RunBreakdown: the latency histogram of each
// mechanism of the run group side by side, exits by port-I/O form, and the eight cost
// components per form stacked (mean cycles per exit), each component explained on hover by the
// profile parameters that priced it (value, unit, kind, source). Pure.
import type { Histogram, HistogramBucket } from '../../../shared/dto';
import { COST_COMPONENTS } from '../../../shared/runs';
import type { ComponentSource, FormBreakdown, MechanismHistogram, ParamSourceInfo, RunBreakdown } from '../../../shared/runs';
import { formatCount, formatDuration, formatSignificant, humanizeName } from '../format/format';
import type { TableModel, TableRow } from '../tables/table-model';
import { barChart, type BarConfig } from './bar-chart';
import { bucketRange } from './latency-histogram';
import { COLORS, COMPONENT_COLORS, MECHANISM_COLORS } from './theme';

/** Cycles with at most three significant digits below 1000, else a whole count: "2,116", "11.5". */
export function formatCycles(n: number): string {
  return Math.abs(n) >= 1000 ? formatCount(Math.round(n)) : formatSignificant(n);
}

/** "entry.trap = 2,000 cycles (published 2000 cycles; measured) — https://… — note" */
export function paramLine(p: ParamSourceInfo): string {
  const where = [p.source.url, p.source.citation].filter((x): x is string => x !== null && x !== '').join('; ');
  const inherited = (p.inheritedFrom === null ? '' : `, from set ${p.inheritedFrom}`) + (p.borrowedFrom === null ? '' : `; BORROWED from ${p.borrowedFrom}`);
  const derivation = p.derivation === null ? '' : `; ${p.derivation}`;
  return `${p.id} = ${formatCycles(p.value)} cycles (published ${p.published.value} ${p.published.unit}; ${p.kind}${inherited}${derivation})` +
    `${where ? ` — ${where}` : ''}${p.source.note ? ` — ${p.source.note}` : ''}`;
}

/** A component's hover text: its derivation, then every parameter with its source. */
export function componentTitle(cs: ComponentSource): string {
  return [`${cs.component}: ${cs.derivation}`, ...cs.params.map((p) => `  ${paramLine(p)}`)].join('\n');
}

const mean = (f: FormBreakdown, cycles: number): number => (f.exits > 0 ? cycles / f.exits : 0);

/** The union of the histograms' bucket indexes, lowest to highest, gaps filled. */
function bucketSpan(hs: readonly Histogram[]): HistogramBucket[] {
  const all = hs.flatMap((h) => h.buckets.filter((b) => b.count > 0));
  if (all.length === 0) return [];
  const edges = new Map(hs.flatMap((h) => h.buckets).map((b) => [b.index, b]));
  const lo = Math.min(...all.map((b) => b.index));
  const hi = Math.max(...all.map((b) => b.index));
  const out: HistogramBucket[] = [];
  const B = hs[0]!.bucketsPerOctave;
  for (let i = lo; i <= hi; i++) {
    const b = edges.get(i);
    out.push({ index: i, loNs: b?.loNs ?? Math.pow(2, i / B), hiNs: b?.hiNs ?? Math.pow(2, (i + 1) / B), count: 0 });
  }
  return out;
}

function countAt(h: Histogram, index: number): number {
  return h.buckets.find((b) => b.index === index)?.count ?? 0;
}

export function mechanismHistogramChart(hs: readonly MechanismHistogram[]): BarConfig {
  const span = bucketSpan(hs.map((h) => h.histogram));
  return barChart({
    labels: span.map((b) => formatDuration(b.loNs)),
    series: hs.map((h) => ({ label: `${h.mechanism} (#${h.traceId})`, values: span.map((b) => countAt(h.histogram, b.index)), color: MECHANISM_COLORS[h.mechanism] ?? COLORS.histogram })),
    orientation: 'vertical',
    categoryTitle: 'Exit latency (bucket lower bound, log scale)',
    valueTitle: 'Exits',
    contiguous: true,
    stacked: false,
    tooltipTitle: (i) => (span[i] ? bucketRange(span[i]) : ''),
  });
}

export function mechanismHistogramTable(hs: readonly MechanismHistogram[]): TableModel {
  const span = bucketSpan(hs.map((h) => h.histogram));
  return {
    id: 'run-histogram-data',
    caption: 'Exit latency histogram per mechanism',
    columns: [
      { key: 'from', label: 'From', numeric: true },
      { key: 'to', label: 'To (excl.)', numeric: true },
      ...hs.map((h) => ({ key: h.mechanism, label: `${h.mechanism} exits`, numeric: true })),
    ],
    rows: span.map((b) => ({
      key: String(b.index),
      cells: { from: formatDuration(b.loNs), to: formatDuration(b.hiNs), ...Object.fromEntries(hs.map((h) => [h.mechanism, formatCount(countAt(h.histogram, b.index))])) },
    })),
    empty: 'No exits.',
  };
}

/** Whether some exit carried several operations (batched, ring): exits and operations are then shown apart. */
const severalOps = (forms: readonly FormBreakdown[]): boolean => forms.some((f) => f.ops !== undefined && f.ops !== null && f.ops !== f.exits && f.formId !== null);

export function formCountChart(forms: readonly FormBreakdown[], mechanism: string): BarConfig {
  const exits = { label: 'Exits', values: forms.map((f) => f.exits), color: MECHANISM_COLORS[mechanism] ?? COLORS.reason };
  const apart = severalOps(forms);
  return barChart({
    labels: forms.map((f) => f.label),
    series: apart ? [{ ...exits, label: 'Exits (filed under their first operation\u2019s form)' }, { label: 'Port operations', values: forms.map((f) => f.ops ?? 0), color: COLORS.port }] : [exits],
    orientation: 'horizontal',
    stacked: false,
    categoryTitle: 'Port-I/O form',
    valueTitle: apart ? 'Exits / operations' : 'Exits',
  });
}

export function formCountTable(forms: readonly FormBreakdown[]): TableModel {
  const total = forms.reduce((n, f) => n + f.exits, 0);
  return {
    id: 'run-forms-data',
    caption: 'Exits by port-I/O form',
    columns: [
      { key: 'form', label: 'Form id', numeric: true },
      { key: 'label', label: 'Instruction' },
      { key: 'exits', label: 'Exits', numeric: true },
      { key: 'share', label: 'Share', numeric: true },
      { key: 'ops', label: 'Operations', numeric: true, title: 'Port operations of the form: each operation of a batched or ring exit counted on its own form' },
    ],
    rows: forms.map((f) => ({
      key: f.key,
      cells: {
        form: f.formId === null ? '—' : String(f.formId), label: f.label, exits: formatCount(f.exits), share: total > 0 ? `${(100 * f.exits / total).toFixed(1)}%` : '—',
        ops: formatCount(f.ops ?? null),
      },
    })),
    empty: 'No exits.',
  };
}

function sourcesOf(b: RunBreakdown, f: FormBreakdown): ComponentSource[] {
  return b.sources[f.key] ?? [];
}

export function formCostChart(b: RunBreakdown): BarConfig {
  return barChart({
    labels: b.forms.map((f) => f.label),
    series: COST_COMPONENTS.map((c) => ({ label: c, values: b.forms.map((f) => mean(f, f.cycles[c])), color: COMPONENT_COLORS[c] ?? COLORS.reason })),
    orientation: 'horizontal',
    categoryTitle: 'Port-I/O form',
    valueTitle: 'Mean cycles per exit',
    formatValue: formatCycles,
    tooltipLines: (i) => {
      const f = b.forms[i];
      if (!f) return [];
      return sourcesOf(b, f).filter((s) => s.params.length > 0).map((s) => `${s.component} ← ${s.params.map((p) => `${p.id} (${p.kind})`).join(', ')}`);
    },
  });
}

export function formCostTable(b: RunBreakdown): TableModel {
  const rows: TableRow[] = b.forms.map((f) => {
    const sources = new Map(sourcesOf(b, f).map((s) => [s.component, s]));
    const titles: Record<string, string> = {};
    for (const c of COST_COMPONENTS) {
      const s = sources.get(c);
      if (s) titles[c] = componentTitle(s);
    }
    titles.total = 'Σ of the eight components, mean over the form\u2019s exits';
    return {
      key: f.key,
      cells: {
        label: f.label, exits: formatCount(f.exits),
        ...Object.fromEntries(COST_COMPONENTS.map((c) => [c, formatCycles(mean(f, f.cycles[c]))])),
        total: formatCycles(mean(f, f.totalCycles)), sum: formatCount(f.totalCycles),
      },
      sort: { exits: f.exits, total: mean(f, f.totalCycles), sum: f.totalCycles, ...Object.fromEntries(COST_COMPONENTS.map((c) => [c, mean(f, f.cycles[c])])) },
      titles,
    };
  });
  return {
    id: 'run-costs-table',
    caption: 'Cost components per form: mean cycles per exit (hover a component for the profile parameters that priced it)',
    columns: [
      { key: 'label', label: 'Form' },
      { key: 'exits', label: 'Exits', numeric: true },
      ...COST_COMPONENTS.map((c) => ({ key: c, label: `${humanizeName(c)} (cyc)`, numeric: true, title: `${c}: Σ cost_${c} ÷ exits, cycles per exit` })),
      { key: 'total', label: 'Total / exit (cyc)', numeric: true, title: 'Σ cost_total ÷ exits, cycles' },
      { key: 'sum', label: 'Σ cycles', numeric: true, title: 'Σ cost_total over the form\u2019s exits, cycles' },
    ],
    rows,
    empty: 'No exits.',
    sortable: true,
  };
}

/** Every (component, parameter) that priced any form of the run, once. */
export function sourcesTable(b: RunBreakdown): TableModel {
  const seen = new Map<string, { component: string; p: ParamSourceInfo }>();
  for (const list of Object.values(b.sources)) {
    for (const s of list) for (const p of s.params) seen.set(`${s.component}/${p.id}`, { component: s.component, p });
  }
  const order = (c: string): number => (COST_COMPONENTS as readonly string[]).indexOf(c);
  const rows = [...seen.entries()].sort(([, a], [, z]) => order(a.component) - order(z.component) || a.p.id.localeCompare(z.p.id));
  return {
    id: 'run-sources-table',
    caption: 'Where the components\u2019 cycles come from (profile parameters)',
    columns: [
      { key: 'component', label: 'Component' },
      { key: 'param', label: 'Parameter' },
      { key: 'value', label: 'Cycles', numeric: true },
      { key: 'published', label: 'Published', numeric: true, title: 'The value and unit as the profile file gives them' },
      { key: 'kind', label: 'Kind', title: 'measured, manual (read from a manual), derived (formula given) or assumed (reason given)' },
      { key: 'source', label: 'Source' },
    ],
    rows: rows.map(([key, { component, p }]) => ({
      key,
      cells: {
        component, param: p.id, value: formatCycles(p.value), published: `${p.published.value} ${p.published.unit}`, kind: p.kind,
        source: [p.source.url, p.source.citation].filter((x) => x !== null && x !== '').join('; ') || p.source.note,
      },
      titles: { source: paramLine(p) },
    })),
    empty: 'No sources (the profile is not loaded on this host).',
  };
}
