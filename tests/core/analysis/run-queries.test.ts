// The analysis queries and the component sources against a real stored run of io_forms (all 24
// port-I/O forms) under trap: per-form totals match the exits, and each form's representative
// exit priced again gives the stored cost (string forms may add guest buffer walks, not stored).
import { beforeAll, describe, expect, it } from 'vitest';
import { formTotals, groupRuns, latencyBuckets, representativeExits, traceRun } from '../../../src/core/analysis/queries';
import { histogramBucket } from '../../../src/core/trace/store/summarize';
import { componentSources, factsOfExit } from '../../../src/core/analysis/sources';
import { findProfile, loadProfiles, priceExit } from '../../../src/core/cost/index';
import { executeRun } from '../../../src/core/runs/execute-run';
import { openTraceDb } from '../../../src/core/trace/store/open-trace-db';
import type { Db } from '../../../src/core/trace/store/open-trace-db';
import { useTempDir } from '../../helpers/temp-dir';

const tempPath = useTempDir();
const profile = findProfile(loadProfiles({ dir: null }), 'p4-2007');
let db: Db;
let traceId: number;
let runGroup: string;

beforeAll(async () => {
  const path = `${tempPath()}.exitscope`;
  const out = await executeRun({ dbPath: path, workload: 'io_forms', mechanisms: ['trap'], profileId: 'p4-2007', profileDir: null, params: {} });
  traceId = out.runs[0]!.traceId;
  runGroup = out.runGroup;
  db = openTraceDb(path, { readonly: true, create: false });
  return () => db.close();
});

describe('analysis queries on a stored run', () => {
  it('reads the run meta and its group', () => {
    const t = traceRun(db, traceId);
    expect(t.meta).toMatchObject({ workload: 'io_forms', mechanism: 'trap', profileId: 'p4-2007', runGroup });
    expect(t.meta.guestCycles).toBeGreaterThan(t.meta.exitCycles ?? Infinity);
    expect(groupRuns(db, runGroup).map((r) => r.traceId)).toEqual([traceId]);
  });

  it('totals every form, and the totals add up to the run\u2019s exit cycles', () => {
    const forms = formTotals(db, traceId);
    const ids = forms.map((f) => f.formId).filter((id) => id !== null);
    expect(ids).toEqual(Array.from({ length: 24 }, (_, i) => i));
    const sum = forms.reduce((n, f) => n + f.totalCycles, 0);
    expect(sum).toBe(traceRun(db, traceId).meta.exitCycles);
    for (const f of forms) expect(Object.values(f.cycles).reduce((a, b) => a + b, 0)).toBe(f.totalCycles);
    expect(latencyBuckets(db, traceId).reduce((n, r) => n + r.count, 0)).toBe(forms.reduce((n, f) => n + f.exits, 0));
  });

  it('reads from the summaries exactly what a scan of the stored exits gives', () => {
    const scan = db.prepare(`SELECT form_id AS formId, COUNT(*) AS exits, SUM(cost_total) AS total, SUM(cost_decode) AS decode
      FROM exits_priced WHERE trace_id = ? GROUP BY form_id ORDER BY form_id IS NULL, form_id`).all(traceId) as { formId: number | null; exits: number; total: number; decode: number }[];
    expect(formTotals(db, traceId).map((f) => ({ formId: f.formId, exits: f.exits, total: f.totalCycles, decode: f.cycles.decode }))).toEqual(scan);
    const buckets = new Map<number, number>();
    for (const r of db.prepare('SELECT latency_ns AS ns FROM exits_priced WHERE trace_id = ?').all(traceId) as { ns: number }[]) {
      const b = histogramBucket(r.ns);
      buckets.set(b, (buckets.get(b) ?? 0) + 1);
    }
    expect(latencyBuckets(db, traceId)).toEqual([...buckets].sort((a, b) => a[0] - b[0]).map(([bucket, count]) => ({ bucket, count })));
  });

  it('puts exits without a port operation in their own row (vmcall: the null hypercall)', async () => {
    const path = `${tempPath()}-vmcall.exitscope`;
    const out = await executeRun({ dbPath: path, workload: 'vmcall', mechanisms: ['vmx'], profileId: 'kvm-2012', profileDir: null, params: { iterations: 50 } });
    const vdb = openTraceDb(path, { readonly: true, create: false });
    try {
      const id = out.runs[0]!.traceId;
      const forms = formTotals(vdb, id);
      const scan = vdb.prepare(`SELECT form_id AS formId, COUNT(*) AS exits, SUM(cost_total) AS total FROM exits_priced WHERE trace_id = ?
        GROUP BY form_id ORDER BY form_id IS NULL, form_id`).all(id) as { formId: number | null; exits: number; total: number }[];
      expect(forms.map((f) => ({ formId: f.formId, exits: f.exits, total: f.totalCycles }))).toEqual(scan);
      const none = forms.find((f) => f.formId === null)!;
      expect(none.label).toBe('vmcall');
      expect(none.exits).toBeGreaterThanOrEqual(50);
    } finally {
      vdb.close();
    }
  });

  it('prices each form\u2019s representative exit again to its stored cost (string forms: buffer walks aside)', () => {
    for (const x of representativeExits(db, traceId)) {
      if (x.formId === null) continue;
      const again = priceExit(factsOfExit(x, 'trap')!, profile).total;
      if (x.formId < 12) expect(again, `form ${x.formId}`).toBe(x.costTotal);
      else expect(again, `form ${x.formId}`).toBeLessThanOrEqual(x.costTotal ?? 0);
      const sources = componentSources(x, profile, 'trap');
      expect(sources.find((s) => s.component === 'entry')?.params.map((p) => p.id)).toEqual(['entry.trap']);
    }
  });
});
