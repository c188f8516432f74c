// perf script -F field selections (fixtures perf-F-*.txt: the events of perf-script.txt printed
// with perf's own column formats from tools/perf/builtin-script.c: comm %16s, tid %5d, pid/tid
// %7d/%-7d, cpu [%03d], time, period %10lu, the event name right-aligned to the longest name,
// then the payload, then ip/sym). Every selection that keeps the event name and the payload
// imports the same exits; what a dropped column took with it is said (no time: no latency).
import { describe, expect, it } from 'vitest';
import { importFixture, importLines } from './import-helpers';

const FULL = importFixture('perf-script.txt');

describe('perf script -F layouts', () => {
  it.each(['perf-F-no-cpu.txt', 'perf-F-pid-tid-period.txt', 'perf-F-ip-sym.txt'])('%s gives the same exits as the default layout', (name) => {
    const { exits, stats } = importFixture(name);
    expect(stats).toMatchObject({ format: 'perf-script', exits: 5, ioExits: 3, skippedLines: 0, vcpus: 2 });
    expect(exits.map((e) => [e.reason, e.port, e.vcpu, e.latencyNs, e.timeNs, e.deviceLocation, e.value]))
      .toEqual(FULL.exits.map((e) => [e.reason, e.port, e.vcpu, e.latencyNs, e.timeNs, e.deviceLocation, e.value]));
  });

  it('event,trace only: the same exits, with no time and therefore no latency', () => {
    const { exits, stats } = importFixture('perf-F-event-trace.txt');
    expect(stats).toMatchObject({ format: 'perf-script', exits: 5, ioExits: 3, skippedLines: 0, firstTimeNs: null });
    expect(stats.untimedEvents).toBe(12); // 5 kvm_exit, 4 kvm_entry, 3 kvm_pio
    expect(exits.map((e) => [e.reason, e.port, e.vcpu, e.latencyNs, e.timeNs]))
      .toEqual(FULL.exits.map((e) => [e.reason, e.port, e.vcpu, null, 0]));
  });

  it('counts two QEMU processes\' vCPU 0 as two vCPUs (process from pid/tid)', () => {
    const { stats } = importLines([
      '  qemu-system-x86    6100/6101    [001] 100.000001: kvm:kvm_exit: vcpu 0 reason HLT rip 0x1000 info1 0x0000000000000000 info2 0x0000000000000000 intr_info 0x00000000 error_code 0x00000000',
      '  qemu-system-x86    6200/6201    [002] 100.000002: kvm:kvm_exit: vcpu 0 reason HLT rip 0x1000 info1 0x0000000000000000 info2 0x0000000000000000 intr_info 0x00000000 error_code 0x00000000',
      '  qemu-system-x86    6100/6101    [001] 100.000005: kvm:kvm_entry: vcpu 0, rip 0x1001',
      '  qemu-system-x86    6200/6201    [002] 100.000007: kvm:kvm_entry: vcpu 0, rip 0x1001',
    ]);
    expect(stats).toMatchObject({ exits: 2, vcpus: 2 });
  });

  it('counts two processes\' vCPU 0 as two vCPUs from the tracefs tgid column', () => {
    const { stats } = importLines([
      '       CPU 0/KVM-6101    (   6100) [001] d.... 100.000001: kvm_exit: vcpu 0 reason HLT rip 0x1000 info1 0x0000000000000000 info2 0x0000000000000000 intr_info 0x00000000 error_code 0x00000000',
      '       CPU 0/KVM-6201    (   6200) [002] d.... 100.000002: kvm_exit: vcpu 0 reason HLT rip 0x1000 info1 0x0000000000000000 info2 0x0000000000000000 intr_info 0x00000000 error_code 0x00000000',
    ]);
    expect(stats).toMatchObject({ exits: 2, vcpus: 2 });
  });

  it('without a process column one vCPU number is one vCPU, as before', () => {
    const { stats } = importLines([
      '       CPU 0/KVM-6101    [001] d.... 100.000001: kvm_exit: vcpu 0 reason HLT rip 0x1000 info1 0x0000000000000000 info2 0x0000000000000000 intr_info 0x00000000 error_code 0x00000000',
      '       CPU 0/KVM-6201    [002] d.... 100.000002: kvm_exit: vcpu 0 reason HLT rip 0x1000 info1 0x0000000000000000 info2 0x0000000000000000 intr_info 0x00000000 error_code 0x00000000',
    ]);
    expect(stats).toMatchObject({ exits: 2, vcpus: 1 });
  });
});
