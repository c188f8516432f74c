// The Markdown report: a summary to paste into a mail, an issue or a pull request. The key
// tables in GitHub-flavoured Markdown (tables keep their width), every other line wrapped at 72
// columns, every figure with its unit, and how each kind of figure was derived. Pure.
import { COST_COMPONENTS } from '../../shared/runs';
import { count, cycles, hexPort, meanPm, ns, orUnknown, percent } from './format-figures';
import type { Report, TraceReport } from './report-types';

export const WRAP = 72;

/** Greedy word wrap; `indent` prefixes continuation lines (a list item's hanging indent). */
export function wrap(text: string, width = WRAP, first = '', indent = ''): string {
  const words = text.split(/\s+/).filter((w) => w !== '');
  const lines: string[] = [];
  let line = first;
  let empty = true;
  for (const w of words) {
    if (!empty && line.length + 1 + w.length > width) {
      lines.push(line);
      line = indent + w;
    } else {
      line += (empty ? '' : ' ') + w;
    }
    empty = false;
  }
  lines.push(line);
  return lines.join('\n');
}

const bullet = (text: string): string => wrap(text, WRAP, '- ', '  ');

const esc = (s: string): string => s.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\n/g, ' ');

export function table(header: string[], rows: string[][], right: boolean[] = header.map((_, i) => i > 0)): string {
  const align = header.map((_, i) => (right[i] ? '---:' : '---'));
  return [header, align, ...rows].map((r, i) => '| ' + r.map((c) => (i === 1 ? c : esc(c))).join(' | ') + ' |').join('\n');
}

function traceSection(t: TraceReport, n: number, of: number): string[] {
  const f = t.facts;
  const out: string[] = [];
  out.push(`## ${of > 1 ? `${n}. ` : ''}Trace ${f.id}: ${f.name}`);
  const span = f.timeBase === 'guest' ? 'guest time' : 'trace time';
  out.push([
    bullet(`Kind: ${f.kind}, ${f.status}; format ${f.format}${f.sourcePath ? `, from ${f.sourcePath}` : ''}; stored ${f.createdAt}.`),
    bullet(`Host: ${orUnknown(f.host)}. Guest: ${orUnknown(f.guest)}.`),
    bullet(`${count(f.exits)} exits (${count(f.ioExits)} port I/O, ${count(f.userspaceExits)} to the userspace device model) on ${count(f.vcpus)} vCPU(s) over ${ns(f.durationNs)} of ${span}.`),
    ...(f.exitCycles !== null ? [bullet(`Cycles in exits: ${cycles(f.exitCycles)} of ${count(f.guestCycles)} guest cycles` +
      `${f.guestCycles ? ` (${percent(f.exitCycles / f.guestCycles)})` : ''}${f.cpuHz ? ` at ${f.cpuHz / 1e6} MHz` : ''}.`)] : []),
    ...(f.lines > 0 ? [bullet(`${count(f.lines)} lines read, ${count(f.skippedLines)} skipped.`)] : []),
  ].join('\n'));
  if (t.derivedFrom) out.push(wrap(`Derived trace: ${t.derivedFrom.changed}.`));
  out.push('### Exits by reason');
  out.push(table(['Reason', 'Exits', 'Min', 'p50', 'p90', 'p99', 'Max', 'Mean ± sd', 'Time %'],
    t.reasons.map((r) => [r.reason, count(r.count), ns(r.minNs), ns(r.p50Ns), ns(r.p90Ns), ns(r.p99Ns), ns(r.maxNs), meanPm(r.meanNs, r.stddevNs), percent(r.timeShare)])));
  if (t.ports.length > 0) {
    out.push('### Port-I/O exits by port');
    out.push(table(['Port', 'Device', 'Access', 'Exits', 'To userspace', 'p50', 'p99', 'Mean ± sd', 'Time %'],
      t.ports.map((p) => [hexPort(p.port), p.device ?? 'unknown', `${p.direction}/${p.size}`, count(p.count), count(p.userspaceCount), ns(p.p50Ns), ns(p.p99Ns), meanPm(p.meanNs, p.stddevNs), percent(p.timeShare)]),
      [false, false, false, true, true, true, true, true, true]));
  }
  if (t.forms.length > 0) {
    out.push('### Exits by port-I/O form');
    out.push(table(['Form', 'Instruction', 'Exits', 'Elements', 'Cycles', 'p50 cycles'],
      t.forms.map((x) => [String(x.formId), x.mnemonic, count(x.exits), count(x.elements), cycles(x.costTotal), cycles(x.costP50)]), [true, false, true, true, true, true]));
  }
  if (t.costs) {
    const c = t.costs;
    out.push(`### Cost components per form (${c.mechanism}, profile ${c.profileId})`);
    out.push(wrap('Mean cycles per exit of each component (Σ over the form\u2019s exits ÷ exits).'));
    out.push(table(['Form', 'Exits', ...COST_COMPONENTS, 'Total'],
      c.forms.map((x) => [x.label, count(x.exits), ...COST_COMPONENTS.map((k) => cycles(x.exits ? x.cycles[k] / x.exits : null)), cycles(x.exits ? x.totalCycles / x.exits : null)]), [false, ...COST_COMPONENTS.map(() => true), true, true]));
    if (c.parameters.length > 0) {
      out.push('#### Profile parameters behind the components');
      out.push(table(['Parameter', 'Cycles', 'Published', 'Kind', 'Source'],
        c.parameters.map((p) => [p.id, count(p.value), `${p.published.value} ${p.published.unit}`, p.kind, p.source.citation ?? p.source.url ?? p.source.note]), [false, true, true, false, false]));
    }
    out.push(wrap(c.sourcesDerivation));
  }
  if (t.slowest.length > 0) {
    const shown = t.slowest.slice(0, 10);
    out.push(`### Slowest exits (${shown.length} of ${count(f.exits)})`);
    out.push(table(['Seq', 'Time', 'vCPU', 'Reason', 'Port', 'Latency'],
      shown.map((x) => [String(x.seq), ns(x.timeNs - (f.firstNs ?? 0)), String(x.vcpu), x.reason, x.port === null ? '' : `${hexPort(x.port)} ${x.direction ?? ''}`.trim(), ns(x.latencyNs)]),
      [true, true, true, false, false, true]));
  }
  if (t.unknowns.length > 0) {
    out.push('### Not known');
    out.push(t.unknowns.map(bullet).join('\n'));
  }
  return out;
}

function savingsSection(r: Report): string[] {
  const s = r.savings;
  if (!s) return [];
  const out = ['## Savings'];
  out.push(wrap(`Baseline: ${s.baseline.mechanism} (trace ${s.baseline.traceId}), ${s.baseline.why}. Workload ${s.workload}, profile ${s.profileId}.`));
  const results = s.mechanisms[0]?.results ?? [];
  out.push(table(['Mechanism', 'Trace', 'Exits', 'Exit cycles', 'Guest time in exits', 'Saved vs baseline', ...results.map((x) => `${x.name} (${x.unit})`)],
    s.mechanisms.map((m) => [m.mechanism, String(m.traceId), count(m.exits), cycles(m.exitCycles), percent(m.shareInExits), cycles(m.savedCycles),
      ...m.results.map((x) => (x.value === null ? 'unknown' : String(Number(x.value.toPrecision(6)))))]),
    [false, true, true, true, true, true, ...results.map(() => true)]));
  out.push([
    bullet(`Exit cycles: ${s.derivations.exitCycles}.`),
    bullet(`Guest time in exits: ${s.derivations.share}.`),
    bullet(`Saved: ${s.derivations.saved}.`),
    bullet(`Results: ${s.derivations.results}.`),
    ...results.map((x) => bullet(`${x.name} = ${x.formula}.`)),
  ].join('\n'));
  return out;
}

export function renderMarkdown(r: Report): string {
  const parts: string[] = [`# ExitScope report: ${r.title}`];
  parts.push(wrap(`Generated ${r.generatedAt} by exitscope ${r.generator.version} (report schema ${r.schemaVersion}), ` +
    `${r.traces.length} trace(s). Latencies in ns/µs/ms/s, costs in guest cycles (cyc).`));
  parts.push(...savingsSection(r));
  r.traces.forEach((t, i) => parts.push(...traceSection(t, i + 1, r.traces.length)));
  parts.push('## How the figures are derived');
  parts.push(Object.entries(r.derivations).map(([k, v]) => bullet(`${k}: ${v}.`)).join('\n'));
  return parts.join('\n\n') + '\n';
}
