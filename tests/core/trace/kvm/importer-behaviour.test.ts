// KvmTextImporter behaviour on small hand-written inputs: pairing edge cases, vCPU numbering,
// ISA memory, header lines, issue capping, exact timestamps.
import { describe, expect, it } from 'vitest';
import { KvmTextImporter } from '../../../../src/core/trace/kvm';
import { importLines } from './import-helpers';

const T0 = ' CPU 0/KVM-100 [000] d.... ';
const T1 = ' CPU 1/KVM-101 [001] d.... ';
const exitLine = (thread: string, ts: string, reason: string, info1 = '0'): string =>
  `${thread}${ts}: kvm_exit: reason ${reason} rip 0xffffffff81000000 info ${info1} 0`;

describe('pairing', () => {
  it('closes an exit left open by a second kvm_exit with latency null', () => {
    const { exits, pushOrder } = importLines([
      exitLine(T0, '1.000001', 'HLT'),
      exitLine(T0, '1.000005', 'CPUID'),
      `${T0}1.000007: kvm_entry: vcpu 0`,
    ]);
    expect(exits.map((e) => [e.seq, e.reason, e.latencyNs])).toEqual([[0, 'HLT', null], [1, 'CPUID', 2000]]);
    expect(pushOrder).toEqual([0, 1]);
  });

  it('makes a kvm_pio with no open exit a port-I/O exit of unknown latency and location; ignores entries and userspace exits with none', () => {
    const { exits, stats } = importLines([
      `${T0}1.000001: kvm_entry: vcpu 0`,
      `${T1}1.000002: kvm_pio: pio_write at 0x3f8 size 1 count 1 val 0x41 `,
      `${T1}1.000003: kvm_userspace_exit: reason KVM_EXIT_IO (2)`,
      exitLine(T1, '1.000004', 'HLT'),
      `${T0}1.000005: kvm_entry: vcpu 0`,
    ]);
    expect(exits).toHaveLength(2);
    expect(exits[0]).toMatchObject({ reason: 'IO_INSTRUCTION', reasonNative: 'kvm_pio', timeNs: 1_000_002_000, port: 0x3f8, direction: 'out', value: 0x41, latencyNs: null, deviceLocation: null, line: 2 });
    expect(exits[1]).toMatchObject({ reason: 'HLT', vcpu: 1, latencyNs: null, port: null, deviceLocation: null });
    expect(stats.events.map((e) => [e.event, e.count])).toEqual([['kvm_exit', 1], ['kvm_entry', 2], ['kvm_pio', 1], ['kvm_userspace_exit', 1]]);
  });

  it('lets kvm_nested_vmexit neither open nor close an exit', () => {
    const { exits, stats } = importLines([
      exitLine(T0, '2.000010', 'VMRESUME'),
      `${T0}2.000011: kvm_nested_vmexit: rip: 0x0000000000401000 reason: IO_INSTRUCTION ext_inf1: 0x0000000003f80000 ext_inf2: 0x0000000000000000 ext_int: 0x00000000 ext_int_err: 0x00000000`,
      `${T0}2.000014: kvm_entry: vcpu 0`,
    ]);
    expect(exits.map((e) => [e.reason, e.latencyNs])).toEqual([['VMRESUME', 4000]]);
    expect(stats.events.find((e) => e.event === 'kvm_nested_vmexit')).toEqual({ event: 'kvm_nested_vmexit', count: 1, handled: true });
  });

  it('pushes exits still open at finish() once, and finish() can be called again', () => {
    const exits: number[] = [];
    const lines = [exitLine(T0, '1.0', 'HLT'), exitLine(T1, '1.1', 'HLT')];
    const imp = new KvmTextImporter({ push: (e) => exits.push(e.seq) });
    lines.forEach((l, i) => imp.feedLine(l, i + 1));
    const a = imp.finish();
    const b = imp.finish();
    expect(exits).toEqual([0, 1]);
    expect(b).toEqual(a);
  });

  it('keeps port facts from a contradicting kvm_pio out of a decoded exit', () => {
    const { exits } = importLines([
      exitLine(T0, '1.000001', 'IO_INSTRUCTION', '3f80000'),
      `${T0}1.000002: kvm_pio: pio_write at 0x60 size 1 count 1 val 0x41 `,
      `${T0}1.000003: kvm_entry: vcpu 0`,
    ]);
    expect(exits[0]).toMatchObject({ port: 0x3f8, value: null, deviceLocation: null });
  });

  it('says in-kernel only once the trace is known to record kvm_userspace_exit', () => {
    const { exits } = importLines([
      exitLine(T0, '1.000001', 'IO_INSTRUCTION', '3f80000'),
      `${T0}1.000002: kvm_entry: vcpu 0`,
      exitLine(T0, '1.000003', 'IO_INSTRUCTION', '3f80000'),
      `${T0}1.000004: kvm_userspace_exit: reason KVM_EXIT_IO (2)`,
      `${T0}1.000005: kvm_entry: vcpu 0`,
      exitLine(T0, '1.000006', 'IO_INSTRUCTION', '3f80000'),
      `${T0}1.000007: kvm_entry: vcpu 0`,
    ]);
    expect(exits.map((e) => e.deviceLocation)).toEqual([null, 'userspace', 'kernel']);
  });

  it('takes port I/O done through another exit (real-mode EXCEPTION_NMI + emulation) from kvm_pio and the bytes', () => {
    const { exits, stats } = importLines([
      exitLine(T0, '1.000001', 'EXCEPTION_NMI'),
      `${T0}1.000002: kvm_emulate_insn: f000:e05b:ee (real)`,
      `${T0}1.000003: kvm_pio: pio_write at 0x3f8 size 1 count 1 val 0x55 `,
      `${T0}1.000004: kvm_userspace_exit: reason KVM_EXIT_IO (2)`,
      `${T0}1.000010: kvm_entry: vcpu 0`,
    ]);
    expect(exits[0]).toMatchObject({ reason: 'EXCEPTION_NMI', port: 0x3f8, direction: 'out', size: 1, portSource: 'dx', isString: false, formId: 9, value: 0x55, emulated: true, deviceLocation: 'userspace' });
    expect(stats.ioExits).toBe(1);
  });

  it('does not treat a restart/error userspace exit as a device model round trip', () => {
    const { exits } = importLines([
      exitLine(T0, '1.000001', 'IO_INSTRUCTION', '640008'),
      `${T0}1.000002: kvm_userspace_exit: reason restart (4)`,
      `${T0}1.000003: kvm_entry: vcpu 0`,
    ]);
    expect(exits[0].deviceLocation).toBe('kernel');
  });

  it('splits the SVM msr exit only when info1 says read or write', () => {
    const { exits } = importLines([
      `${T0}1.000001: kvm_exit: vcpu 0 reason msr rip 0xffffffff81000000 info1 0x0000000000000001 info2 0x0000000000000000 intr_info 0x00000000 error_code 0x00000000`,
      `${T0}1.000002: kvm_entry: vcpu 0, rip 0xffffffff81000002`,
      `${T0}1.000003: kvm_exit: reason msr rip 0xffffffff81000000`,
      `${T0}1.000004: kvm_entry: vcpu 0`,
      `${T0}1.000005: kvm_exit: reason msr rip 0xffffffff81000000 info 100000000 0`,
      `${T0}1.000006: kvm_entry: vcpu 0`,
    ]);
    expect(exits.map((e) => e.reason)).toEqual(['MSR_WRITE', 'MSR', 'MSR']);
  });
});

describe('vCPU numbers', () => {
  it('prefers the event field, then earlier fields on the thread, then the CPU n/KVM name, then an ordinal', () => {
    const { exits, stats } = importLines([
      ' CPU 3/KVM-200 [000] 1.000001: kvm_exit: reason HLT rip 0x1000',
      ' qemu-kvm-301 [000] 1.000002: kvm_exit: reason HLT rip 0x1000',
      ' qemu-kvm-302 [000] 1.000003: kvm_exit: reason HLT rip 0x1000',
      ' qemu-kvm-302 [000] 1.000004: kvm_entry: vcpu 7',
      ' qemu-kvm-302 [000] 1.000005: kvm_exit: reason HLT rip 0x1000',
      ' qemu-kvm-301 [000] 1.000006: kvm_exit: vcpu 5 reason HLT rip 0x1000',
    ]);
    // thread 200 -> name; 301 -> ordinal 1, then its own field 5; 302 -> corrected by its entry, then remembered
    expect(exits.map((e) => e.vcpu)).toEqual([3, 1, 7, 7, 5]);
    expect(stats.vcpus).toBe(4);
  });
});

describe('reasons across a trace', () => {
  it('resolves a hex reason by the ISA the trace established, and keeps unknown names', () => {
    const { exits } = importLines([
      `${T0}1.000001: kvm_exit: reason hlt rip 0x1000`,
      `${T0}1.000002: kvm_exit: reason 0x7b rip 0x1000`,
      `${T0}1.000003: kvm_exit: reason brand_new_exit rip 0x1000`,
    ]);
    expect(exits.map((e) => [e.reason, e.reasonNative, e.isa, e.reasonCode])).toEqual([
      ['HLT', 'hlt', 'svm', 0x78],
      ['IO_INSTRUCTION', '0x7b', 'svm', 0x7b],
      ['BRAND_NEW_EXIT', 'brand_new_exit', 'svm', null],
    ]);
  });
});

describe('lines that are not exits', () => {
  it('accepts headers silently and reports other lines, keeping only the first maxIssues', () => {
    const headers = ['# tracer: nop', '#', '', '   ', 'cpus=4', 'version = 6', 'CPU 3 is empty', 'CPU:1 [LOST 5 EVENTS]', 'CPU:0 [12 EVENTS DROPPED]', '##### CPU 2 buffer started ####'];
    const junk = Array.from({ length: 7 }, (_, i) => `garbage ${i}`);
    const { stats } = importLines([...headers, ...junk, `${T0}1.5: kvm_pio: pio_sideways at 0x60`], 3);
    expect(stats.lines).toBe(18);
    expect(stats.skippedLines).toBe(8);
    expect(stats.issues.map((i) => i.line)).toEqual([11, 12, 13]);
    expect(stats.format).toBe('trace-cmd'); // the cpus= / version = headers
    expect(stats.exits).toBe(0);
    expect(stats.firstTimeNs).toBeNull(); // times come from timed kvm event lines that parse
  });

  it('returns null times and format for input without events', () => {
    const { stats } = importLines(['# nothing here']);
    expect(stats).toMatchObject({ format: null, firstTimeNs: null, lastTimeNs: null, exits: 0, vcpus: 0, events: [] });
  });

  it('counts many distinct unhandled events exactly', () => {
    const lines: string[] = [];
    for (let r = 0; r < 3; r++) for (let k = 0; k < 11; k++) lines.push(`${T0}1.0000${r}${k % 10}: ev_${k}: x`);
    const { stats } = importLines(lines);
    expect(stats.events).toHaveLength(11);
    for (const e of stats.events) expect(e).toMatchObject({ count: 3, handled: false });
  });

  it('truncates very long issue texts', () => {
    const { stats } = importLines(['x'.repeat(1000)]);
    expect(stats.issues[0].text.length).toBeLessThan(400);
  });
});

describe('timestamps', () => {
  it('keeps latencies exact even when seconds * 1e9 exceeds 2^53', () => {
    const { exits } = importLines([
      exitLine(T0, '1700000000.123456789', 'HLT'),
      `${T0}1700000000.123457790: kvm_entry: vcpu 0`,
      exitLine(T0, '1700000001.999999999', 'HLT'),
      `${T0}1700000002.000000001: kvm_entry: vcpu 0`,
    ]);
    expect(exits.map((e) => e.latencyNs)).toEqual([1001, 2]);
  });
});


describe('format detection', () => {
  it('calls a trace with a cpus= header trace-cmd even with a latency-flags column', () => {
    const { stats } = importLines(['cpus=2', `${T0}1.000001: kvm_entry: vcpu 0`]);
    expect(stats.format).toBe('trace-cmd');
  });

  it('tells padded trace-cmd lines from single-spaced tracefs lines without headers', () => {
    expect(importLines([' CPU 0/KVM-100 [000] 1.000001: kvm_entry:            vcpu 0 rip 0x1']).stats.format).toBe('trace-cmd');
    expect(importLines([' CPU 0/KVM-100 [000] 1.000001: kvm_entry: vcpu 0, rip 0x1']).stats.format).toBe('tracefs');
    expect(importLines([' CPU 0/KVM 100 [000] 1.000001: kvm:kvm_entry: vcpu 0, rip 0x1']).stats.format).toBe('perf-script');
  });

  it('reports the earliest and latest exit/entry time even when lines are out of order', () => {
    const { stats } = importLines([`${T0}2.5: kvm_entry: vcpu 0`, `${T1}2.25: kvm_entry: vcpu 1`, `${T1}3.0: kvm_entry: vcpu 1`]);
    expect([stats.firstTimeNs, stats.lastTimeNs]).toEqual([2_250_000_000, 3_000_000_000]);
  });
});

describe('rip', () => {
  it('keeps 64-bit addresses exact as two\'s complement numbers', () => {
    const { exits } = importLines([
      `${T0}1.000001: kvm_exit: vcpu 0 reason HLT rip 0xffffffff8170e2a4 info1 0x0 info2 0x0`,
      `${T0}1.000002: kvm_exit: vcpu 0 reason HLT rip 0x00007f3a12345678 info1 0x0 info2 0x0`,
      `${T0}1.000003: kvm_exit: vcpu 0 reason HLT rip 0xfff0`,
    ]);
    expect(exits.map((e) => BigInt.asUintN(64, BigInt(e.rip ?? 0)))).toEqual([0xffffffff8170e2a4n, 0x7f3a12345678n, 0xfff0n]);
  });

  it('reports a kvm_exit whose rip is not a hex number as a parse issue, not as rip 0', () => {
    const { exits, stats } = importLines([
      `${T0}1.000001: kvm_exit: vcpu 0 reason HLT rip 0xzzzz info1 0x0 info2 0x0`,
      `${T0}1.000002: kvm_exit: vcpu 0 reason HLT rip 0x12g4 info1 0x0 info2 0x0`,
    ]);
    expect(exits).toHaveLength(0);
    expect(stats.skippedLines).toBe(2);
    expect(stats.issues.map((i) => i.line)).toEqual([1, 2]);
  });
});

describe('line endings', () => {
  it('accepts lines that still carry a CR', () => {
    const { exits, stats } = importLines([
      `${T0}1.000001: kvm_exit: vcpu 0 reason IO_INSTRUCTION rip 0xffffffff8170e2a4 info1 0x0000000003f80000 info2 0x0000000000000000 intr_info 0x00000000 error_code 0x00000000\r`,
      `${T0}1.000003: kvm_entry: vcpu 0, rip 0xffffffff8170e2a5\r`,
    ]);
    expect(stats.skippedLines).toBe(0);
    expect(exits[0]).toMatchObject({ port: 0x3f8, errorCode: 0, latencyNs: 2000 });
  });
});

describe('payload layouts of the attached events', () => {
  it('accepts kvm_emulate_insn in both layouts, failed or not, and marks the exit emulated', () => {
    const { exits, stats } = importLines([
      exitLine(T0, '1.000001', 'IO_INSTRUCTION', '1f00039'),
      `${T0}1.000002: kvm_emulate_insn: 0:ffffffff81812c3e:f3 66 6d (prot64) failed`,
      `${T0}1.000003: kvm_entry: vcpu 0`,
      exitLine(T0, '1.000004', 'EPT_VIOLATION', '181'),
      `${T0}1.000005: kvm_emulate_insn: 0:ffffffff81812c3e: mov %eax,(%rdx) FAIL`,
      `${T0}1.000006: kvm_entry: vcpu 0`,
    ]);
    expect(stats.skippedLines).toBe(0);
    expect(exits.map((e) => e.emulated)).toEqual([true, true]);
    expect(Array.from(exits[0].insnBytes ?? [])).toEqual([0xf3, 0x66, 0x6d]);
    expect(exits[1].insnBytes).toBeNull();
  });

  it('accepts the three kvm_nested_vmexit layouts and reports one without a reason', () => {
    const { stats } = importLines([
      `${T0}1.000001: kvm_nested_vmexit: rip: 0x0000000000401000 reason: IO_INSTRUCTION ext_inf1: 0x0000000003f80000 ext_inf2: 0x0000000000000000 ext_int: 0x00000000 ext_int_err: 0x00000000`,
      `${T0}1.000002: kvm_nested_vmexit: rip 401000 reason IO_INSTRUCTION info1 3f80000 info2 0 int_info 0 int_info_err 0`,
      `${T0}1.000003: kvm_nested_vmexit: vcpu 0 reason IO_INSTRUCTION rip 0x401000 info1 0x0000000003f80000 info2 0x0000000000000000 intr_info 0x00000000 error_code 0x00000000`,
      `${T0}1.000004: kvm_nested_vmexit: rip 401000`,
    ]);
    expect(stats.events).toEqual([{ event: 'kvm_nested_vmexit', count: 4, handled: true }]);
    expect(stats.issues.map((i) => i.line)).toEqual([4]);
    expect(stats.exits).toBe(0);
  });

  it('reports kvm events with a malformed thread or time column', () => {
    const { stats } = importLines([
      ' CPU 0/KVM-100 [000] d.... 1.5x: kvm_entry: vcpu 0',
      ' CPU 0/KVM-100 [000] d.... 1.5x: kvm_pio: pio_write at 0x3f8 size 1 count 1',
      ' CPU 0/KVM-100 [000] d.... 1.5x: sched_switch: prev_comm=a',
    ]);
    expect(stats.issues.map((i) => [i.line, i.message])).toEqual([[1, 'kvm_entry line has a malformed thread id or timestamp'], [2, 'kvm_pio line has a malformed thread id or timestamp']]);
    expect(stats.events.map((e) => e.event)).toEqual(['kvm_entry', 'kvm_pio', 'sched_switch']);
  });

  it('reports kvm_pio, kvm_entry and kvm_userspace_exit payloads it cannot read', () => {
    const { stats } = importLines([
      `${T0}1.000001: kvm_pio: pio_write at 0x3f8 size one count 1`,
      `${T0}1.000002: kvm_entry: cpu 0`,
      `${T0}1.000003: kvm_userspace_exit: reason KVM_EXIT_IO`,
      `${T0}1.000004: kvm_pio: pio_read at 0x10000 size 1 count 1`,
    ]);
    expect(stats.issues.map((i) => [i.line, i.message])).toEqual([
      [1, 'kvm_pio payload matches no known layout'],
      [2, 'kvm_entry payload matches no known layout'],
      [3, 'kvm_userspace_exit payload matches no known layout'],
      [4, 'kvm_pio payload matches no known layout'],
    ]);
  });
});

describe('kvm_exit trailing fields', () => {
  it('reads the current layout with an unknown field appended, and upper-case hex', () => {
    const { exits, stats } = importLines([
      `${T0}1.000001: kvm_exit: vcpu 2 reason IO_INSTRUCTION rip 0xffffffff8170e2a4 info1 0x0000000003F80000 info2 0x0000000000000000 intr_info 0x00000000 error_code 0x0000000e requests 0x0`,
      `${T0}1.000002: kvm_exit: vcpu 2 reason IO_INSTRUCTION rip 0xffffffff8170e2a4 info1 0x0000000003f80000 info2 0x0000000000000000 intr_info 0x00000000 error_code 0x0000000e`,
    ]);
    expect(stats.skippedLines).toBe(0);
    for (const e of exits) expect(e).toMatchObject({ vcpu: 2, port: 0x3f8, info1: '0x3f80000', errorCode: 14 });
  });

  it('reports a current-layout line whose info field is not hex', () => {
    const { stats } = importLines([
      `${T0}1.000001: kvm_exit: vcpu 2 reason HLT rip 0xffffffff8170e2a4 info1 0x00000000003g8000 info2 0x0000000000000000 intr_info 0x00000000 error_code 0x00000000`,
    ]);
    expect(stats.issues.map((i) => i.line)).toEqual([1]);
  });
});
