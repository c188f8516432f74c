// `exitscope compare A B [C ...] [--by reason,port,device,form] [--db FILE] [--json]`: two or more
// stored traces side by side (analysis/compare.ts): per group each trace's exits, exits per
// second, p50, p99 and total, and every later trace's delta against the first. --json prints the
// whole comparison (with port operations and the overlaid histogram buckets and CDFs).
import { compareTraces } from '../../analysis/compare';
import type { CompareDimension, CompareTable, TraceComparison } from '../../../shared/compare';
import { COMPARE_MAX_TRACES } from '../../../shared/compare';
import { openTraceDb } from '../../trace/store/open-trace-db';
import { defaultLibraryPath } from '../../library-path';
import { ExitScopeError } from '../../errors';
import { parseArgs } from '../args';
import type { CliCommand } from '../command';
import { num, renderTable } from '../text-table';
import type { TableColumn } from '../text-table';

const DIMENSIONS: readonly CompareDimension[] = ['reason', 'port', 'device', 'form'];

const signed = (v: number | null): string => (v === null ? '-' : `${v > 0 ? '+' : ''}${num(v)}`);
const rate = (v: number | null): string => (v === null ? '-' : v >= 100 ? num(v) : v.toPrecision(3));

function parseIds(positionals: readonly string[], usage: string): number[] {
  const ids = positionals.map((p) => Number(p));
  if (ids.length < 2 || ids.some((id) => !Number.isSafeInteger(id) || id <= 0)) {
    throw new ExitScopeError('ValidationError', `expected two to ${COMPARE_MAX_TRACES} trace ids, got ${positionals.join(' ') || 'none'}. Usage: ${usage}`);
  }
  if (new Set(ids).size !== ids.length) throw new ExitScopeError('ValidationError', 'each trace may be given once');
  return ids;
}

export function formatComparison(c: TraceComparison, dims: readonly CompareDimension[]): string {
  let out = c.traces.map((t, i) => `#${i + 1} trace ${t.id} "${t.name}" (${t.kind}): ${num(t.exits)} exits, ${rate(t.ratePerS)} exits/s; latency = ${t.latencyMeaning}\n`).join('');
  for (const table of c.tables.filter((t) => dims.includes(t.dimension))) out += '\n' + formatTable(table, c.traces.length);
  return out;
}

function formatTable(t: CompareTable, n: number): string {
  const u = t.unit === 'ns' ? 'ns' : 'cyc';
  const columns: TableColumn[] = [{ header: t.dimension, align: 'left' }];
  for (let i = 1; i <= n; i++) columns.push({ header: `#${i} exits` }, { header: `#${i} /s` }, { header: `#${i} p50 ${u}` }, { header: `#${i} p99 ${u}` }, { header: `#${i} total ${u}` });
  for (let i = 2; i <= n; i++) columns.push({ header: `Δ${i} exits` }, { header: `Δ${i} p50` }, { header: `Δ${i} p99` }, { header: `Δ${i} total` });
  const rows = t.rows.map((r) => [
    r.label,
    ...r.values.flatMap((v) => (v === null ? ['-', '-', '-', '-', '-'] : [num(v.count), rate(v.ratePerS), num(v.p50), num(v.p99), num(v.total)])),
    ...r.deltas.flatMap((d) => [signed(d.count), signed(d.p50), signed(d.p99), signed(d.total)]),
  ]);
  return `By ${t.dimension}: ${t.derivation}\n` + renderTable(columns, rows);
}

export const compareCommand: CliCommand = {
  name: 'compare',
  summary: 'two or more traces side by side, with deltas per reason, port, device and form',
  usage: 'exitscope compare <id> <id> [<id> ...] [--by reason,port,device,form] [--db FILE] [--json]',
  async run(argv, io) {
    const args = parseArgs(argv, { values: ['db', 'by'], booleans: ['json'] });
    const ids = parseIds(args.positionals, this.usage);
    const by = args.values.get('by')?.split(',').map((s) => s.trim()) ?? [...DIMENSIONS];
    for (const d of by) if (!(DIMENSIONS as readonly string[]).includes(d)) throw new ExitScopeError('ValidationError', `--by: ${d} is not one of ${DIMENSIONS.join(', ')}`);
    const db = openTraceDb(args.values.get('db') ?? defaultLibraryPath(), { create: false, readonly: true });
    try {
      const c = compareTraces(db, ids);
      io.out(args.booleans.has('json') ? JSON.stringify(c, null, 2) + '\n' : formatComparison(c, by as CompareDimension[]));
      return 0;
    } finally {
      db.close();
    }
  },
};
