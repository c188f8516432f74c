// Re-pricing stored traces: a trap run re-priced under hypercall agrees, operation for
// operation, with the paravirtual run of the same workload (the check), and an imported
// KVM trace's port-I/O exits are re-priced with their port, size, count and device location.
import { writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { findProfile, loadProfiles } from '../../../src/core/cost/index';
import { importKvmTextFile } from '../../../src/core/trace/import/import-kvm-file';
import { openTraceDb } from '../../../src/core/trace/store/open-trace-db';
import { recordRun } from '../../../src/core/trace/store/record-run';
import { listTraces } from '../../../src/core/trace/store/trace-queries';
import { repriceTrace } from '../../../src/core/vmm/reprice-trace';
import { runMechanism } from '../../../src/core/vmm/index';
import type { Mechanism } from '../../../src/core/cost/index';
import { SAMPLE_TRACEFS } from '../../helpers/sample-trace';
import { useTempDir } from '../../helpers/temp-dir';

const tempPath = useTempDir();
const profiles = loadProfiles({ dir: null });
const p4 = findProfile(profiles, 'p4-2007');
const kvm = findProfile(profiles, 'kvm-2012');

async function storeRun(db: string, workload: string, mechanism: Mechanism, params: Record<string, number | string>): Promise<number> {
  const r = await recordRun(db, { name: `${workload} ${mechanism}`, format: 'exitscope-run', meta: {} }, async (sink) => {
    const report = await runMechanism({ workload, mechanism, profile: p4, params, sink });
    expect(report.stop.kind, report.stop.message).toBe('done');
    return { cancelled: false };
  });
  return r.traceId;
}

/** Elements moved per (port, direction, size), read back from the stored exits. */
function operations(db: string, traceId: number): Record<string, number> {
  const h = openTraceDb(db, { create: false, readonly: true });
  try {
    const rows = h.prepare(`
      SELECT port, direction, size, SUM(COALESCE(count, 1)) AS n FROM exits WHERE trace_id = ? AND port IS NOT NULL
      GROUP BY port, direction, size`).all(traceId) as { port: number; direction: string; size: number; n: number }[];
    return Object.fromEntries(rows.map((r) => [`${r.port.toString(16)} ${r.direction} ${r.size}`, r.n]));
  } finally {
    h.close();
  }
}

describe('repriceTrace', () => {
  it('re-prices a trap run under hypercall; it agrees with the paravirtual run on every I/O operation', async () => {
    const db = tempPath() + '.exitscope';
    const trap = await storeRun(db, 'ata_read', 'trap', { iterations: 2 });
    const pv = await storeRun(db, 'ata_read', 'hypercall', { iterations: 2 });
    const derived = await repriceTrace(db, trap, 'hypercall', p4);
    expect(derived.skipped).toEqual({ notIo: 0, unknownForm: 0 });
    expect(operations(db, derived.traceId)).toEqual(operations(db, pv));
    expect(operations(db, derived.traceId)).toEqual(operations(db, trap));
    const h = openTraceDb(db, { create: false, readonly: true });
    const row = h.prepare('SELECT kind, derived_from FROM traces WHERE id = ?').get(derived.traceId);
    // Without fetch and decode, and with a 120-cycle entry instead of a 2000-cycle #GP, the
    // re-priced exits cost less than the trapped ones.
    const cost = (id: number) => (h.prepare('SELECT SUM(cost_total) AS c FROM exits_priced WHERE trace_id = ?').get(id) as { c: number }).c;
    expect(row).toEqual({ kind: 'derived', derived_from: trap });
    expect(cost(derived.traceId)).toBeLessThan(cost(trap));
    h.close();
  });

  it('re-prices the port-I/O exits of an imported KVM trace and leaves the others out', async () => {
    const db = tempPath() + '.exitscope';
    const file = tempPath() + '.txt';
    writeFileSync(file, SAMPLE_TRACEFS);
    const imported = await importKvmTextFile(db, file);
    const r = await repriceTrace(db, imported.traceId, 'hypercall', kvm);
    // The sample has 3 port-I/O exits (two OUTs to COM1 via userspace, one IN from 0x64) and two others.
    expect(r).toMatchObject({ repriced: 3, skipped: { notIo: 2, unknownForm: 0 } });
    expect(operations(db, r.traceId)).toEqual(operations(db, imported.traceId));
    const h = openTraceDb(db, { create: false, readonly: true });
    const locations = h.prepare('SELECT port, device_location FROM exits WHERE trace_id = ? ORDER BY seq').all(r.traceId);
    expect(locations).toEqual([
      { port: 0x3f8, device_location: 'userspace' }, { port: 0x64, device_location: 'kernel' }, { port: 0x3f8, device_location: 'userspace' },
    ]);
    // kvm-2012 publishes no clock: the cost is in cycles, the latency unknown.
    const first = h.prepare('SELECT latency_ns, cost_total, cost_userspace FROM exits_priced WHERE trace_id = ? ORDER BY seq LIMIT 1').get(r.traceId) as { latency_ns: number | null; cost_total: number; cost_userspace: number };
    expect(first.latency_ns).toBeNull();
    expect(first.cost_userspace).toBeGreaterThan(0);
    expect(listTraces(h).find((t) => t.id === r.traceId)?.kind).toBe('derived');
    h.close();
  });

  it('asks where a port\'s device model ran when the imported trace does not show it, and uses the answer', async () => {
    const db = tempPath() + '.exitscope';
    const file = tempPath() + '.txt';
    writeFileSync(file, SAMPLE_TRACEFS.split('\n').filter((l) => !l.includes('kvm_userspace_exit')).join('\n'));
    const imported = await importKvmTextFile(db, file);
    await expect(repriceTrace(db, imported.traceId, 'hypercall', kvm)).rejects.toThrow(
      /does not show where the device model of port 0x64 \(.*\), port 0x3f8 \(COM1\) ran.*--device 0x64=kernel\|userspace --device 0x3f8=kernel\|userspace/);
    const r = await repriceTrace(db, imported.traceId, 'hypercall', kvm, new Map([[0x3f8, 'userspace'], [0x64, 'kernel']]));
    const h = openTraceDb(db, { create: false, readonly: true });
    expect(h.prepare('SELECT port, device_location FROM exits WHERE trace_id = ? ORDER BY seq').all(r.traceId)).toEqual([
      { port: 0x3f8, device_location: 'userspace' }, { port: 0x64, device_location: 'kernel' }, { port: 0x3f8, device_location: 'userspace' },
    ]);
    h.close();
  });
});

describe('repriceTrace and the profile\u2019s era', () => {
  it('under vmx, a non-string IN is decoded only for a profile whose era has no kvm_fast_pio_in', async () => {
    const db = tempPath() + '.exitscope';
    const trap = await storeRun(db, 'inl_from_kernel', 'trap', { iterations: 3 });
    const skx = findProfile(profiles, 'skylake-sp-2020');
    expect(kvm.era?.fastPioIn).toBe(false);
    expect(skx.era?.fastPioIn).toBe(true);
    const decodeOf = async (p: typeof kvm): Promise<number[]> => {
      const d = await repriceTrace(db, trap, 'vmx', p);
      const h = openTraceDb(db, { create: false, readonly: true });
      try {
        return (h.prepare("SELECT cost_decode AS d FROM exits_priced WHERE trace_id = ? AND direction = 'in'").all(d.traceId) as { d: number }[]).map((r) => r.d);
      } finally {
        h.close();
      }
    };
    const old = await decodeOf(kvm);
    expect(old.length).toBeGreaterThan(0);
    for (const d of old) expect(d).toBe(kvm.params.get('decode.invoke')!.value);
    for (const d of await decodeOf(skx)) expect(d).toBe(0);
  });
});
