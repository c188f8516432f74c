// Partial recordings through the whole import: stored, summarised with what the trace holds and
// what cannot be known; only a file with none of the exit events is refused, saying what it found.
import { copyFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { importKvmTextFile } from '../../../../src/core/trace/import/import-kvm-file';
import { openTraceDb } from '../../../../src/core/trace/store/open-trace-db';
import { getTraceSummary } from '../../../../src/core/trace/store/trace-queries';
import { useTempDir } from '../../../helpers/temp-dir';

const tempPath = useTempDir();
const fixture = (name: string): string => {
  const to = tempPath() + '-' + name;
  copyFileSync(fileURLToPath(new URL(`../../../fixtures/kvm/${name}`, import.meta.url)), to);
  return to;
};

describe('importing partial recordings', () => {
  it('imports kvm_pio alone as port-I/O exits and says latency and location cannot be known', async () => {
    const dbPath = tempPath() + '.exitscope';
    const outcome = await importKvmTextFile(dbPath, fixture('perf-pio-only.txt'), { inThread: true });
    const db = openTraceDb(dbPath);
    const s = getTraceSummary(db, outcome.traceId);
    db.close();
    expect(s.trace).toMatchObject({ exitCount: 6, ioExitCount: 6, format: 'perf-script' });
    expect(s.ports.find((p) => p.port === 0x3f8)).toMatchObject({ count: 2, closed: 0, p50Ns: null, userspaceCount: 0 });
    expect(s.importFacts?.recorded).toEqual([{ event: 'kvm_pio', count: 6, handled: true }]);
    expect(s.importFacts?.standaloneExits).toBe(6);
    expect(s.importFacts?.unknown.join('\n')).toMatch(/exit latency: kvm_exit was not recorded/);
    expect(s.importFacts?.unknown.join('\n')).toMatch(/device location .*kvm_userspace_exit was not recorded/);
    expect(s.histogram.buckets).toEqual([]);
  });

  it('imports kvm_mmio alone as MMIO exits', async () => {
    const dbPath = tempPath() + '.exitscope';
    const outcome = await importKvmTextFile(dbPath, fixture('trace-cmd-mmio-only.txt'), { inThread: true });
    const db = openTraceDb(dbPath);
    const s = getTraceSummary(db, outcome.traceId);
    const byGpa = db.prepare("SELECT info1 AS gpa, direction, count(*) AS n FROM exits WHERE trace_id = ? AND reason = 'MMIO' GROUP BY info1, direction ORDER BY info1, direction").all(outcome.traceId);
    db.close();
    expect(s.reasons.map((r) => [r.reason, r.count, r.nativeNames])).toEqual([['MMIO', 4, ['kvm_mmio']]]);
    expect(byGpa).toEqual([
      { gpa: '0xfebf1000', direction: 'out', n: 2 },
      { gpa: '0xfebf1004', direction: 'in', n: 1 },
      { gpa: '0xfee00030', direction: 'in', n: 1 },
    ]);
  });

  it('refuses a file with none of the exit events, naming what it found', async () => {
    const file = fixture('tracefs-no-exit-events.txt');
    await expect(importKvmTextFile(tempPath() + '.exitscope', file, { inThread: true })).rejects.toThrow(
      `no KVM exits in ${file}: 6 lines read, only other events: kvm_set_irq (2), kvm_ack_irq (1), sched_switch (1). ` +
      'An exit is made by any of kvm_exit, kvm_pio, kvm_mmio, kvm_hypercall, kvm_msr, kvm_cpuid');
  });
});
