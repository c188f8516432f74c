// The HTML report: one self-contained file. Its data (the report model, as JSON in a
// non-executable script block), Chart.js (inlined, chartjs-bundle.ts) and the chart script
// (html-charts.ts) are all inside it; a Content-Security-Policy allows only those two scripts (by
// hash) and nothing remote, so it opens offline in any browser and cannot load anything. Every
// table cell has data-col and every table data-table="<name>-<trace id>", as the app's tables,
// so tests read figures back. Light and dark styles, print rules: html-style.ts.
import { createHash } from 'node:crypto';
import { COST_COMPONENTS } from '../../shared/runs';
import { chartJsBundle } from './chartjs-bundle';
import { count, cycles, hexPort, meanPm, ns, orUnknown, percent } from './format-figures';
import { CHART_SCRIPT, chartSpecs } from './html-charts';
import type { ChartSpec } from './html-charts';
import { REPORT_CSS } from './html-style';
import type { Report, TraceReport } from './report-types';

const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** JSON that is safe inside a <script> element. */
export const scriptJson = (v: unknown): string => JSON.stringify(v).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');

interface Col { key: string; label: string; num?: boolean }

function table(name: string, cols: Col[], rows: Record<string, string>[]): string {
  const head = cols.map((c) => `<th${c.num ? ' class="num"' : ''} scope="col">${esc(c.label)}</th>`).join('');
  const body = rows.map((r) => '<tr>' + cols.map((c) => `<td data-col="${c.key}"${c.num ? ' class="num"' : ''}>${esc(r[c.key] ?? '')}</td>`).join('') + '</tr>').join('\n');
  return `<div class="table-wrap"><table data-table="${esc(name)}"><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table></div>`;
}

function chartHeight(s: ChartSpec): number {
  if (s.kind === 'bar') return 260;
  const rows = s.labels.length * (s.stacked ? 1 : s.series.length);
  return Math.max(140, 22 * rows + 70);
}

function figure(s: ChartSpec, note = '', wide = false): string {
  return `<figure class="chart${wide ? ' wide' : ''}" data-chart="${s.id}"><figcaption>${esc(s.title)}</figcaption>` +
    `<div class="chart-box" style="height:${chartHeight(s)}px"><canvas id="${s.id}" role="img" aria-label="${esc(s.title)}"></canvas></div>` +
    (note ? `<p class="note">${esc(note)}</p>` : '') + '</figure>';
}

const LATENCY_COLS: Col[] = [
  { key: 'count', label: 'Exits', num: true }, { key: 'min', label: 'Min', num: true }, { key: 'p50', label: 'p50', num: true },
  { key: 'p90', label: 'p90', num: true }, { key: 'p99', label: 'p99', num: true }, { key: 'max', label: 'Max', num: true },
  { key: 'mean', label: 'Mean ± sd', num: true }, { key: 'share', label: 'Time %', num: true },
];

function latencyCells(r: { count: number; minNs: number | null; p50Ns: number | null; p90Ns: number | null; p99Ns: number | null; maxNs: number | null; meanNs: number | null; stddevNs: number | null; timeShare: number | null }): Record<string, string> {
  return { count: count(r.count), min: ns(r.minNs), p50: ns(r.p50Ns), p90: ns(r.p90Ns), p99: ns(r.p99Ns), max: ns(r.maxNs), mean: meanPm(r.meanNs, r.stddevNs), share: percent(r.timeShare) };
}

function traceHtml(t: TraceReport, charts: Map<string, ChartSpec>, r: Report): string {
  const f = t.facts;
  const id = f.id;
  const chart = (name: string, note = '', wide = false): string => {
    const s = charts.get(`chart-${name}-${id}`);
    return s ? figure(s, note, wide) : '';
  };
  const facts: [string, string, string][] = [
    ['kind', 'Kind', `${f.kind} · ${f.status}`], ['format', 'Format', f.format], ['source', 'Source', orUnknown(f.sourcePath)],
    ['host', 'Host', orUnknown(f.host)], ['guest', 'Guest', orUnknown(f.guest)], ['vcpus', 'vCPUs', count(f.vcpus)],
    ['exits', 'Exits', count(f.exits)], ['io-exits', 'Port-I/O exits', count(f.ioExits)], ['userspace-exits', 'To userspace', count(f.userspaceExits)],
    ['duration', 'Duration', `${ns(f.durationNs)} (${f.timeBase === 'guest' ? 'guest clock' : 'trace timestamps'})`],
    ...(f.lines > 0 ? [['lines', 'Lines read / skipped', `${count(f.lines)} / ${count(f.skippedLines)}`] as [string, string, string]] : []),
    ...(f.exitCycles !== null ? [['exit-cycles', 'Cycles in exits', `${cycles(f.exitCycles)} of ${count(f.guestCycles)} guest cycles${f.guestCycles ? ` (${percent(f.exitCycles / f.guestCycles)})` : ''}`] as [string, string, string]] : []),
    ['created', 'Stored', f.createdAt],
  ];
  const parts: string[] = [];
  parts.push(`<section class="trace" data-trace="${id}"><h2>${r.traces.length > 1 ? '' : ''}Trace ${id}: ${esc(f.name)}</h2>`);
  parts.push('<dl class="facts">' + facts.map(([k, label, v]) => `<dt>${esc(label)}</dt><dd data-fact="${k}">${esc(v)}</dd>`).join('') + '</dl>');
  if (t.derivedFrom) parts.push(`<p class="derived" data-derived-from="${t.derivedFrom.sourceTraceId ?? ''}"><strong>Derived trace.</strong> ${esc(t.derivedFrom.changed)}.</p>`);
  parts.push('<div class="charts">' + chart('reasons', 'count of exits per canonical reason') + chart('ports', 'kernel vs userspace device model') +
    chart('histogram', t.histogram.derivation, true) + chart('costs', 'component mean = Σ cost_<component> over the form\u2019s exits ÷ exits', true) + '</div>');
  parts.push('<h3>Exits by reason</h3>');
  parts.push(table(`reasons-${id}`, [{ key: 'reason', label: 'Reason' }, ...LATENCY_COLS], t.reasons.map((x) => ({ reason: x.reason, ...latencyCells(x) }))));
  if (t.ports.length > 0) {
    parts.push('<h3>Port-I/O exits by port</h3>');
    parts.push(table(`ports-${id}`, [{ key: 'port', label: 'Port' }, { key: 'device', label: 'Device' }, { key: 'access', label: 'Access' }, ...LATENCY_COLS.slice(0, 1),
      { key: 'userspace', label: 'To userspace', num: true }, { key: 'elements', label: 'Elements', num: true }, ...LATENCY_COLS.slice(1)],
    t.ports.map((p) => ({ port: hexPort(p.port), device: p.device ?? 'unknown', access: `${p.direction}/${p.size}`, userspace: count(p.userspaceCount), elements: count(p.elements), ...latencyCells(p) }))));
  }
  if (t.forms.length > 0) {
    parts.push('<h3>Exits by port-I/O form</h3>');
    parts.push(table(`forms-${id}`, [{ key: 'form', label: 'Form', num: true }, { key: 'mnemonic', label: 'Instruction' }, { key: 'exits', label: 'Exits', num: true },
      { key: 'elements', label: 'Elements', num: true }, { key: 'cycles', label: 'Cycles', num: true }, { key: 'p50', label: 'p50 cycles', num: true }, { key: 'p99', label: 'p99 cycles', num: true }],
    t.forms.map((x) => ({ form: String(x.formId), mnemonic: x.mnemonic, exits: count(x.exits), elements: count(x.elements), cycles: cycles(x.costTotal), p50: cycles(x.costP50), p99: cycles(x.costP99) }))));
  }
  if (t.costs) {
    const c = t.costs;
    parts.push(`<h3>Cost components per form</h3><p class="muted">${esc(c.mechanism)} priced with profile ${esc(c.profileId)}${c.profile ? ` (${esc(c.profile.cpu)})` : ''}: mean cycles per exit of each component.</p>`);
    parts.push(table(`costs-${id}`, [{ key: 'form', label: 'Form' }, { key: 'exits', label: 'Exits', num: true }, ...COST_COMPONENTS.map((k) => ({ key: k, label: k, num: true })), { key: 'total', label: 'Total', num: true }],
      c.forms.map((x) => ({ form: x.label, exits: count(x.exits), ...Object.fromEntries(COST_COMPONENTS.map((k) => [k, cycles(x.exits ? x.cycles[k] / x.exits : null)])), total: cycles(x.exits ? x.totalCycles / x.exits : null) }))));
    if (c.parameters.length > 0) {
      parts.push('<h4>Profile parameters behind the components</h4>');
      parts.push(table(`params-${id}`, [{ key: 'id', label: 'Parameter' }, { key: 'value', label: 'Cycles', num: true }, { key: 'published', label: 'Published', num: true },
        { key: 'kind', label: 'Kind' }, { key: 'source', label: 'Source' }],
      c.parameters.map((p) => ({ id: p.id, value: count(p.value), published: `${p.published.value} ${p.published.unit}`, kind: p.kind,
        source: [p.source.citation, p.source.url, p.source.note, p.derivation ? `derived: ${p.derivation}` : null].filter((x) => x).join(' — ') }))));
    }
    parts.push(`<p class="note">${esc(c.sourcesDerivation)}</p>`);
  }
  if (t.slowest.length > 0) {
    parts.push(`<h3>Slowest exits</h3>`);
    parts.push(table(`slowest-${id}`, [{ key: 'seq', label: 'Seq', num: true }, { key: 'time', label: 'Time from start', num: true }, { key: 'vcpu', label: 'vCPU', num: true },
      { key: 'reason', label: 'Reason' }, { key: 'port', label: 'Port' }, { key: 'device', label: 'Device' }, { key: 'latency', label: 'Latency', num: true }],
    t.slowest.map((x) => ({ seq: String(x.seq), time: ns(x.timeNs - (f.firstNs ?? 0)), vcpu: String(x.vcpu), reason: x.reason,
      port: x.port === null ? '' : `${hexPort(x.port)} ${x.direction ?? ''}/${x.size ?? '?'}`, device: x.device ?? '', latency: ns(x.latencyNs) }))));
  }
  if (t.events.length > 0) {
    parts.push('<h4>Events in the source</h4><p class="muted">' + t.events.map((e) => `<code>${esc(e.event)}</code> ${count(e.count)}${e.handled ? '' : ' (counted, not used)'}`).join(' · ') + '</p>');
  }
  if (t.unknowns.length > 0) parts.push('<h4>Not known</h4><ul class="unknowns">' + t.unknowns.map((u) => `<li>${esc(u)}</li>`).join('') + '</ul>');
  parts.push('</section>');
  return parts.join('\n');
}

function savingsHtml(r: Report, charts: Map<string, ChartSpec>): string {
  const s = r.savings;
  if (!s) return '';
  const results = s.mechanisms[0]?.results ?? [];
  const cols: Col[] = [{ key: 'mechanism', label: 'Mechanism' }, { key: 'trace', label: 'Trace', num: true }, { key: 'exits', label: 'Exits', num: true },
    { key: 'cycles', label: 'Exit cycles', num: true }, { key: 'share', label: 'Guest time in exits', num: true }, { key: 'saved', label: 'Saved vs baseline', num: true },
    ...results.map((x, i) => ({ key: `result${i}`, label: `${x.name} (${x.unit})`, num: true }))];
  const rows = s.mechanisms.map((m) => ({
    mechanism: m.mechanism, trace: String(m.traceId), exits: count(m.exits), cycles: cycles(m.exitCycles), share: percent(m.shareInExits), saved: cycles(m.savedCycles),
    ...Object.fromEntries(m.results.map((x, i) => [`result${i}`, x.value === null ? 'unknown' : String(Number(x.value.toPrecision(6)))])),
  }));
  const chart = charts.get('chart-savings');
  return '<section class="savings"><h2>Savings</h2>' +
    `<p>Baseline: <strong>${esc(s.baseline.mechanism)}</strong> (trace ${s.baseline.traceId}), ${esc(s.baseline.why)}. Workload ${esc(s.workload)}, profile ${esc(s.profileId)}.</p>` +
    table('savings', cols, rows) +
    '<dl class="facts derivations">' + [['Exit cycles', s.derivations.exitCycles], ['Guest time in exits', s.derivations.share], ['Saved', s.derivations.saved],
      ['Saved per form', s.derivations.savedPerForm], ['Results', s.derivations.results], ...results.map((x) => [x.name, x.formula])].map(([k, v]) => `<dt>${esc(k!)}</dt><dd>${esc(v!)}</dd>`).join('') + '</dl>' +
    (chart ? `<div class="charts">${figure(chart, s.derivations.exitCycles)}</div>` : '') + '</section>';
}

const sha256 = (s: string): string => `'sha256-${createHash('sha256').update(s, 'utf8').digest('base64')}'`;

export function renderHtml(r: Report): string {
  const specs = chartSpecs(r);
  const charts = new Map(specs.map((s) => [s.id, s]));
  const chartJs = chartJsBundle();
  const csp = `default-src 'none'; script-src ${sha256(chartJs)} ${sha256(CHART_SCRIPT)}; style-src 'unsafe-inline'; img-src data:; ` +
    "connect-src 'none'; font-src 'none'; base-uri 'none'; form-action 'none'";
  const body = [
    `<header><h1>ExitScope report: ${esc(r.title)}</h1><p class="muted">Generated ${esc(r.generatedAt)} by exitscope ${esc(r.generator.version)} · report schema ${r.schemaVersion} · ` +
      `latencies in ns/µs/ms/s, costs in guest cycles (cyc).</p></header>`,
    savingsHtml(r, charts),
    ...r.traces.map((t) => traceHtml(t, charts, r)),
    '<section class="derivations"><h2>How the figures are derived</h2><dl class="facts">' +
      Object.entries(r.derivations).map(([k, v]) => `<dt>${esc(k)}</dt><dd>${esc(v)}</dd>`).join('') + '</dl></section>',
    `<footer>ExitScope ${esc(r.generator.version)}. The report's data is embedded below as JSON (schema ${esc(r.schema)} v${r.schemaVersion}, docs/report-schema.md).</footer>`,
  ].join('\n');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="exitscope ${esc(r.generator.version)}">
<title>ExitScope report: ${esc(r.title)}</title>
<style>${REPORT_CSS}</style>
</head>
<body>
${body}
<script type="application/json" id="report-data">${scriptJson(r)}</script>
<script type="application/json" id="report-charts">${scriptJson(specs)}</script>
<script>${chartJs}</script>
<script>${CHART_SCRIPT}</script>
</body>
</html>
`;
}
