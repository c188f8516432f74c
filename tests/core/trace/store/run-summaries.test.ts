// The per-run summaries by form, device and mechanism and the cost-component totals, read back
// with run-summaries.ts: checked against the run's own report and against the stored exits.
import { describe, expect, it } from 'vitest';
import { findProfile, loadProfiles } from '../../../../src/core/cost/index';
import { recordRun } from '../../../../src/core/trace/store/record-run';
import { SqliteExitWriter } from '../../../../src/core/trace/store/exit-writer';
import { openTraceDb } from '../../../../src/core/trace/store/open-trace-db';
import { componentTotals, deviceSummary, formSummary, mechanismSummary } from '../../../../src/core/trace/store/run-summaries';
import { summarizeTrace } from '../../../../src/core/trace/store/summarize';
import { runMechanism } from '../../../../src/core/vmm/index';
import type { MechanismRunReport } from '../../../../src/core/vmm/index';
import { importedExits } from '../../../helpers/sample-exits';
import { useTempDir } from '../../../helpers/temp-dir';

const tempPath = useTempDir();

const nearestRank = (sorted: number[], p: number): number => sorted[Math.ceil((p * sorted.length) / 100) - 1]!;

describe('run summaries', () => {
  it('an emulated run: per form, device and mechanism, with cost sums and percentiles', async () => {
    const path = tempPath() + '.exitscope';
    const profile = findProfile(loadProfiles({ dir: null }), 'p4-2007');
    let report: MechanismRunReport | null = null;
    const stored = await recordRun(path, { name: 'io_forms trap', format: 'exitscope-run', meta: {} }, async (sink) => {
      report = await runMechanism({ workload: 'io_forms', mechanism: 'trap', profile, params: { iterations: 3 }, sink });
      return { cancelled: false };
    });
    const r = report as unknown as MechanismRunReport;
    const db = openTraceDb(path);
    try {
      const forms = formSummary(db, stored.traceId);
      expect(forms.map((f) => [f.formId, f.mnemonic, f.exits])).toEqual(r.byForm.map((f) => [f.formId, f.mnemonic, f.exits]));
      expect(forms.reduce((n, f) => n + f.costTotal!, 0)).toBeCloseTo(r.exitCycles, 3);
      for (const f of forms) {
        const costs = (db.prepare('SELECT cost_total AS c FROM exits_priced WHERE trace_id = ? AND form_id = ? ORDER BY c').all(stored.traceId, f.formId) as { c: number }[]).map((x) => x.c);
        expect([f.costP50, f.costP90, f.costP99, f.costMax]).toEqual([nearestRank(costs, 50), nearestRank(costs, 90), nearestRank(costs, 99), costs[costs.length - 1]]);
        const elements = db.prepare('SELECT SUM(COALESCE(count, 1)) AS n FROM exits WHERE trace_id = ? AND form_id = ?').get(stored.traceId, f.formId) as { n: number };
        expect(f.elements).toBe(elements.n);
        expect(f.priced).toBe(f.exits);
      }
      const totals = componentTotals(db, stored.traceId);
      for (const [c, cycles] of Object.entries(r.components)) expect(totals[c]).toBeCloseTo(cycles, 3);
      expect(totals.total).toBeCloseTo(r.exitCycles, 3);
      expect(mechanismSummary(db, stored.traceId).map((m) => [m.mechanism, m.exits])).toEqual([['trap', r.exits]]);
      const byDevice = new Map<string, number>();
      for (const p of r.byPort) byDevice.set(p.device, (byDevice.get(p.device) ?? 0) + p.exits);
      expect(new Map(deviceSummary(db, stored.traceId).map((d) => [d.device, d.exits]))).toEqual(byDevice);
    } finally {
      db.close();
    }
  });

  it('an imported trace: groups from the decode, no costs; a re-scan gives the same summaries', () => {
    const path = tempPath() + '.exitscope';
    const db = openTraceDb(path);
    const records = importedExits(100);
    const id = Number(db.prepare("INSERT INTO traces (name, kind, status, format, created_at) VALUES ('t', 'imported', 'complete', 'tracefs', '')").run().lastInsertRowid);
    const w = new SqliteExitWriter(db, id);
    db.transaction(() => {
      for (const r of records) w.push(r);
      w.flush();
      summarizeTrace(db, id, w.aggregates);
    })();
    const io = records.filter((r) => r.port !== null);
    expect(deviceSummary(db, id)).toEqual([{
      device: 'COM1', location: 'userspace', exits: io.length, ops: io.length, elements: io.length, priced: 0,
      components: null, costTotal: null, costP50: null, costP90: null, costP99: null, costMax: null,
    }]);
    expect(mechanismSummary(db, id).map((m) => [m.mechanism, m.exits, m.costTotal])).toEqual([['vmx', 100, null]]);
    expect(formSummary(db, id)).toEqual([]);
    expect(componentTotals(db, id)).toEqual({});
    // Re-summarizing from the stored rows (one scan) writes the same rows.
    const snapshot = (): unknown[] => ['summary_reason', 'summary_port', 'summary_histogram', 'summary_slowest', 'summary_device', 'summary_mechanism', 'summary_vcpu', 'summary_rate']
      .map((t) => db.prepare(`SELECT * FROM ${t} WHERE trace_id = ? ORDER BY 2, 3`).all(id));
    const before = snapshot();
    for (const t of ['summary_reason', 'summary_port', 'summary_histogram', 'summary_slowest', 'summary_device', 'summary_mechanism', 'summary_vcpu', 'summary_rate']) db.prepare(`DELETE FROM ${t}`).run();
    summarizeTrace(db, id);
    expect(snapshot()).toEqual(before);
    db.close();
  });
});
