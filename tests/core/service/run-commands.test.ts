// The service's run commands against a real library file: the catalogue the dialog offers,
// runs/start with run/progress events and traces/changed, runs/breakdown and runs/savings
// checked against the stored exits read back with SQL, runs/cancel leaving a cancelled trace,
// and requests the service refuses before anything is stored.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExitScopeService } from '../../../src/core/service/exitscope-service';
import { openTraceDb } from '../../../src/core/trace/store/open-trace-db';
import type { RunProgressEvent, RunStartResult } from '../../../src/shared/runs';
import { useTempDir } from '../../helpers/temp-dir';

const tempPath = useTempDir();
let service: ExitScopeService;
let libraryPath: string;
const progress: RunProgressEvent[] = [];
const changed: string[] = [];
let started: RunStartResult;

beforeAll(async () => {
  libraryPath = `${tempPath()}.exitscope`;
  service = new ExitScopeService({ libraryPath, host: 'serve', version: 'test', profileDir: null });
  service.on('run/progress', (p) => progress.push(p));
  service.on('traces/changed', (c) => changed.push(c.reason));
  started = await service.call('runs/start', {
    runId: 'r1', workload: 'outl_to_kernel', mechanisms: ['trap', 'hypercall'], profileId: 'p4-2007', params: { iterations: 300 },
  });
});
afterAll(() => service?.close());

function sql<T>(query: string, ...args: unknown[]): T[] {
  const db = openTraceDb(libraryPath, { create: false, readonly: true });
  try {
    return db.prepare(query).all(...args) as T[];
  } finally {
    db.close();
  }
}

describe('catalogue commands', () => {
  it('lists workloads with parameter defaults, ranges and what each mechanism imposes', async () => {
    const list = await service.call('workloads/list', {});
    expect(list.some((w) => w.id === 'user')).toBe(false);
    const outl = list.find((w) => w.id === 'outl_to_kernel');
    expect(outl?.params.find((p) => p.name === 'iterations')).toMatchObject({ kind: 'int', default: 10_000, min: 1, max: 10_000_000 });
    expect(outl?.params.find((p) => p.name === 'cpl')?.setBy).toEqual({ trap: 3 });
    expect(outl?.derived.map((d) => d.name)).toEqual(['cyclesPerIteration', 'guestTimeUs']);
  });

  it('lists profiles with the mechanisms each can price', async () => {
    const list = await service.call('profiles/list', {});
    expect(list.find((p) => p.id === 'p4-2007')?.mechanisms).toEqual(['trap', 'hypercall', 'batched', 'ring']);
    expect(list.find((p) => p.id === 'kvm-2012')?.mechanisms).toEqual(['vmx', 'hypercall', 'batched', 'ring']);
    expect(list.find((p) => p.id === 'kvm-2012')?.sources.length).toBeGreaterThan(0);
  });
});

describe('runs/start', () => {
  it('stores one trace per mechanism in one group and reports progress under the runId', () => {
    expect(started.cancelled).toBe(false);
    expect(started.runs.map((r) => [r.mechanism, r.status, r.exits])).toEqual([['trap', 'complete', 300], ['hypercall', 'complete', 300]]);
    const rows = sql<{ id: number; g: string }>("SELECT id, json_extract(meta_json, '$.runGroup') AS g FROM traces ORDER BY id");
    expect(rows.map((r) => r.id)).toEqual(started.runs.map((r) => r.traceId));
    expect(new Set(rows.map((r) => r.g))).toEqual(new Set([started.runGroup]));
    expect(progress.length).toBeGreaterThanOrEqual(2);
    expect(progress.every((p) => p.runId === 'r1' && p.of === 2)).toBe(true);
    expect(progress.at(-1)).toMatchObject({ mechanism: 'hypercall', index: 1, exits: 300 });
    expect(changed).toContain('run');
  });

  it('labels the stored runs in traces/list', async () => {
    const list = await service.call('traces/list', {});
    expect(list.map((t) => t.run?.mechanism).sort()).toEqual(['hypercall', 'trap']);
    expect(list[0]?.run).toMatchObject({ workload: 'outl_to_kernel', profileId: 'p4-2007', runGroup: started.runGroup });
  });

  it('runs with a device moved into the kernel (deviceLocations): no userspace round trip, kept in the meta', async () => {
    const list = await service.call('workloads/list', {});
    expect(list.find((w) => w.id === 'inl_from_kernel')?.devices).toContainEqual({ key: 'ne2000', defaultLocation: 'userspace', usedByWorkload: false });
    const out = await service.call('runs/start', {
      runId: 'dev', workload: 'inl_from_kernel', mechanisms: ['vmx'], profileId: 'kvm-2012', params: { port: 0x307, iterations: 50 },
      deviceLocations: { ne2000: 'kernel' },
    });
    const id = out.runs[0]!.traceId;
    const [row] = sql<{ userspace: number; locations: string; meta: string }>(
      "SELECT SUM(cost_userspace) AS userspace, GROUP_CONCAT(DISTINCT device_location) AS locations, (SELECT meta_json FROM traces WHERE id = ?) AS meta FROM exits_priced WHERE trace_id = ? AND port = 0x307", id, id);
    expect(row).toMatchObject({ userspace: 0, locations: 'kernel' });
    expect(JSON.parse(row!.meta).deviceLocations).toEqual({ ne2000: 'kernel' });
  });

  it('refuses a mechanism the profile cannot price, an unknown parameter and a bad payload, storing nothing', async () => {
    const before = sql<{ n: number }>('SELECT COUNT(*) AS n FROM traces')[0]?.n;
    await expect(service.call('runs/start', { runId: 'x', workload: 'outl_to_kernel', mechanisms: ['vmx'], profileId: 'p4-2007', params: {} }))
      .rejects.toThrow('mechanisms: profile p4-2007 cannot price vmx (it prices trap, hypercall, batched, ring)');
    await expect(service.call('runs/start', { runId: 'x', workload: 'outl_to_kernel', mechanisms: ['trap'], profileId: 'p4-2007', params: { iters: 1 } }))
      .rejects.toThrow(/params: outl_to_kernel: iters is not a parameter/);
    await expect(service.call('runs/start', { runId: 'x', workload: 'outl_to_kernel', mechanisms: ['virtio'], profileId: 'p4-2007', params: {} }))
      .rejects.toThrow('mechanisms[0]: expected one of trap, vmx, svm, hypercall, batched, ring, got string');
    await expect(service.call('runs/start', { runId: 'x', workload: 'outl_to_kernel', mechanisms: ['hypercall', 'trap'], profileId: 'p4-2007', params: { cpl: 1 } }))
      .rejects.toThrow('params.cpl: trap runs the guest with cpl = 3 (got 1); leave it at its default or run trap separately');
    await expect(service.call('runs/start', { runId: 'x', workload: 'nope', mechanisms: ['trap'], profileId: 'p4-2007', params: {} }))
      .rejects.toThrow(/unknown workload "nope"/);
    expect(sql<{ n: number }>('SELECT COUNT(*) AS n FROM traces')[0]?.n).toBe(before);
  });
});

describe('runs/breakdown', () => {
  it('breaks the trap run down by form and component, matching the stored exits', async () => {
    const trap = started.runs[0]!;
    const b = await service.call('runs/breakdown', { traceId: trap.traceId });
    const stored = sql<Record<string, number>>(`
      SELECT form_id, COUNT(*) AS n, SUM(cost_entry) AS entry, SUM(cost_decode) AS decode, SUM(cost_total) AS total
      FROM exits_priced WHERE trace_id = ? GROUP BY form_id`, trap.traceId);
    expect(b.forms).toHaveLength(1);
    expect(b.forms[0]).toMatchObject({ key: '9', formId: 9, label: 'out dx, al', exits: stored[0]!.n, totalCycles: stored[0]!.total });
    expect(b.forms[0]!.cycles.entry).toBe(stored[0]!.entry);
    expect(b.forms[0]!.cycles.decode).toBe(stored[0]!.decode);
    expect(b.forms[0]!.cycles.decode).toBeGreaterThan(0);
    expect(b.run).toMatchObject({ workload: 'outl_to_kernel', mechanism: 'trap', profileId: 'p4-2007', runGroup: started.runGroup });
  });

  it('names the profile parameters behind each component, with value, unit, kind and source', async () => {
    const b = await service.call('runs/breakdown', { traceId: started.runs[0]!.traceId });
    const entry = b.sources['9']?.find((s) => s.component === 'entry');
    expect(entry?.params.map((p) => p.id)).toEqual(['entry.trap']);
    const p = entry!.params[0]!;
    expect(['measured', 'manual', 'derived', 'assumed']).toContain(p.kind);
    expect(p.source.url ?? p.source.citation).toBeTruthy();
    expect(entry?.derivation).toContain('entry.trap');
    const decode = b.sources['9']?.find((s) => s.component === 'decode');
    expect(decode?.params.map((x) => x.id)).toContain('decode.invoke');
  });

  it('gives one latency histogram per mechanism of the group', async () => {
    const b = await service.call('runs/breakdown', { traceId: started.runs[1]!.traceId });
    expect(b.histograms.map((h) => h.mechanism)).toEqual(['trap', 'hypercall']);
    for (const h of b.histograms) expect(h.histogram.buckets.reduce((n, x) => n + x.count, 0)).toBe(300);
  });
});

describe('runs/savings', () => {
  it('compares the group against its trap run, per mechanism and per form', async () => {
    const s = await service.call('runs/savings', { runGroup: started.runGroup });
    const [trap, hc] = started.runs;
    const totals = new Map(sql<{ t: number; c: number }>('SELECT trace_id AS t, SUM(cost_total) AS c FROM exits_priced GROUP BY trace_id').map((r) => [r.t, r.c]));
    expect(s.baseline).toMatchObject({ traceId: trap!.traceId, mechanism: 'trap' });
    expect(s.mechanisms.map((m) => m.exitCycles)).toEqual([totals.get(trap!.traceId), totals.get(hc!.traceId)]);
    const hcRow = s.mechanisms[1]!;
    expect(hcRow.savedCycles).toBe(totals.get(trap!.traceId)! - totals.get(hc!.traceId)!);
    expect(hcRow.savedCycles).toBeGreaterThan(0);
    const meta = JSON.parse(sql<{ m: string }>('SELECT meta_json AS m FROM traces WHERE id = ?', hc!.traceId)[0]!.m) as { guestCycles: number; results: { derived: { cyclesPerIteration: number } } };
    expect(hcRow.shareInExits).toBeCloseTo(hcRow.exitCycles / meta.guestCycles, 12);
    expect(hcRow.results.find((r) => r.name === 'cyclesPerIteration')).toMatchObject({ value: meta.results.derived.cyclesPerIteration, unit: 'cycles' });
    expect(s.forms).toHaveLength(1);
    expect(s.forms[0]!.saved[hc!.traceId]).toBe(hcRow.savedCycles);
    expect(s.forms[0]!.saved[trap!.traceId]).toBe(0);
    const same = await service.call('runs/savings', { traceId: hc!.traceId });
    expect(same).toEqual(s);
  });
});

describe('runs/cancel', () => {
  it('cancels a long run, which stays stored and marked cancelled', async () => {
    const seen: RunProgressEvent[] = [];
    const off = service.on('run/progress', (p) => {
      seen.push(p);
      if (seen.length === 1) void service.call('runs/cancel', { runId: 'long' });
    });
    const r = await service.call('runs/start', { runId: 'long', workload: 'outl_to_kernel', mechanisms: ['trap', 'hypercall'], profileId: 'p4-2007', params: { iterations: 5_000_000 } });
    off();
    expect(r.cancelled).toBe(true);
    expect(r.runs).toHaveLength(1);
    expect(r.runs[0]).toMatchObject({ mechanism: 'trap', status: 'cancelled' });
    expect(sql<{ status: string }>('SELECT status FROM traces WHERE id = ?', r.runs[0]!.traceId)[0]?.status).toBe('cancelled');
    expect(await service.call('runs/cancel', { runId: 'long' })).toEqual({ cancelled: false });
  });
});
