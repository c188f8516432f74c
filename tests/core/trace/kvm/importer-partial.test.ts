// Partial recordings (fixtures perf-pio-only.txt, trace-cmd-mmio-only.txt,
// tracefs-hypercall-msr-cpuid.txt, tracefs-no-exit-events.txt): an event that reports an
// exit's work makes an exit of its own when no kvm_exit was recorded, with what the event
// says and with latency and device location unknown. Expected values counted by hand.
import { describe, expect, it } from 'vitest';
import { importFixture } from './import-helpers';

describe('kvm_pio alone (perf record -e kvm:kvm_pio)', () => {
  const { exits, stats } = importFixture('perf-pio-only.txt');

  it('makes one port-I/O exit per kvm_pio with port, size, count, direction and value', () => {
    expect(stats.format).toBe('perf-script');
    expect(stats.exits).toBe(6);
    expect(stats.ioExits).toBe(6);
    expect(stats.standaloneExits).toBe(6);
    expect(exits.map((e) => [e.port, e.direction, e.size, e.count, e.value])).toEqual([
      [0x3f8, 'out', 1, 1, 0x48],
      [0x3f8, 'out', 1, 1, 0x69],
      [0x64, 'in', 1, 1, 0x1c],
      [0x1f0, 'in', 2, 256, 0x4241],
      [0xcf8, 'out', 4, 1, 0x80000000],
      [0xcfc, 'in', 4, 1, 0x12378086],
    ]);
    expect(exits[3]).toMatchObject({ isString: true, isRep: true });
  });

  it('leaves latency and device location unknown, reason IO_INSTRUCTION named after kvm_pio', () => {
    for (const e of exits) expect(e).toMatchObject({ reason: 'IO_INSTRUCTION', reasonNative: 'kvm_pio', latencyNs: null, deviceLocation: null, isa: null });
    expect(exits.map((e) => e.timeNs)).toEqual([912_100_000_000, 912_100_020_000, 912_100_031_000, 912_100_050_000, 912_100_090_000, 912_100_091_000]);
    expect(exits.map((e) => e.device)).toEqual(['COM1', 'COM1', 'i8042 status/command (keyboard)', 'ATA primary', 'PCI config address', 'PCI config data']);
    expect(stats.vcpus).toBe(2);
  });
});

describe('kvm_mmio alone (trace-cmd record -e kvm:kvm_mmio)', () => {
  const { exits, stats } = importFixture('trace-cmd-mmio-only.txt');

  it('makes MMIO exits by guest-physical address; a read completes its unsatisfied-read', () => {
    expect(stats.format).toBe('trace-cmd');
    expect(stats.exits).toBe(4);
    expect(stats.ioExits).toBe(0);
    expect(exits.map((e) => [e.reason, e.info1, e.direction, e.size, e.value, e.line])).toEqual([
      ['MMIO', '0xfebf1000', 'out', 4, 1, 3],
      ['MMIO', '0xfebf1004', 'in', 4, 0x80, 4],
      ['MMIO', '0xfebf1000', 'out', 2, 3, 6],
      ['MMIO', '0xfee00030', 'in', 4, 0x50014, 7],
    ]);
    for (const e of exits) expect(e).toMatchObject({ latencyNs: null, deviceLocation: null, port: null });
  });
});

describe('kvm_hypercall, kvm_msr and kvm_cpuid alone', () => {
  const { exits, stats } = importFixture('tracefs-hypercall-msr-cpuid.txt');

  it('makes HYPERCALL, MSR_READ / MSR_WRITE and CPUID exits with their numbers', () => {
    expect(stats.exits).toBe(6);
    expect(exits.map((e) => [e.reason, e.reasonNative, e.info1, e.info2, e.vcpu])).toEqual([
      ['CPUID', 'kvm_cpuid', '0x1', '0x0', 0],
      ['MSR_WRITE', 'kvm_msr', '0x6e0', '0x3b9aca00', 0],
      ['MSR_READ', 'kvm_msr', '0x1b', '0xfee00900', 0],
      ['HYPERCALL', 'kvm_hypercall', '0x5', null, 1],
      ['MSR_READ', 'kvm_msr', '0xc0011029', '0x0', 1],
      ['CPUID', 'kvm_cpuid', '0x40000001', null, 1],
    ]);
    expect(stats.events.filter((e) => e.handled).map((e) => e.event)).toEqual(['kvm_hypercall', 'kvm_msr', 'kvm_cpuid']);
  });
});

describe('a recording with none of the exit events', () => {
  it('makes no exit and counts what it found', () => {
    const { stats } = importFixture('tracefs-no-exit-events.txt');
    expect(stats.exits).toBe(0);
    expect(stats.events).toEqual([
      { event: 'kvm_set_irq', count: 2, handled: false },
      { event: 'kvm_ack_irq', count: 1, handled: false },
      { event: 'sched_switch', count: 1, handled: false },
    ]);
  });
});
