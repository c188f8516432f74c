// The charts of the HTML report, as data: each ChartSpec names its canvas, kind, labels and
// series (values straight from the report model), and CHART_SCRIPT, the inline script of the
// report, turns them into Chart.js charts with the page's light or dark palette (read from the
// CSS variables), animation off so a printed or PDF page has them drawn at once. When every
// chart is drawn the script sets <body data-charts="N">; a chart that fails sets
// data-chart-error on its figure and logs the error.
import { COST_COMPONENTS } from '../../shared/runs';
import { hexPort } from './format-figures';
import type { Report, TraceReport } from './report-types';

export interface ChartSpec {
  id: string;
  title: string;
  /** 'bar' vertical, 'hbar' horizontal. */
  kind: 'bar' | 'hbar';
  labels: string[];
  series: { label: string; data: (number | null)[] }[];
  stacked: boolean;
  /** Axis title of the values. */
  unit: string;
  logScale: boolean;
}

const PORT_LIMIT = 15;

/** A chart label part cut to `max` characters (the table below has it whole). */
const shorten = (s: string, max: number): string => (s.length > max ? `${s.slice(0, max - 1)}…` : s);

function traceCharts(t: TraceReport): ChartSpec[] {
  const id = t.facts.id;
  const out: ChartSpec[] = [
    { id: `chart-reasons-${id}`, title: 'Exits by reason', kind: 'hbar', labels: t.reasons.map((r) => r.reason),
      series: [{ label: 'exits', data: t.reasons.map((r) => r.count) }], stacked: false, unit: 'exits', logScale: false },
  ];
  if (t.ports.length > 0) {
    const ports = t.ports.slice(0, PORT_LIMIT);
    out.push({ id: `chart-ports-${id}`, title: t.ports.length > PORT_LIMIT ? `Port-I/O exits by port (top ${PORT_LIMIT} of ${t.ports.length})` : 'Port-I/O exits by port',
      kind: 'hbar', labels: ports.map((p) => `${hexPort(p.port)} ${shorten(p.device ?? '', 18)} ${p.direction}/${p.size}`.replace(/\s+/g, ' ')),
      series: [{ label: 'in the kernel', data: ports.map((p) => p.count - p.userspaceCount) }, { label: 'to userspace', data: ports.map((p) => p.userspaceCount) }],
      stacked: true, unit: 'exits', logScale: false });
  }
  if (t.histogram.buckets.length > 0) {
    out.push({ id: `chart-histogram-${id}`, title: 'Exit latency histogram', kind: 'bar',
      labels: t.histogram.buckets.map((b) => (b.index < 0 ? '0 ns' : `${Math.round(b.loNs).toLocaleString('en-US')} ns`)),
      series: [{ label: 'exits', data: t.histogram.buckets.map((b) => b.count) }], stacked: false, unit: 'exits', logScale: false });
  }
  if (t.costs !== null && t.costs.forms.length > 0) {
    const forms = t.costs.forms;
    out.push({ id: `chart-costs-${id}`, title: `Cost components per form (${t.costs.mechanism}, ${t.costs.profileId})`, kind: 'hbar',
      labels: forms.map((f) => f.label), stacked: true, unit: 'mean cycles per exit', logScale: false,
      series: COST_COMPONENTS.map((c) => ({ label: c, data: forms.map((f) => (f.exits ? Math.round(f.cycles[c] / f.exits) : null)) })) });
  }
  return out;
}

export function chartSpecs(r: Report): ChartSpec[] {
  const out: ChartSpec[] = [];
  if (r.savings) {
    const s = r.savings;
    out.push({ id: 'chart-savings', title: 'Cycles in exits per mechanism', kind: 'hbar', labels: s.mechanisms.map((m) => m.mechanism),
      series: [{ label: 'exit cycles', data: s.mechanisms.map((m) => m.exitCycles) }], stacked: false, unit: 'guest cycles', logScale: false });
  }
  for (const t of r.traces) out.push(...traceCharts(t));
  return out;
}

/** The report's one inline script (besides Chart.js): draws every ChartSpec of #report-charts. */
export const CHART_SCRIPT = `(function () {
  'use strict';
  var specs = JSON.parse(document.getElementById('report-charts').textContent);
  var css = getComputedStyle(document.documentElement);
  var v = function (name) { return css.getPropertyValue(name).trim(); };
  var palette = [1, 2, 3, 4, 5, 6, 7, 8].map(function (i) { return v('--series-' + i); });
  Chart.defaults.color = v('--muted');
  Chart.defaults.borderColor = v('--grid');
  Chart.defaults.font.family = v('--font-sans') || 'sans-serif';
  var drawn = 0;
  specs.forEach(function (s) {
    var canvas = document.getElementById(s.id);
    if (!canvas) return;
    try {
      var horizontal = s.kind === 'hbar';
      var valueAxis = { stacked: s.stacked, beginAtZero: true, ticks: { precision: 0 }, title: { display: true, text: s.unit } };
      var labelAxis = { stacked: s.stacked, ticks: { autoSkip: !horizontal } };
      new Chart(canvas, {
        type: 'bar',
        data: {
          labels: s.labels,
          datasets: s.series.map(function (d, i) {
            return { label: d.label, data: d.data, backgroundColor: palette[i % palette.length], borderWidth: 0 };
          })
        },
        options: {
          indexAxis: horizontal ? 'y' : 'x',
          animation: false,
          responsive: true,
          maintainAspectRatio: false,
          plugins: { legend: { display: s.series.length > 1 }, title: { display: false } },
          scales: horizontal ? { x: valueAxis, y: labelAxis } : { x: labelAxis, y: valueAxis }
        }
      });
      drawn++;
    } catch (err) {
      canvas.parentElement.setAttribute('data-chart-error', String(err));
      console.error('chart ' + s.id + ': ' + err);
    }
  });
  document.body.setAttribute('data-charts', String(drawn));
  window.addEventListener('beforeprint', function () {
    Object.values(Chart.instances).forEach(function (c) { c.resize(); });
  });
})();
`;
