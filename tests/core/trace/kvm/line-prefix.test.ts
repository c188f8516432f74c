// LinePrefix: the thread, timestamp and event name of the three tools' line layouts.
// parse() alone decides whether a line is an event line; thread() and time() read the rest.
import { describe, expect, it } from 'vitest';
import { LinePrefix } from '../../../../src/core/trace/kvm/line-prefix';

function parse(line: string): { p: LinePrefix; event: string; payload: string; comm: string } | null {
  const p = new LinePrefix();
  if (!p.parse(line) || !p.thread(line) || !p.time(line)) return null;
  const [cs, ce] = p.commRange(line);
  return { p, event: line.slice(p.eventStart, p.eventEnd), payload: line.slice(p.payloadStart), comm: line.slice(cs, ce) };
}

describe('LinePrefix.parse', () => {
  it('reads tracefs lines with a 5-char flags column and a comm with spaces', () => {
    const r = parse('       CPU 0/KVM-12345   [003] d.... 1.000001: kvm_exit: vcpu 0 reason HLT')!;
    expect(r).toMatchObject({ comm: 'CPU 0/KVM', event: 'kvm_exit', payload: 'vcpu 0 reason HLT' });
    expect(r.p).toMatchObject({ tid: 12345, sec: 1, nsec: 1000, flags: true, spacePid: false, system: false, padded: false });
  });

  it('reads a comm with dashes and digits, no flags column, a 1-digit fraction', () => {
    const r = parse('qemu-system-x86-4321 [000] 5.5: kvm_pio: pio_write at 0x3f8 size 1 count 1 val 0x41 ')!;
    expect(r).toMatchObject({ comm: 'qemu-system-x86', event: 'kvm_pio' });
    expect(r.p).toMatchObject({ tid: 4321, sec: 5, nsec: 500_000_000, flags: false });
  });

  it('reads 4-char flags and an empty payload', () => {
    const r = parse('        qemu-kvm-7021  [002] d...  1523.466210: kvm_exit:')!;
    expect(r).toMatchObject({ comm: 'qemu-kvm', event: 'kvm_exit', payload: '' });
    expect(r.p).toMatchObject({ tid: 7021, sec: 1523, nsec: 466_210_000, flags: true });
  });

  it('reads trace-cmd padding', () => {
    const r = parse('       CPU 1/KVM-31338 [001]  4121.052700: kvm_exit:             reason IO_INSTRUCTION rip 0x1 info 0 0')!;
    expect(r).toMatchObject({ comm: 'CPU 1/KVM', event: 'kvm_exit', payload: 'reason IO_INSTRUCTION rip 0x1 info 0 0' });
    expect(r.p.padded).toBe(true);
  });

  it('reads perf script lines: pid after a space, system:event, ns and longer fractions', () => {
    const r = parse('       CPU 0/KVM  5111 [001] 12045.300100200: kvm:kvm_exit: vcpu 0')!;
    expect(r).toMatchObject({ comm: 'CPU 0/KVM', event: 'kvm_exit', payload: 'vcpu 0' });
    expect(r.p).toMatchObject({ tid: 5111, sec: 12045, nsec: 300_100_200, spacePid: true, system: true });
    const t = parse('qemu-system-x86 4321/4330 [001] 7.123456789012: kvm:kvm_entry: vcpu 1')!;
    expect(t).toMatchObject({ comm: 'qemu-system-x86', event: 'kvm_entry' });
    expect(t.p).toMatchObject({ tid: 4330, nsec: 123_456_789 });
    const period = parse('qemu 77 [000] 1.000000002:          1 kvm:kvm_pio: pio_read at 0x60 size 1 count 1')!;
    expect(period).toMatchObject({ event: 'kvm_pio', payload: 'pio_read at 0x60 size 1 count 1' });
    expect(period.p.nsec).toBe(2);
  });

  it('skips a [digits] inside the comm that is not the CPU column', () => {
    const r = parse('foo[1]-77 [002] 3.25: sched_switch: prev_comm=a')!;
    expect(r).toMatchObject({ comm: 'foo[1]', event: 'sched_switch' });
    expect(r.p.tid).toBe(77);
  });

  it('rejects lines that are not events', () => {
    expect(parse('# tracer: nop')).toBeNull();
    expect(parse('cpus=2')).toBeNull();
    expect(parse('CPU:2 [LOST 12 EVENTS]')).toBeNull();
    expect(parse('       CPU 1/KVM-31338 [001]  4121.0532')).toBeNull();
    expect(parse('comm-12 [001] 1.5 kvm_exit: x')).toBeNull();
    expect(parse('comm-12 [001] 1.5: kvm exit: x')).toBeNull();
    expect(parse('comm [001] 1.5: kvm_exit: x')).toBeNull();
  });
});

describe('LinePrefix, reading by need', () => {
  it('finds the event of a line without reading its thread or time, which are checked on request', () => {
    const p = new LinePrefix();
    const line = 'kworker/1:2-88 [001] d.h1. 9x.5: irq_handler_entry: irq=24';
    expect(p.parse(line)).toBe(true);
    expect(line.slice(p.eventStart, p.eventEnd)).toBe('irq_handler_entry');
    expect(p.thread(line)).toBe(true);
    expect(p.tid).toBe(88);
    expect(p.time(line)).toBe(false);
  });

  it('rejects a timestamp that does not end at the event separator', () => {
    const p = new LinePrefix();
    const line = 'a-1 [000] 1.5 x: kvm_exit: reason HLT rip 0x1';
    expect(p.parse(line)).toBe(true);
    expect(p.time(line)).toBe(false);
  });
});

describe('LinePrefix.parse with record-tgid', () => {
  it('skips the (tgid) column between the pid and the CPU', () => {
    const r = parse('       CPU 0/KVM-12345   ( 12300) [003] d.... 1.000001: kvm_exit: vcpu 0 reason HLT')!;
    expect(r).toMatchObject({ comm: 'CPU 0/KVM', event: 'kvm_exit' });
    expect(r.p.tid).toBe(12345);
    expect(parse('          <idle>-0       (-------) [002] d..2. 5.25: sched_switch: x')!.p.tid).toBe(0);
  });
});
