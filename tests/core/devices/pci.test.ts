import { describe, expect, it } from 'vitest';
import { PciConfigMechanism1 } from '../../../src/core/devices/pci-config';
import { hostBridge, ideController, isaBridge, ne2000Function } from '../../../src/core/devices/pci-function';
import { USER, rig, viaJson } from './rig';

const addr = (dev: number, fn: number, reg: number): number => (0x80000000 | (dev << 11) | (fn << 8) | reg) >>> 0;

function setup() {
  const r = rig();
  const pci = r.attach(new PciConfigMechanism1(USER('pci'), [hostBridge(), isaBridge(), ideController(), ne2000Function(0x300, 9)]));
  const cfg = (dev: number, fn: number, reg: number, size: 1 | 2 | 4 = 4): number => {
    r.outl(0xcf8, addr(dev, fn, reg & 0xfc));
    return r.bus.read(0xcfc + (reg & 3), size);
  };
  const setCfg = (dev: number, fn: number, reg: number, value: number, size: 1 | 2 | 4 = 4): void => {
    r.outl(0xcf8, addr(dev, fn, reg & 0xfc));
    r.bus.write(0xcfc + (reg & 3), size, value);
  };
  return { ...r, pci, cfg, setCfg };
}

describe('PCI configuration mechanism #1', () => {
  it('latches CONFIG_ADDRESS only on dword accesses', () => {
    const t = setup();
    t.outl(0xcf8, 0x80001234);
    expect(t.inl(0xcf8)).toBe(0x80001234);
    t.outb(0xcf8, 0x00);
    expect(t.inl(0xcf8)).toBe(0x80001234);
    expect(t.inb(0xcfb)).toBe(0xff);
  });

  it('a bus scan finds exactly the configured functions', () => {
    const t = setup();
    const found: string[] = [];
    for (let dev = 0; dev < 32; dev++) {
      for (let fn = 0; fn < 8; fn++) {
        const id = t.cfg(dev, fn, 0);
        if ((id & 0xffff) === 0xffff) {
          if (fn === 0) break;
          continue;
        }
        found.push(`${dev}.${fn} ${(id & 0xffff).toString(16)}:${(id >>> 16).toString(16)} class ${(t.cfg(dev, fn, 8) >>> 8).toString(16)}`);
        if (fn === 0 && (t.cfg(dev, 0, 0x0c) & 0x800000) === 0) break; // single-function device
      }
    }
    expect(found).toEqual([
      '0.0 8086:1237 class 60000',
      '1.0 8086:7000 class 60100',
      '1.1 8086:7010 class 10180',
      '3.0 10ec:8029 class 20000',
    ]);
  });

  it('reads bytes and words at any offset of the dword, and all ones when disabled or absent', () => {
    const t = setup();
    expect(t.cfg(3, 0, 0, 2)).toBe(0x10ec);
    expect(t.cfg(3, 0, 2, 2)).toBe(0x8029);
    expect(t.cfg(3, 0, 3, 1)).toBe(0x80);
    expect(t.cfg(3, 0, 0x3c, 1)).toBe(9); // interrupt line
    expect(t.cfg(3, 0, 0x3d, 1)).toBe(1); // INTA#
    expect(t.cfg(5, 0, 0)).toBe(0xffffffff);
    t.outl(0xcf8, 0x00001800); // enable bit clear
    expect(t.inl(0xcfc)).toBe(0xffffffff);
    t.outl(0xcf8, 0x80010000); // bus 1: nothing there
    expect(t.inl(0xcfc)).toBe(0xffffffff);
  });

  it('sizes a BAR by writing all ones, and keeps read-only fields', () => {
    const t = setup();
    expect(t.cfg(3, 0, 0x10)).toBe(0x301);
    t.setCfg(3, 0, 0x10, 0xffffffff);
    expect(t.cfg(3, 0, 0x10)).toBe(0xffffffe1); // 32 bytes of I/O
    t.setCfg(3, 0, 0x10, 0x301);
    expect(t.cfg(3, 0, 0x10)).toBe(0x301);
    t.setCfg(3, 0, 0, 0x12345678);
    expect(t.cfg(3, 0, 0)).toBe(0x802910ec);
    t.setCfg(1, 1, 0x20, 0xffffffff);
    expect(t.cfg(1, 1, 0x20)).toBe(0xfffffff1); // PIIX IDE bus-master block: 16 bytes
    expect(t.cfg(3, 0, 4, 2) & 1).toBe(1); // I/O decode enabled
    t.setCfg(3, 0, 4, 0xffff, 2);
    expect(t.cfg(3, 0, 4, 2)).toBe(0x0547);
    t.setCfg(3, 0, 0x3c, 11, 1);
    expect(t.cfg(3, 0, 0x3c, 1)).toBe(11);
  });

  it('refuses two functions at one address', () => {
    expect(() => new PciConfigMechanism1(USER('pci'), [hostBridge(), hostBridge()])).toThrow(/given twice/);
  });

  it('round-trips its state', () => {
    const a = setup();
    a.setCfg(3, 0, 0x3c, 10, 1);
    a.outl(0xcf8, addr(1, 0, 8));
    const saved = viaJson(a.pci.getState());
    const b = setup();
    b.pci.setState(saved);
    expect(b.pci.getState()).toEqual(saved);
    expect(b.inl(0xcfc)).toBe(a.inl(0xcfc));
    expect(b.cfg(3, 0, 0x3c, 1)).toBe(10);
  });
});
