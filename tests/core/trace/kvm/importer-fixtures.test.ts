// KvmTextImporter against one fixture per layout (tests/fixtures/kvm, described in its README).
// Every expected number here was counted by hand from the fixture text: latencies are the
// timestamps subtracted by hand, ports/forms are the info1 values decoded by hand with the bit
// layouts of anchors.md §4.3 (also listed in the README).
import { describe, expect, it } from 'vitest';
import { countBy, importFixture, ripOf } from './import-helpers';

describe('tracefs, 5-char flags, CPU 0/KVM and CPU 1/KVM interleaved (current kvm_exit layout)', () => {
  const { exits, stats, pushOrder } = importFixture('tracefs-5flags.txt');

  it('counts lines, exits, events, issues', () => {
    expect(stats.format).toBe('tracefs');
    expect(stats.lines).toBe(53);
    expect(stats.exits).toBe(11);
    expect(stats.ioExits).toBe(7);
    expect(stats.vcpus).toBe(2);
    expect(stats.skippedLines).toBe(2);
    expect(stats.issues.map((i) => i.line)).toEqual([42, 43]);
    expect(stats.issues[0].message).toContain('kvm_exit');
    expect(stats.issues[1].text).toBe('this line was cut by the terminal');
    expect(stats.firstTimeNs).toBe(5120_000_100_000);
    expect(stats.lastTimeNs).toBe(5120_001_400_000); // the last kvm_exit
    expect(stats.events).toEqual([
      { event: 'kvm_exit', count: 12, handled: true },
      { event: 'kvm_entry', count: 10, handled: true },
      { event: 'kvm_pio', count: 6, handled: true },
      { event: 'kvm_userspace_exit', count: 7, handled: true },
      { event: 'kvm_emulate_insn', count: 1, handled: true },
      { event: 'kvm_mmio', count: 1, handled: true },
      { event: 'kvm_msr', count: 1, handled: true },
      { event: 'kvm_set_irq', count: 1, handled: false },
      { event: 'sched_switch', count: 1, handled: false },
    ]);
  });

  it('pairs exits with entries per thread, whatever host CPU they ran on', () => {
    expect(exits.map((e) => e.seq)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(exits.map((e) => e.line)).toEqual([13, 16, 21, 25, 30, 31, 36, 38, 44, 48, 52]);
    expect(exits.map((e) => e.vcpu)).toEqual([0, 1, 0, 1, 0, 1, 0, 1, 0, 0, 1]);
    expect(exits.map((e) => e.latencyNs)).toEqual([9000, 8000, 2000, 41000, 500000, 2000, 3000, 10000, 7000, 9000, null]);
    // pushed when closed: the HLT (seq 4) closes after the MSR exit (seq 5); seq 10 only at finish
    expect(pushOrder).toEqual([0, 1, 2, 3, 5, 4, 6, 7, 8, 9, 10]);
    expect(exits[0].timeNs).toBe(5120_000_100_000);
  });

  it('names reasons in the canonical vocabulary and keeps the native name', () => {
    expect(countBy(exits, (e) => e.reason)).toEqual({ IO_INSTRUCTION: 7, HLT: 1, MSR_WRITE: 1, EXTERNAL_INTERRUPT: 1, NESTED_PAGE_FAULT: 1 });
    expect(exits[7]).toMatchObject({ reason: 'NESTED_PAGE_FAULT', reasonNative: 'EPT_VIOLATION', reasonCode: 48, info1: '0x181', info2: '0xfebf0000' });
    for (const e of exits) expect(e).toMatchObject({ isa: 'vmx', mechanism: 'vmx', errorCode: 0 });
    expect(exits[4]).toMatchObject({ reason: 'HLT', reasonCode: 12, rip: ripOf('0xffffffff81b3c0ee'), port: null, formId: null, deviceLocation: null });
    expect(exits[6].rip).toBe(ripOf('0xffffffff81b3c0ef'));
  });

  it('decodes the I/O exits and joins kvm_pio, kvm_userspace_exit and kvm_emulate_insn', () => {
    expect(exits[0]).toMatchObject({ port: 0x3f8, direction: 'out', size: 1, isString: false, isRep: false, count: 1, portSource: 'dx', value: 0x48, formId: 9, mnemonic: 'out dx, al', device: 'COM1', deviceLocation: 'userspace', info1: '0x3f80000', info2: '0x0', emulated: false });
    expect(exits[1]).toMatchObject({ port: 0x64, direction: 'in', size: 1, portSource: 'imm8', value: 0x1c, formId: 0, mnemonic: 'in al, imm8', device: 'i8042 status/command (keyboard)', deviceLocation: 'userspace' });
    expect(exits[2]).toMatchObject({ port: 0x20, direction: 'out', portSource: 'imm8', value: 0x20, formId: 6, mnemonic: 'out imm8, al', device: 'PIC1', deviceLocation: 'kernel' });
    expect(exits[3]).toMatchObject({
      port: 0x1f0, direction: 'in', size: 2, isString: true, isRep: true, count: 256, portSource: 'dx', value: 0x4d45,
      formId: 15, mnemonic: 'rep insw', addrSize: 64, segment: 'es', device: 'ATA primary', deviceLocation: 'userspace', emulated: true,
    });
    expect(Array.from(exits[3].insnBytes ?? [])).toEqual([0xf3, 0x66, 0x6d]);
    expect(exits[8]).toMatchObject({ port: 0xcf8, size: 4, direction: 'out', value: 0x80000000, formId: 11, mnemonic: 'out dx, eax', device: 'PCI config address' });
    expect(exits[9]).toMatchObject({ port: 0xcfc, size: 4, direction: 'in', value: 0x12378086, formId: 5, mnemonic: 'in eax, dx', device: 'PCI config data' });
    expect(exits[10]).toMatchObject({ port: 0x5658, value: null, formId: 5, device: 'VMware backdoor', deviceLocation: 'userspace', latencyNs: null, rip: 0x401a2c });
    expect(exits[7].deviceLocation).toBe('userspace'); // KVM_EXIT_MMIO
  });
});

describe('tracefs without a flags column (current layout, one QEMU thread)', () => {
  const { exits, stats } = importFixture('tracefs-noflags.txt');
  it('imports every exit with exact latencies and forms', () => {
    expect(stats).toMatchObject({ format: 'tracefs', lines: 19, exits: 4, ioExits: 3, vcpus: 1, skippedLines: 0, firstTimeNs: 812_334_101_000, lastTimeNs: 812_334_302_000 });
    expect(exits.map((e) => e.reason)).toEqual(['IO_INSTRUCTION', 'IO_INSTRUCTION', 'CPUID', 'IO_INSTRUCTION']);
    expect(exits.map((e) => e.latencyNs)).toEqual([9000, 8000, 1000, 2000]);
    expect(exits.map((e) => e.mnemonic)).toEqual(['out imm8, al', 'in al, imm8', null, 'in al, dx']);
    expect(exits.map((e) => e.deviceLocation)).toEqual(['userspace', 'userspace', null, 'kernel']);
    expect(exits.map((e) => e.value)).toEqual([0x8a, 0x26, null, 0x20]);
    expect(exits[3].device).toBe('NMI status / PC speaker');
  });
});

describe('tracefs with a 4-char flags column (2019 layout: vcpu + "info A B")', () => {
  const { exits, stats } = importFixture('tracefs-4flags.txt');
  it('reads info1/info2 without 0x, the vcpu field, PENDING_INTERRUPT and VMCALL', () => {
    expect(stats).toMatchObject({ format: 'tracefs', lines: 27, exits: 5, ioExits: 2, vcpus: 2, skippedLines: 0 });
    expect(exits.map((e) => [e.reason, e.reasonNative, e.reasonCode])).toEqual([
      ['IO_INSTRUCTION', 'IO_INSTRUCTION', 30],
      ['EXTERNAL_INTERRUPT', 'EXTERNAL_INTERRUPT', 1],
      ['IO_INSTRUCTION', 'IO_INSTRUCTION', 30],
      ['HYPERCALL', 'VMCALL', 18],
      ['INTERRUPT_WINDOW', 'PENDING_INTERRUPT', 7],
    ]);
    expect(exits.map((e) => e.vcpu)).toEqual([0, 1, 0, 1, 0]);
    expect(exits.map((e) => e.latencyNs)).toEqual([6000, 5000, 30000, 2000, 1000]);
    expect(exits[1]).toMatchObject({ info1: '0x0', info2: '0x800000fd', errorCode: null });
    expect(exits[0]).toMatchObject({ port: 0x60, direction: 'in', formId: 0, value: 0x1e, device: 'i8042 data (keyboard)' });
    expect(exits[2]).toMatchObject({
      port: 0x3f8, direction: 'out', size: 1, isString: true, isRep: true, count: 5, value: 0x68, formId: 19, mnemonic: 'rep outsb',
      addrSize: 32, segment: 'ds', emulated: true, deviceLocation: 'userspace', rip: 0xc13a6b10,
    });
  });
});

describe('old kernel layout "reason %s rip 0x%lx info %llx %llx" (no vcpu in kvm_exit)', () => {
  const { exits, stats } = importFixture('old-kernel.txt');
  it('takes the vcpu from kvm_entry, keeps exits never re-entered, ignores the LOST line', () => {
    expect(stats).toMatchObject({ format: 'tracefs', lines: 19, exits: 5, ioExits: 2, vcpus: 2, skippedLines: 0 });
    expect(exits.map((e) => e.reason)).toEqual(['IO_INSTRUCTION', 'MSR_READ', 'EPT_MISCONFIG', 'IO_INSTRUCTION', 'HLT']);
    expect(exits.map((e) => e.vcpu)).toEqual([1, 0, 1, 0, 1]);
    expect(exits.map((e) => e.latencyNs)).toEqual([10000, 2000, 3000, 12000, null]);
    expect(exits[0]).toMatchObject({ port: 0x5658, size: 4, direction: 'in', value: null, formId: 5, device: 'VMware backdoor', deviceLocation: 'userspace' });
    expect(exits[3]).toMatchObject({ port: 0xe9, size: 1, direction: 'in', formId: 3, mnemonic: 'in al, dx', device: 'Debug console (0xE9)', value: null });
    expect(stats.events.find((e) => e.event === 'kvm_fast_mmio')).toEqual({ event: 'kvm_fast_mmio', count: 1, handled: false });
  });
});

describe('very early SVM layout "reason %s rip 0x%lx" with lowercase names', () => {
  const { exits, stats } = importFixture('early-lowercase.txt');
  it('maps the lowercase SVM names, takes port facts from kvm_pio only', () => {
    expect(stats).toMatchObject({ format: 'tracefs', lines: 23, exits: 7, ioExits: 2, vcpus: 1, skippedLines: 0 });
    expect(exits.map((e) => [e.reason, e.reasonNative])).toEqual([
      ['IO_INSTRUCTION', 'io'], ['EXTERNAL_INTERRUPT', 'interrupt'], ['IO_INSTRUCTION', 'io'], ['MSR', 'msr'],
      ['NESTED_PAGE_FAULT', 'npf'], ['HLT', 'hlt'], ['INTERRUPT_WINDOW', 'vintr'],
    ]);
    expect(exits.map((e) => e.reasonCode)).toEqual([0x7b, 0x60, 0x7b, 0x7c, 0x400, 0x78, 0x64]);
    expect(exits.map((e) => e.latencyNs)).toEqual([18000, 2000, 10000, 1000, 11000, 1000000, 1000]);
    for (const e of exits) expect(e).toMatchObject({ isa: 'svm', info1: null, info2: null });
    expect(exits[0]).toMatchObject({ port: 0x3f8, direction: 'out', size: 1, count: 1, value: null, isString: null, formId: null, deviceLocation: 'userspace' });
    expect(exits[2]).toMatchObject({ port: 0xcfc, direction: 'in', size: 4, device: 'PCI config data' });
  });
});

describe('trace-cmd report, VMX, libtraceevent plugin layout', () => {
  const { exits, stats } = importFixture('trace-cmd-vmx.txt');
  it('reads padded event names, plugin kvm_entry and kvm_emulate_insn, UNKNOWN (n)', () => {
    expect(stats).toMatchObject({ format: 'trace-cmd', lines: 21, exits: 6, ioExits: 2, vcpus: 2, skippedLines: 1 });
    expect(stats.issues).toEqual([{ line: 21, message: 'not a trace event line', text: '       CPU 1/KVM-31338 [001]  4121.0532' }]);
    expect(exits.map((e) => e.reason)).toEqual(['IO_INSTRUCTION', 'IO_INSTRUCTION', 'EPT_MISCONFIG', 'BUS_LOCK', 'CPUID', 'MSR_WRITE']);
    expect(exits[3]).toMatchObject({ reasonNative: 'UNKNOWN (74)', reasonCode: 74, isa: 'vmx' });
    expect(exits.map((e) => e.latencyNs)).toEqual([13000, 61000, 3000, 2000, 1000, 2000]);
    expect(exits[1]).toMatchObject({ formId: 15, mnemonic: 'rep insw', count: 256, value: 0, emulated: true, addrSize: null, segment: 'es' });
    expect(stats.events.find((e) => e.event === 'kvm_nested_vmexit')).toEqual({ event: 'kvm_nested_vmexit', count: 1, handled: true });
  });
});

describe('trace-cmd report, SVM, plugin EXIT_* names', () => {
  const { exits, stats } = importFixture('trace-cmd-svm.txt');
  it('decodes EXITINFO1 and splits EXIT_MSR by info1', () => {
    expect(stats).toMatchObject({ format: 'trace-cmd', lines: 35, exits: 11, ioExits: 5, vcpus: 2, skippedLines: 0 });
    expect(exits.map((e) => e.reason)).toEqual([
      'IO_INSTRUCTION', 'IO_INSTRUCTION', 'IO_INSTRUCTION', 'MSR_WRITE', 'MSR_READ', 'NESTED_PAGE_FAULT', 'HYPERCALL', 'HLT',
      'EXTERNAL_INTERRUPT', 'IO_INSTRUCTION', 'IO_INSTRUCTION',
    ]);
    expect(exits.map((e) => e.latencyNs)).toEqual([11000, 8000, 51000, 2000, 1000, 9000, 2000, 1000000, 2000, 6000, 2000]);
    for (const e of exits) expect(e).toMatchObject({ isa: 'svm', mechanism: 'svm' });
    expect(exits[0]).toMatchObject({ reasonNative: 'EXIT_IOIO', reasonCode: 0x7b, port: 0x3f8, direction: 'out', size: 1, addrSize: 64, portSource: null, formId: null, value: 0x4c, info2: '0xffffffff8170e2a5' });
    expect(exits[1]).toMatchObject({ port: 0x64, direction: 'in', size: 1, value: 0x1c, deviceLocation: 'userspace' });
    expect(exits[2]).toMatchObject({ port: 0x1f0, direction: 'in', size: 2, isString: true, isRep: true, portSource: 'dx', addrSize: 64, formId: 15, count: 256 });
    expect(exits[5]).toMatchObject({ reasonNative: 'EXIT_NPF', info1: '0x100000006', info2: '0xfe003000', deviceLocation: 'userspace' });
    expect(exits[9]).toMatchObject({ port: 0xcf8, size: 4, direction: 'out', value: 0x80000800 });
    expect(exits[10]).toMatchObject({ port: 0x20, deviceLocation: 'kernel', device: 'PIC1' });
  });
});

describe('perf script, nanosecond timestamps', () => {
  const { exits, stats } = importFixture('perf-script.txt');
  it('reads "comm tid [cpu] time: kvm:event:" and keeps ns exactly', () => {
    expect(stats).toMatchObject({ format: 'perf-script', lines: 17, exits: 5, ioExits: 3, vcpus: 2, skippedLines: 0, firstTimeNs: 12045_300_100_200, lastTimeNs: 12045_300_500_000 });
    expect(exits.map((e) => e.latencyNs)).toEqual([9750, 6333, 5999, 1234, null]);
    expect(exits.map((e) => e.mnemonic)).toEqual(['out dx, al', 'out imm8, al', 'in al, imm8', null, null]);
    expect(exits[4]).toMatchObject({ reason: 'INVALID_GUEST_STATE', reasonNative: 'INVALID_STATE FAILED_VMENTRY', reasonCode: 0x80000021, rip: 0xfff0 });
    expect(stats.events.find((e) => e.event === 'sched_switch')).toEqual({ event: 'sched_switch', count: 1, handled: false });
  });
});
