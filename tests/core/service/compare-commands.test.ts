// The service's compare, stat, rate and rename commands and the honest views of derived traces,
// against a real library: an outl_to_kernel trap run re-priced under hypercall with kvm-2012 (a
// derived trace: its list item names the source and the re-pricing, its summary says its latency
// is a re-priced cost and carries the cost in cycles, its breakdown works), requests refused at
// the boundary, and a rename that changes only the name.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findProfile, loadProfiles } from '../../../src/core/cost/index';
import { ExitScopeService } from '../../../src/core/service/exitscope-service';
import { openTraceDb } from '../../../src/core/trace/store/open-trace-db';
import { repriceTrace } from '../../../src/core/vmm/reprice-trace';
import { useTempDir } from '../../helpers/temp-dir';

const tempPath = useTempDir();
let service: ExitScopeService;
let libraryPath: string;
let trap: number;
let derived: number;
const changed: string[] = [];

beforeAll(async () => {
  libraryPath = `${tempPath()}.exitscope`;
  service = new ExitScopeService({ libraryPath, host: 'serve', version: 'test', profileDir: null });
  service.on('traces/changed', (c) => changed.push(c.reason));
  const run = await service.call('runs/start', { runId: 'r', workload: 'outl_to_kernel', mechanisms: ['trap'], profileId: 'p4-2007', params: { iterations: 200 } });
  trap = run.runs[0]!.traceId;
  derived = (await repriceTrace(libraryPath, trap, 'hypercall', findProfile(loadProfiles({ dir: null }), 'kvm-2012'))).traceId;
}, 120_000);
afterAll(() => service?.close());

function sql<T>(query: string, ...args: unknown[]): T[] {
  const db = openTraceDb(libraryPath, { create: false, readonly: true });
  try {
    return db.prepare(query).all(...args) as T[];
  } finally {
    db.close();
  }
}

describe('derived traces', () => {
  it('are listed with their source and re-pricing, and get the run breakdown', async () => {
    const item = (await service.call('traces/list', {})).find((t) => t.id === derived)!;
    expect(item).toMatchObject({ kind: 'derived', derivedFrom: trap, repriced: { mechanism: 'hypercall', profileId: 'kvm-2012' }, run: { workload: 'outl_to_kernel', mechanism: 'hypercall', runGroup: null } });
    const breakdown = await service.call('runs/breakdown', { traceId: derived });
    const stored = sql<{ c: number }>('SELECT SUM(cost_total) AS c FROM exits_priced WHERE trace_id = ?', derived)[0]!.c;
    expect(breakdown.forms.reduce((n, f) => n + f.totalCycles, 0)).toBe(stored);
    expect(stored).toBeGreaterThan(0);
  });

  it('say what their latency is and carry their cost in cycles', async () => {
    const s = await service.call('traces/summary', { traceId: derived });
    expect(s.latencyMeaning).toMatch(/re-priced cost, not measured/);
    expect(s.histogram.derivation).toMatch(/re-priced cost/);
    expect(s.costCycles).toBe(sql<{ c: number }>('SELECT SUM(cost_total) AS c FROM exits_priced WHERE trace_id = ?', derived)[0]!.c);
    const run = await service.call('traces/summary', { traceId: trap });
    expect(run.histogram.derivation).toMatch(/priced cost, not a measured kvm_exit → kvm_entry/);
  });
});

describe('compare, stat, rate and rename', () => {
  it('compares a run with its re-pricing', async () => {
    const c = await service.call('traces/compare', { traceIds: [trap, derived] });
    expect(c.traces.map((t) => t.kind)).toEqual(['emulated', 'derived']);
    const form = c.tables.find((t) => t.dimension === 'form')!.rows[0]!;
    expect(form.values.map((v) => v?.count)).toEqual([200, 200]);
    expect(form.deltas[0]!.total).toBe(form.values[1]!.total! - form.values[0]!.total!);
  });

  it('reports stats and the exit rate of a run', async () => {
    const r = await service.call('traces/stat', { traceId: trap, event: 'port', vcpu: null, key: 'time' });
    expect(r.rows.map((x) => [x.label, x.count, x.ops])).toEqual([['0x4d0 ELCR (PIC edge/level) out/1', 200, 200]]);
    const m = sql<{ n: number; s: number; q: number }>('SELECT COUNT(*) AS n, SUM(latency_ns) AS s, SUM(latency_ns * latency_ns) AS q FROM exits_priced WHERE trace_id = ?', trap)[0]!;
    expect(r.rows[0]!.stddevNs).toBeCloseTo(Math.sqrt(Math.max(0, m.q / m.n - (m.s / m.n) ** 2)), 3);
    const rate = await service.call('traces/rate', { traceId: trap, vcpu: 0 });
    expect(rate.points.reduce((n, p) => n + p.exits, 0)).toBe(200);
  });

  it('refuses bad requests at the boundary', async () => {
    await expect(service.call('traces/compare', { traceIds: [trap] })).rejects.toThrow(/at least two/);
    await expect(service.call('traces/compare', { traceIds: [trap, trap] })).rejects.toThrow(/once/);
    await expect(service.call('traces/compare', { traceIds: [1, 2, 3, 4, 5, 6, 7, 8, 9] })).rejects.toThrow(/at most 8/);
    await expect(service.call('traces/stat', { traceId: trap, event: 'mmio', vcpu: null, key: 'sample' })).rejects.toThrow(/event/);
    await expect(service.call('traces/stat', { traceId: trap, event: 'reason', vcpu: null, key: 'max_t' })).rejects.toThrow(/key/);
    await expect(service.call('traces/rename', { traceId: trap, name: '   ' })).rejects.toThrow(/only spaces/);
  });

  it('renames a trace and nothing else', async () => {
    const before = sql<Record<string, unknown>>('SELECT * FROM traces WHERE id = ?', trap)[0]!;
    expect(await service.call('traces/rename', { traceId: trap, name: '  baseline  ' })).toEqual({ renamed: true });
    const after = sql<Record<string, unknown>>('SELECT * FROM traces WHERE id = ?', trap)[0]!;
    expect(after).toEqual({ ...before, name: 'baseline' });
    expect(changed).toContain('renamed');
    expect(await service.call('traces/rename', { traceId: 999, name: 'x' })).toEqual({ renamed: false });
  });
});
