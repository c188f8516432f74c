// The HTML report's stylesheet: the app's palette (light, and dark under
// prefers-color-scheme: dark), tables with tabular figures, and print rules (light colours,
// no page break inside a chart or a table row, charts at a fixed height, links printed plainly).
export const REPORT_CSS = `
:root {
  color-scheme: light dark;
  --bg: #ffffff; --fg: #1d232b; --muted: #5b6672; --panel: #f5f7f9; --border: #d5dbe1; --grid: #e3e8ec;
  --accent: #1f6feb;
  --series-1: #1f77b4; --series-2: #ff7f0e; --series-3: #2ca02c; --series-4: #d62728;
  --series-5: #9467bd; --series-6: #8c564b; --series-7: #e377c2; --series-8: #7f7f7f;
  --font-sans: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
  --font-mono: ui-monospace, "SFMono-Regular", Menlo, Consolas, "Liberation Mono", monospace;
}
@media (prefers-color-scheme: dark) {
  :root {
    --bg: #14181d; --fg: #e3e8ee; --muted: #9aa5b1; --panel: #1c2229; --border: #323b45; --grid: #2a323b;
    --accent: #58a6ff;
    --series-1: #4e9be0; --series-2: #ffa24d; --series-3: #5cc65c; --series-4: #f26b6b;
    --series-5: #b594dd; --series-6: #c08f81; --series-7: #f09ad8; --series-8: #a8a8a8;
  }
}
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 1180px; padding: 24px 28px 48px; background: var(--bg); color: var(--fg);
  font: 14px/1.45 var(--font-sans); }
h1 { font-size: 22px; margin: 0 0 4px; }
h2 { font-size: 18px; margin: 32px 0 8px; padding-top: 12px; border-top: 1px solid var(--border); }
h3 { font-size: 15px; margin: 20px 0 6px; }
h4 { font-size: 13px; margin: 14px 0 4px; }
p, li { max-width: 90ch; }
.muted, .note { color: var(--muted); }
.note { font-size: 12px; margin: 4px 0 0; }
code { font-family: var(--font-mono); font-size: 12px; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 2px 16px; margin: 8px 0; }
dl.facts dt { color: var(--muted); }
dl.facts dd { margin: 0; }
.table-wrap { overflow-x: auto; }
table { border-collapse: collapse; margin: 6px 0; font-size: 12.5px; }
th, td { padding: 3px 10px; border-bottom: 1px solid var(--grid); text-align: left; vertical-align: top; }
th { background: var(--panel); font-weight: 600; border-bottom: 1px solid var(--border); }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.charts { display: grid; grid-template-columns: repeat(auto-fit, minmax(460px, 1fr)); gap: 14px; margin: 10px 0; }
figure.chart { margin: 0; padding: 10px 12px; background: var(--panel); border: 1px solid var(--border); border-radius: 6px; }
figure.chart.wide { grid-column: 1 / -1; }
figure.chart figcaption { font-weight: 600; margin-bottom: 6px; }
.chart-box { position: relative; width: 100%; }
ul.unknowns li { color: var(--muted); }
footer { margin-top: 40px; font-size: 12px; color: var(--muted); }
@media print {
  :root {
    color-scheme: light;
    --bg: #ffffff; --fg: #000000; --muted: #444c55; --panel: #f3f5f7; --border: #c4ccd4; --grid: #dde3e8;
  }
  @page { size: A4; margin: 14mm 12mm; }
  body { max-width: none; padding: 0; font-size: 11px; }
  h2 { break-before: auto; break-after: avoid; }
  h3, h4 { break-after: avoid; }
  .charts { grid-template-columns: 1fr 1fr; }
  figure.chart, tr, dl.facts { break-inside: avoid; }
  table { font-size: 10px; }
  .table-wrap { overflow: visible; }
  a { color: inherit; text-decoration: none; }
}
`;
