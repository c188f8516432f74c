// Comparing stored traces (analysis/compare.ts) on a real library: outl_to_kernel run under trap
// and under ring (one doorbell exit carries many port writes) plus an imported KVM trace. Every
// figure is checked against a scan of the stored exits or the summaries it must equal; the ring
// run's port operations, each on its own port, add up to the trap run's (same I/O performed).
import { writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { compareTraces } from '../../../src/core/analysis/compare';
import { formTotals } from '../../../src/core/analysis/queries';
import { executeRun } from '../../../src/core/runs/execute-run';
import { importKvmTextFile } from '../../../src/core/trace/import/import-kvm-file';
import { openTraceDb } from '../../../src/core/trace/store/open-trace-db';
import type { Db } from '../../../src/core/trace/store/open-trace-db';
import { getTraceSummary } from '../../../src/core/trace/store/trace-queries';
import type { TraceComparison } from '../../../src/shared/compare';
import { SAMPLE_TRACEFS } from '../../helpers/sample-trace';
import { useTempDir } from '../../helpers/temp-dir';

const tempPath = useTempDir();
const BIN = fileURLToPath(new URL('../../../bin/exitscope.mjs', import.meta.url));
let path: string;
let db: Db;
let trap: number;
let ring: number;
let imported: number;

beforeAll(async () => {
  path = `${tempPath()}.exitscope`;
  const out = await executeRun({ dbPath: path, workload: 'outl_to_kernel', mechanisms: ['trap', 'ring'], profileId: 'p4-2007', profileDir: null, params: { iterations: 120 } });
  [trap, ring] = out.runs.map((r) => r.traceId) as [number, number];
  const text = `${tempPath()}.txt`;
  writeFileSync(text, SAMPLE_TRACEFS);
  imported = (await importKvmTextFile(path, text, { name: 'sample' })).traceId;
  db = openTraceDb(path, { readonly: true, create: false });
  return () => db.close();
}, 120_000);

function rowOf(c: TraceComparison, dimension: string, key: string) {
  const row = c.tables.find((t) => t.dimension === dimension)!.rows.find((r) => r.key === key);
  expect(row, `${dimension} ${key}`).toBeDefined();
  return row!;
}

describe('compareTraces', () => {
  it('gives each trace\u2019s exits per reason as its stored exits, and the deltas against the first', () => {
    const c = compareTraces(db, [trap, ring, imported]);
    expect(c.traces.map((t) => t.id)).toEqual([trap, ring, imported]);
    const reasons = c.tables.find((t) => t.dimension === 'reason')!;
    const scan = db.prepare('SELECT trace_id AS t, reason, COUNT(*) AS n, SUM(latency_ns) AS total FROM exits WHERE trace_id IN (?, ?, ?) GROUP BY 1, 2').all(trap, ring, imported) as { t: number; reason: string; n: number; total: number }[];
    for (const s of scan) {
      const row = reasons.rows.find((r) => r.key === s.reason)!;
      const v = row.values[[trap, ring, imported].indexOf(s.t)]!;
      expect([v.count, v.total]).toEqual([s.n, s.total]);
    }
    for (const row of reasons.rows) {
      row.deltas.forEach((d, i) => expect(d.count).toBe((row.values[i + 1]?.count ?? 0) - (row.values[0]?.count ?? 0)));
    }
    expect(c.traces[0]!.latencyMeaning).toMatch(/priced cost/);
    expect(c.traces[2]!.latencyMeaning).toMatch(/kvm_exit to the next kvm_entry/);
  });

  it('counts the ring run\u2019s operations on their own ports: the same operations as the trap run', () => {
    const c = compareTraces(db, [trap, ring]);
    const ports = c.tables.find((t) => t.dimension === 'port')!;
    const ops = (i: number): number => ports.rows.reduce((n, r) => n + (r.values[i]?.ops ?? 0), 0);
    const exits = (i: number): number => ports.rows.reduce((n, r) => n + (r.values[i]?.count ?? 0), 0);
    expect(ops(0)).toBe(exits(0));
    expect(ops(1)).toBe(ops(0));
    expect(exits(1)).toBeLessThan(exits(0));
    const ringExits = (db.prepare('SELECT exit_count AS n FROM traces WHERE id = ?').get(ring) as { n: number }).n;
    expect(exits(1)).toBe(ringExits);
    // The run breakdown's forms count the same operations.
    const formOps = (id: number): number => formTotals(db, id).reduce((n, f) => n + (f.ops ?? 0), 0);
    expect(formOps(ring)).toBe(formOps(trap));
    expect(formOps(trap)).toBe(ops(0));
  });

  it('lines up the histograms on common buckets with CDFs that end at 1', () => {
    const c = compareTraces(db, [trap, imported]);
    const b = c.histogram.buckets;
    const stored = [trap, imported].map((id) => getTraceSummary(db, id).histogram.buckets.reduce((n, x) => n + x.count, 0));
    expect([0, 1].map((i) => b.reduce((n, x) => n + x.counts[i]!, 0))).toEqual(stored);
    expect(b.at(-1)!.cdf).toEqual([1, 1]);
    for (let i = 1; i < b.length; i++) expect(b[i]!.index).toBe(b[i - 1]!.index + 1);
  });

  it('prices forms in cycles for emulated traces and says unknown for imports', () => {
    const c = compareTraces(db, [trap, imported]);
    const forms = c.tables.find((t) => t.dimension === 'form')!;
    expect(forms.unit).toBe('cycles');
    const out = rowOf(c, 'form', String(forms.rows.find((r) => r.values[0] !== null)!.key));
    const stored = db.prepare('SELECT SUM(cost_total) AS c FROM exits_priced WHERE trace_id = ? AND form_id = ?').get(trap, Number(out.key)) as { c: number };
    expect(out.values[0]!.total).toBe(stored.c);
    for (const r of forms.rows) if (r.values[1] !== null) expect(r.values[1]!.total).toBeNull();
  });

  it('refuses fewer than two traces, and unknown ones', () => {
    expect(() => compareTraces(db, [trap])).toThrow(/at least two/);
    expect(() => compareTraces(db, [trap, 999])).toThrow(/no trace with id 999/);
  });

  it('is what `exitscope compare --json` prints, and the text names the traces', () => {
    const r = spawnSync(process.execPath, [BIN, 'compare', String(trap), String(ring), '--db', path, '--json'], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual(compareTraces(db, [trap, ring]));
    const text = spawnSync(process.execPath, [BIN, 'compare', String(trap), String(ring), '--db', path, '--by', 'port'], { encoding: 'utf8' });
    expect(text.stdout).toContain('outl_to_kernel ring p4-2007');
    expect(text.stdout).toMatch(/By port: .*\n/);
    expect(text.stdout).not.toContain('By reason');
    const bad = spawnSync(process.execPath, [BIN, 'compare', String(trap), '--db', path], { encoding: 'utf8' });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('expected two to 8 trace ids');
  });

  it('`exitscope stat` sorts like perf kvm stat --key and filters by --vcpu', () => {
    const r = spawnSync(process.execPath, [BIN, 'stat', String(imported), '--db', path, '--key', 'max_t', '--json'], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout) as { key: string; rows: { maxNs: number | null }[] };
    expect(report.key).toBe('max');
    const maxes = report.rows.map((x) => x.maxNs ?? -1);
    expect(maxes).toEqual([...maxes].sort((a, b) => b - a));
    const text = spawnSync(process.execPath, [BIN, 'stat', String(imported), '--db', path, '--event', 'ioport', '--vcpu', '0'], { encoding: 'utf8' });
    expect(text.status, text.stderr).toBe(0);
    expect(text.stdout).toContain('vCPU 0');
    const bad = spawnSync(process.execPath, [BIN, 'stat', String(imported), '--db', path, '--key', 'nope'], { encoding: 'utf8' });
    expect(bad.stderr).toContain('--key: expected one of');
  });
});
