// The JSON report read against docs/report-schema.md (every field documented, with its type),
// the streamed --exits equal to the store's exits, and the Markdown report parsed by marked:
// its tables have the documented columns and the store's figures, its prose is wrapped at 72.
import { readFileSync } from 'node:fs';
import { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { marked } from 'marked';
import type { Tokens } from 'marked';
import { beforeAll, describe, expect, it } from 'vitest';
import { jsonPaths } from '../../helpers/json-paths';
import type { JsonType } from '../../helpers/json-paths';
import { LOOKUPS, makeReportLibrary, openReadonly, reportOf } from '../../helpers/report-library';
import type { ReportLibrary } from '../../helpers/report-library';
import { useTempDir } from '../../helpers/temp-dir';
import { renderMarkdown, WRAP, wrap } from '../../../src/core/report/render-markdown';
import { writeReport } from '../../../src/core/report/write-report';
import { count, ns } from '../../../src/core/report/format-figures';
import type { Report } from '../../../src/core/report/report-types';
import type { Db } from '../../../src/core/trace/store/open-trace-db';

const tempPath = useTempDir();
let lib: ReportLibrary;
let db: Db;
let reports: Report[];

beforeAll(async () => {
  lib = await makeReportLibrary(tempPath());
  db = openReadonly(lib.path);
  reports = [await reportOf(db, [lib.imported]), await reportOf(db, [...lib.group]), await reportOf(db, [lib.derived]), await reportOf(db, [lib.imported, lib.derived])];
  return () => db.close();
}, 180_000);

/** The documented (path → allowed types) of docs/report-schema.md's tables. */
function documentedSchema(): Map<string, Set<string>> {
  const md = readFileSync(fileURLToPath(new URL('../../../docs/report-schema.md', import.meta.url)), 'utf8');
  const out = new Map<string, Set<string>>();
  for (const m of md.matchAll(/^\| `([^`]+)` \| ([a-z\\|]+) \|/gm)) out.set(m[1]!, new Set(m[2]!.split('\\|')));
  return out;
}

const MAPS = new Set(['derivations', 'traces[].costs.forms[].cycles', 'traces[].costs.componentTotals', 'savings.forms[].exits', 'savings.forms[].cycles', 'savings.forms[].saved', 'traces[].exits[]']);

function allows(doc: Set<string>, t: JsonType): boolean {
  return doc.has(t) || (t === 'integer' && doc.has('number'));
}

async function jsonOf(ids: number[], exits: boolean): Promise<unknown> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  await writeReport(db, ids, out, { format: 'json', exits, version: 'test', ...LOOKUPS });
  return JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
}

describe('JSON report', () => {
  it('has every field documented in docs/report-schema.md with a documented type', async () => {
    const doc = documentedSchema();
    expect(doc.size).toBeGreaterThan(150);
    const seen = new Map<string, Set<JsonType>>();
    for (const ids of [[lib.imported], [...lib.group], [lib.derived]]) {
      const json = await jsonOf(ids, true);
      for (const [p, types] of jsonPaths(json, MAPS)) for (const t of types) (seen.get(p) ?? seen.set(p, new Set()).get(p)!).add(t);
    }
    const problems: string[] = [];
    for (const [p, types] of seen) {
      const d = doc.get(p);
      if (!d) problems.push(`${p}: not documented`);
      else for (const t of types) if (!allows(d, t)) problems.push(`${p}: ${t} is not one of ${[...d].join('|')}`);
    }
    expect(problems).toEqual([]);
    // And the schema names only what reports have (a field documented but never written is stale).
    // Array elements the fixtures leave empty (no import issues, a complete group with no notes).
    const emptyHere = ['traces[].firstIssues[]', 'savings.notes[]', 'savings.completeness.missing[]', 'savings.completeness.partial[]'];
    const stale = [...doc.keys()].filter((p) => !seen.has(p) && !emptyHere.some((e) => p.startsWith(e)));
    expect(stale).toEqual([]);
  });

  it('is versioned', async () => {
    expect(await jsonOf([lib.imported], false)).toMatchObject({ schema: 'exitscope-report', schemaVersion: 1, generator: { name: 'exitscope', version: 'test' } });
  });

  it('streams every exit with --exits, in sequence order, equal to the store', async () => {
    const json = (await jsonOf([...lib.group], true)) as { traces: { facts: { id: number }; exits: Record<string, unknown>[] }[] };
    for (const t of json.traces) {
      const stored = db.prepare('SELECT seq, port, value, cost_total, is_string FROM exits_priced WHERE trace_id = ? ORDER BY seq').all(t.facts.id) as { seq: number; port: number; value: number | null; cost_total: number; is_string: number | null }[];
      expect(t.exits.map((x) => ({ seq: x.seq, port: x.port, value: x.value, cost_total: x.cost_total }))).toEqual(stored.map((s) => ({ seq: s.seq, port: s.port, value: s.value, cost_total: s.cost_total })));
      expect(t.exits.every((x, i) => x.is_string === (stored[i]!.is_string === null ? null : stored[i]!.is_string === 1))).toBe(true);
      const full = db.prepare('SELECT * FROM exits_priced WHERE trace_id = ? ORDER BY seq').all(t.facts.id) as Record<string, unknown>[];
      for (const [i, x] of t.exits.entries()) {
        const { trace_id: _t, insn_bytes: bytes, is_string: _s, is_rep: _r, emulated: _e, ...rest } = full[i]!;
        expect(Object.keys(x).sort()).toEqual(Object.keys(full[i]!).filter((k) => k !== 'trace_id').sort());
        expect(x).toMatchObject(rest);
        expect(x.insn_bytes).toBe(bytes === null ? null : Buffer.from(bytes as Uint8Array).toString('hex'));
      }
    }
  });
});

function tables(md: string): Tokens.Table[] {
  const out: Tokens.Table[] = [];
  marked.walkTokens(marked.lexer(md), (t) => {
    if (t.type === 'table') out.push(t as Tokens.Table);
  });
  return out;
}

const headerOf = (t: Tokens.Table): string[] => t.header.map((h) => h.text);

describe('Markdown report', () => {
  it('has GFM tables with the right columns and the store\u2019s figures', () => {
    const r = reports[0]!;
    const md = renderMarkdown(r);
    const ts = tables(md);
    const reasons = ts.find((t) => headerOf(t)[0] === 'Reason')!;
    expect(headerOf(reasons)).toEqual(['Reason', 'Exits', 'Min', 'p50', 'p90', 'p99', 'Max', 'Mean ± sd', 'Time %']);
    const storeCounts = db.prepare('SELECT reason, COUNT(*) AS n FROM exits WHERE trace_id = ? GROUP BY reason').all(lib.imported) as { reason: string; n: number }[];
    expect(Object.fromEntries(reasons.rows.map((row) => [row[0]!.text, Number(row[1]!.text.replace(/,/g, ''))]))).toEqual(Object.fromEntries(storeCounts.map((s) => [s.reason, s.n])));
    const hlt = reasons.rows.find((row) => row[0]!.text === 'HLT')!;
    expect(hlt[4]!.text).toBe('500 µs');
    const ports = ts.find((t) => headerOf(t)[0] === 'Port')!;
    expect(headerOf(ports)).toEqual(['Port', 'Device', 'Access', 'Exits', 'To userspace', 'p50', 'p99', 'Mean ± sd', 'Time %']);
    expect(ports.rows.map((row) => [row[0]!.text, row[1]!.text, row[3]!.text])).toEqual([['0x3f8', 'COM1', '2'], ['0x64', 'i8042 status/command (keyboard)', '1']]);
  });

  it('has the savings table and the cost components of a run group', () => {
    const r = reports[1]!;
    const ts = tables(renderMarkdown(r));
    const savings = ts.find((t) => headerOf(t)[0] === 'Mechanism')!;
    expect(headerOf(savings).slice(0, 6)).toEqual(['Mechanism', 'Trace', 'Exits', 'Exit cycles', 'Guest time in exits', 'Saved vs baseline']);
    expect(savings.rows.map((row) => row[0]!.text)).toEqual(['trap', 'hypercall']);
    expect(savings.rows.map((row) => row[3]!.text)).toEqual(r.savings!.mechanisms.map((m) => `${count(m.exitCycles)} cyc`));
    const costs = ts.filter((t) => headerOf(t)[0] === 'Form' && headerOf(t)[2] === 'entry');
    expect(costs).toHaveLength(2);
    expect(headerOf(costs[0]!)).toEqual(['Form', 'Exits', 'entry', 'dispatch', 'fetch', 'decode', 'permission', 'userspace', 'emulate', 'resume', 'Total']);
    const params = ts.find((t) => headerOf(t)[0] === 'Parameter')!;
    expect(params.rows.length).toBe(r.traces[0]!.costs!.parameters.length);
  });

  it('wraps every line outside tables and headings at 72 columns', () => {
    for (const r of reports) {
      const long = renderMarkdown(r).split('\n').filter((l) => !l.startsWith('|') && !l.startsWith('#') && [...l].length > WRAP);
      // A single word longer than the line (a path, a URL) cannot be wrapped.
      expect(long.filter((l) => l.trim().includes(' '))).toEqual([]);
    }
  });

  it('says what is not known and shows the derived trace\u2019s source', () => {
    const md = renderMarkdown(reports[2]!);
    expect(md).toContain('Derived trace:');
    expect(md.replace(/\s+/g, ' ')).toContain(`imported trace ${lib.imported} "sample"`);
    expect(ns(500000)).toBe('500 µs');
    expect(wrap('a b c', 3)).toBe('a b\nc');
  });
});
