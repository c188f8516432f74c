// The report model against the store it is built from: counts, latency figures (incl. mean ±
// stddev computed here from every stored latency), time shares, costs per form and component,
// the derived-trace link and the run group's savings.
import { beforeAll, describe, expect, it } from 'vitest';
import { EXPECTED } from '../../helpers/sample-trace';
import { makeReportLibrary, openReadonly, reportOf } from '../../helpers/report-library';
import type { ReportLibrary } from '../../helpers/report-library';
import { useTempDir } from '../../helpers/temp-dir';
import type { Db } from '../../../src/core/trace/store/open-trace-db';
import { mergeMoments, stddevOf } from '../../../src/core/report/latency-moments';

const tempPath = useTempDir();
let lib: ReportLibrary;
let db: Db;

beforeAll(async () => {
  lib = await makeReportLibrary(tempPath());
  db = openReadonly(lib.path);
  return () => db.close();
}, 180_000);

function stats(values: number[]): { mean: number; sd: number } {
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  return { mean, sd: Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / values.length) };
}

describe('report model', () => {
  it('holds the hand-counted figures of the imported sample', async () => {
    const r = await reportOf(db, [lib.imported]);
    expect(r.scope).toBe('trace');
    const t = r.traces[0]!;
    expect(t.facts).toMatchObject({ exits: EXPECTED.exits, ioExits: EXPECTED.ioExits, vcpus: EXPECTED.vcpus, userspaceExits: EXPECTED.userspaceExits, kind: 'imported', timeBase: 'trace', host: null });
    expect(Object.fromEntries(t.reasons.map((x) => [x.reason, x.count]))).toEqual(EXPECTED.reasons);
    const io = t.reasons.find((x) => x.reason === 'IO_INSTRUCTION')!;
    const s = stats([...EXPECTED.ioLatenciesNs]);
    expect(io.meanNs).toBeCloseTo(s.mean, 6);
    expect(io.stddevNs).toBeCloseTo(s.sd, 6);
    expect(t.reasons.reduce((n, x) => n + (x.timeShare ?? 0), 0)).toBeCloseTo(1, 12);
    expect(t.ports.map((p) => ({ port: p.port, count: p.count, userspace: p.userspaceCount, device: p.device }))).toEqual(
      EXPECTED.ports.map((p) => ({ port: p.port, count: p.count, userspace: p.userspace, device: p.device })));
    expect(t.slowest[0]!.latencyNs).toBe(EXPECTED.slowestNs);
    expect(t.costs).toBeNull();
    expect(t.unknowns.join('\n')).toMatch(/host: the trace file does not name/);
  });

  it('has mean ± stddev per reason and per port equal to a computation over every stored latency', async () => {
    for (const id of [lib.imported, ...lib.group, lib.derived]) {
      const r = await reportOf(db, [id]);
      const t = r.traces[0]!;
      const rows = db.prepare('SELECT reason, port, direction, size, latency_ns AS ns FROM exits WHERE trace_id = ? AND latency_ns IS NOT NULL').all(id) as { reason: string; port: number | null; direction: string; size: number; ns: number }[];
      for (const x of t.reasons) {
        const values = rows.filter((y) => y.reason === x.reason).map((y) => y.ns);
        expect(x.closed).toBe(values.length);
        if (values.length === 0) {
          expect([x.meanNs, x.stddevNs]).toEqual([null, null]);
          continue;
        }
        const s = stats(values);
        expect(x.meanNs!).toBeCloseTo(s.mean, 3);
        expect(x.stddevNs!).toBeCloseTo(s.sd, 3);
      }
      for (const p of t.ports) {
        const values = rows.filter((y) => y.port === p.port && y.direction === p.direction && y.size === p.size).map((y) => y.ns);
        expect(p.closed).toBe(values.length);
        if (values.length > 0) expect(p.stddevNs!).toBeCloseTo(stats(values).sd, 3);
        else expect(p.stddevNs).toBeNull();
      }
    }
  });

  it('merges moments as one pass over the union would', () => {
    const a = [1, 2, 3, 10];
    const b = [100, 101];
    const m = (xs: number[]) => ({ n: xs.length, mean: stats(xs).mean, m2: xs.reduce((s, x) => s + (x - stats(xs).mean) ** 2, 0) });
    expect(stddevOf(mergeMoments(m(a), m(b)))).toBeCloseTo(stats([...a, ...b]).sd, 10);
  });

  it('reports a run group with its savings and the cost components per form as the stored exits sum them', async () => {
    const r = await reportOf(db, [...lib.group]);
    expect(r.scope).toBe('run-group');
    expect(r.savings!.mechanisms.map((m) => m.traceId)).toEqual([...lib.group]);
    expect(r.savings!.baseline.mechanism).toBe('trap');
    for (const t of r.traces) {
      const c = t.costs!;
      expect(c.profile?.id).toBe('p4-2007');
      const sums = db.prepare('SELECT form_id AS formId, COUNT(*) AS exits, SUM(cost_total) AS total, SUM(cost_entry) AS entry FROM exits_priced WHERE trace_id = ? GROUP BY form_id ORDER BY form_id IS NULL, form_id').all(t.facts.id) as { formId: number | null; exits: number; total: number; entry: number }[];
      expect(c.forms.map((f) => ({ formId: f.formId, exits: f.exits, total: f.totalCycles, entry: f.cycles.entry }))).toEqual(sums);
      const mech = r.savings!.mechanisms.find((m) => m.traceId === t.facts.id)!;
      expect(mech.exitCycles).toBe(sums.reduce((n, s) => n + s.total, 0));
      // Every component of every form names its parameters, each with value, kind and source.
      expect(c.parameters.length).toBeGreaterThan(0);
      for (const p of c.parameters) expect(['measured', 'manual', 'derived', 'assumed']).toContain(p.kind);
      expect(c.forms[0]!.sources.map((s) => s.component)).toEqual(['entry', 'dispatch', 'fetch', 'decode', 'permission', 'userspace', 'emulate', 'resume']);
    }
  });

  it('links a derived trace to its source and says what changed', async () => {
    const t = (await reportOf(db, [lib.derived])).traces[0]!;
    expect(t.derivedFrom).toMatchObject({ sourceTraceId: lib.imported, sourceName: 'sample', sourceKind: 'imported', mechanism: 'hypercall', profileId: 'kvm-2012', repriced: 3, skipped: { notIo: 2, unknownForm: 0 } });
    expect(t.derivedFrom!.changed).toContain('priced again under hypercall');
    expect(t.costs?.mechanism).toBe('hypercall');
  });

  it('names a missing trace and refuses a repeated id', async () => {
    await expect(reportOf(db, [99])).rejects.toThrow(/no trace with id 99/);
    await expect(reportOf(db, [1, 1])).rejects.toThrow(/once/);
  });

  it('stops with Cancelled when its signal is aborted', async () => {
    const ctl = new AbortController();
    ctl.abort();
    const { buildReport } = await import('../../../src/core/report/build-report');
    const { LOOKUPS } = await import('../../helpers/report-library');
    await expect(buildReport(db, [lib.imported], { version: 't', ...LOOKUPS, signal: ctl.signal })).rejects.toMatchObject({ kind: 'Cancelled' });
  });
});
