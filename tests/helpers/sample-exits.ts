// Test helper: varied exit records for storage tests — an emulated run's (every port-I/O form under
// trap, with instruction bytes, string buffers, REP counts and decode steps; outl_to_kernel under
// vmx with exit qualifications) and import-like ones (two vCPUs, info1/info2 that vary exit to
// exit, exits never closed, latencies and lines of their own).
import { findProfile, loadProfiles } from '../../src/core/cost/index';
import type { Mechanism } from '../../src/core/cost/index';
import type { ExitRecord } from '../../src/core/trace/exit-record';
import { runMechanism } from '../../src/core/vmm/index';
import { exitRecord } from './exit-record';

export async function emulatedExits(workload: string, mechanism: Mechanism, profileId: string, params: Record<string, number>): Promise<ExitRecord[]> {
  const out: ExitRecord[] = [];
  const profile = findProfile(loadProfiles({ dir: null }), profileId);
  const r = await runMechanism({ workload, mechanism, profile, params, sink: { push: (e) => out.push({ ...e }) } });
  if (r.stop.kind !== 'done') throw new Error(r.stop.message);
  return out;
}

export function importedExits(n: number): ExitRecord[] {
  return Array.from({ length: n }, (_, i) => exitRecord(i % 5 === 4
    ? { seq: i, vcpu: i % 2, rip: 0x1000 + (i % 3), reason: 'EPT_VIOLATION', reasonNative: 'EPT_VIOLATION', isa: 'vmx', reasonCode: 48,
      info1: `0x${(0x180 + i).toString(16)}`, info2: `0x${(0xfee00000 + i * 8).toString(16)}`, latencyNs: i % 10 === 9 ? null : 900 + i, line: 3 * i + 1, mechanism: 'vmx' }
    : { seq: i, vcpu: i % 2, rip: -0x7efd5e3e + (i % 2), reason: 'IO_INSTRUCTION', reasonNative: 'IO_INSTRUCTION', isa: 'vmx', reasonCode: 30,
      port: 0x3f8 + (i % 2), direction: i % 3 ? 'out' : 'in', size: 1, count: 1, value: i % 7 ? 0x41 : null, device: 'COM1', deviceLocation: 'userspace',
      info1: '0x3f80000', info2: '0x0', latencyNs: 1000 + (i % 4) * 250, line: 3 * i + 1, emulated: i % 2 === 0, mechanism: 'vmx' }));
}
