import { describe, expect, it } from 'vitest';
import { BYTES_WORDS, ALL_SIZES, readRepeated, writeRepeated } from '../../../src/core/machine/port-access';
import { PortBus, PortConflictError, UNASSIGNED_NAME, type PortRangeSpec } from '../../../src/core/machine/port-bus';
import type { PortSize } from '../../../src/core/machine/port-io';

/** A byte-register device: reads return a function of the port, writes are logged. */
function bytes(base: number, length: number, log: string[], name = 'regs'): PortRangeSpec {
  return {
    name, base, length,
    read: (port, size) => { log.push(`r${size}@${port.toString(16)}`); return (port & 0xff) ^ 0x5a; },
    write: (port, size, value) => { log.push(`w${size}@${port.toString(16)}=${value.toString(16)}`); },
  };
}

describe('PortBus', () => {
  it('reads all ones and ignores writes on unassigned ports, labelled as such', () => {
    const bus = new PortBus();
    expect(bus.read(0x1234, 1)).toBe(0xff);
    expect(bus.read(0x1234, 2)).toBe(0xffff);
    expect(bus.read(0x1234, 4)).toBe(0xffffffff);
    bus.write(0x1234, 4, 0xdeadbeef);
    expect(bus.last.device.name).toBe(UNASSIGNED_NAME);
    expect(bus.last.device.location).toBe('userspace');
    expect(new PortBus('kernel').openBus.device.location).toBe('kernel');
  });

  it('dispatches to the registered range and reports the device name and location of each access', () => {
    const bus = new PortBus();
    const log: string[] = [];
    bus.register({ name: 'uart', location: 'userspace' }, bytes(0x3f8, 8, log));
    bus.register({ name: 'pic', location: 'kernel' }, bytes(0x20, 2, log, 'master'));
    expect(bus.read(0x3f9, 1)).toBe(0xf9 ^ 0x5a);
    expect(bus.last.device).toEqual({ name: 'uart', location: 'userspace' });
    bus.write(0x21, 1, 0xfb);
    expect(bus.last.device).toEqual({ name: 'pic', location: 'kernel' });
    expect(bus.last.range).toBe('master');
    expect(bus.ownerOf(0x3fa).device.name).toBe('uart');
    expect(bus.ownerOf(0x3f7).device.name).toBe(UNASSIGNED_NAME);
    expect(log).toEqual(['r1@3f9', 'w1@21=fb']);
  });

  it('splits 16/32-bit accesses to byte registers into byte accesses at consecutive ports, little-endian', () => {
    const bus = new PortBus();
    const log: string[] = [];
    bus.register({ name: 'dev', location: 'kernel' }, bytes(0x100, 3, log));
    // 0x103 is unassigned: its byte reads as 0xFF.
    expect(bus.read(0x100, 4)).toBe((0xff << 24 | (0x02 ^ 0x5a) << 16 | (0x01 ^ 0x5a) << 8 | (0x00 ^ 0x5a)) >>> 0);
    bus.write(0x101, 2, 0xbbaa);
    expect(log).toEqual(['r1@100', 'r1@101', 'r1@102', 'w1@101=aa', 'w1@102=bb']);
    expect(bus.last.device.name).toBe('dev'); // the first port's owner labels a split access
  });

  it('passes sizes a range decodes natively and splits a dword for a word-only range into words', () => {
    const bus = new PortBus();
    const seen: string[] = [];
    bus.register({ name: 'w', location: 'kernel' }, {
      name: 'data', base: 0x1f0, length: 4, sizes: BYTES_WORDS,
      read: (port, size) => { seen.push(`r${size}@${port.toString(16)}`); return size === 2 ? 0x1234 : 0x12; },
      write: (port, size, value) => { seen.push(`w${size}@${port.toString(16)}=${value.toString(16)}`); },
    });
    expect(bus.read(0x1f0, 2)).toBe(0x1234);
    expect(bus.read(0x1f0, 4)).toBe(0x12341234);
    bus.write(0x1f0, 4, 0xcafef00d);
    expect(seen).toEqual(['r2@1f0', 'r2@1f0', 'r2@1f2', 'w2@1f0=f00d', 'w2@1f2=cafe']);
  });

  it('masks written values to the access size', () => {
    const bus = new PortBus();
    let got = -1;
    bus.register({ name: 'd', location: 'kernel' }, { name: 'r', base: 0x10, length: 1, sizes: ALL_SIZES, read: () => 0, write: (_p, _s, v) => { got = v; } });
    bus.write(0x10, 1, 0x1ff);
    expect(got).toBe(0xff);
    bus.write(0x10, 4, -1);
    expect(got).toBe(0xffffffff);
  });

  it('wraps the port number at 64K', () => {
    const bus = new PortBus();
    const log: string[] = [];
    bus.register({ name: 'low', location: 'kernel' }, bytes(0x0, 1, log));
    expect(bus.read(0xffff, 2)).toBe(((0x00 ^ 0x5a) << 8) | 0xff);
  });

  it('refuses a port claimed twice, naming both devices and the port', () => {
    const bus = new PortBus();
    bus.register({ name: 'uart', location: 'userspace' }, bytes(0x3f8, 8, []));
    let error: unknown;
    try {
      bus.register({ name: 'other', location: 'kernel' }, bytes(0x3fc, 8, [], 'block'));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(PortConflictError);
    expect((error as Error).message).toBe('port 0x3fc is claimed by both uart (regs) and other (block)');
    // Nothing of the failed range was registered.
    expect(bus.ownerOf(0x400).device.name).toBe(UNASSIGNED_NAME);
  });

  it('refuses ranges outside the port space or that cannot take a byte access', () => {
    const bus = new PortBus();
    expect(() => bus.register({ name: 'x', location: 'kernel' }, bytes(0xfffe, 4, []))).toThrow(/outside/);
    expect(() => bus.register({ name: 'x', location: 'kernel' }, { ...bytes(0x10, 1, []), sizes: 4 })).toThrow(/byte accesses/);
  });

  it('releases a range on unregister, leaving the ports open bus', () => {
    const bus = new PortBus();
    const owner = bus.register({ name: 'a', location: 'kernel' }, bytes(0x10, 2, []));
    bus.read(0x10, 1);
    bus.unregister(owner);
    expect(bus.last).toBe(bus.openBus);
    expect(bus.ownerOf(0x11)).toBe(bus.openBus);
    expect(bus.ranges()).toEqual([]);
    bus.register({ name: 'b', location: 'kernel' }, bytes(0x10, 2, [])); // free again
  });

  it('lists registered ranges in order', () => {
    const bus = new PortBus();
    bus.register({ name: 'a', location: 'kernel' }, bytes(0x10, 1, []));
    bus.register({ name: 'b', location: 'kernel' }, bytes(0x20, 2, []));
    expect(bus.ranges().map((r) => `${r.device.name}:${r.base.toString(16)}+${r.length}`)).toEqual(['a:10+1', 'b:20+2']);
  });
});

describe('same-port repeated accesses (data ports)', () => {
  it('assembles a dword from two word reads of one port and splits a dword write', () => {
    const words = [0x1111, 0x2222];
    expect(readRepeated(4, 2, () => words.shift() ?? 0)).toBe(0x22221111);
    const out: number[] = [];
    writeRepeated(4, 2, 0xaaaabbbb, (v) => out.push(v));
    writeRepeated(2 as PortSize, 1, 0x1234, (v) => out.push(v));
    expect(out).toEqual([0xbbbb, 0xaaaa, 0x34, 0x12]);
    expect(readRepeated(1, 2, () => 0xabcd)).toBe(0xcd);
  });
});
