// The records of a mechanism run go through the SQLite exit writer as they are (every field
// the store has a column for), and the stored costs add up to the run's report.
import { describe, expect, it } from 'vitest';
import { openTraceDb } from '../../../../src/core/trace/store/open-trace-db';
import { recordRun } from '../../../../src/core/trace/store/record-run';
import { runMechanism } from '../../../../src/core/vmm/index';
import type { MechanismRunReport } from '../../../../src/core/vmm/index';
import { useTempDir } from '../../../helpers/temp-dir';
import { profile } from './run-helper';

const tempPath = useTempDir();

describe('a mechanism run stored as a trace', () => {
  it('trap run of io_forms: every exit stored with its decode and cost', async () => {
    const db = tempPath() + '.exitscope';
    let report: MechanismRunReport | null = null;
    const stored = await recordRun(db, { name: 'io_forms trap p4-2007', format: 'exitscope-run', meta: { workload: 'io_forms' } }, async (sink) => {
      report = await runMechanism({ workload: 'io_forms', mechanism: 'trap', profile: profile('p4-2007'), params: { iterations: 1 }, sink });
      return { cancelled: report.stop.kind === 'cancelled' };
    });
    const r = report as unknown as MechanismRunReport;
    expect(stored).toMatchObject({ exits: r.exits, status: 'complete' });
    const h = openTraceDb(db);
    try {
      const row = h.prepare(`SELECT COUNT(*) AS n, SUM(cost_total) AS total, SUM(cost_decode) AS decode, COUNT(DISTINCT form_id) AS forms,
        SUM(CASE WHEN step_bytes IS NULL THEN 1 ELSE 0 END) AS noSteps FROM exits_priced`).get() as Record<string, number>;
      expect(row.n).toBe(35);
      expect(row.forms).toBe(24);
      expect(row.noSteps).toBe(0);
      expect(row.total).toBeCloseTo(r.exitCycles, 3);
      expect(row.decode).toBeCloseTo(r.components.decode, 3);
    } finally {
      h.close();
    }
  });
});
