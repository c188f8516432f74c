import { describe, expect, it } from 'vitest';
import { generatedSectorByte } from '../../../src/core/devices/disk-image';
import { PM_TIMER_HZ } from '../../../src/core/devices/pm-timer';
import { buildPlatform, type Platform } from '../../../src/core/machine/platform';
import { pcPlatformConfig, type PlatformConfig } from '../../../src/core/machine/platform-config';
import { initNic, makeFrame, transmit } from '../devices/ne2000-driver';
import { initPics } from '../devices/rig';

const HZ = 1_000_000_000;
const io = (p: Platform) => ({
  inb: (port: number) => p.bus.read(port, 1),
  inw: (port: number) => p.bus.read(port, 2),
  inl: (port: number) => p.bus.read(port, 4),
  outb: (port: number, v: number) => p.bus.write(port, 1, v),
  outl: (port: number, v: number) => p.bus.write(port, 4, v),
});

describe('the PC platform', () => {
  it('labels every access with the device name and where it lives', () => {
    const cfg = pcPlatformConfig(HZ);
    cfg.devices.uart = { location: 'kernel', name: 'com1' };
    const p = buildPlatform(cfg);
    const { inb, outb, inl } = io(p);
    const seen: string[] = [];
    const label = (): void => { seen.push(`${p.bus.last.device.name}/${p.bus.last.device.location}/${p.bus.last.range}`); };
    inb(0x3fd); label();
    outb(0x20, 0x0b); label();
    outb(0x80, 0); label();
    inl(0xb008); label();
    inb(0x1f7); label();
    inb(0x300); label();
    outb(0xe9, 0x41); label();
    inb(0x71); label();
    inl(0xcfc); label();
    inb(0x40); label();
    inb(0x4d0); label();
    inb(0x2f8); label();
    expect(seen).toEqual([
      'com1/kernel/registers', 'pic/kernel/master', 'post/userspace/POST code', 'pmTimer/userspace/PM_TMR',
      'ata/userspace/task file', 'ne2000/userspace/registers', 'debugcon/userspace/console', 'rtc/userspace/data',
      'pci/userspace/CONFIG_DATA', 'pit/kernel/counter 0', 'pic/kernel/elcr', 'unassigned/userspace/open bus',
    ]);
  });

  it('a PCI scan finds exactly the configured devices', () => {
    const scan = (cfg: PlatformConfig): string[] => {
      const p = buildPlatform(cfg);
      const { inl, outl } = io(p);
      const ids: string[] = [];
      for (let dev = 0; dev < 32; dev++) {
        for (let fn = 0; fn < 8; fn++) {
          outl(0xcf8, (0x80000000 | (dev << 11) | (fn << 8)) >>> 0);
          const id = inl(0xcfc);
          if (id !== 0xffffffff) ids.push(`${dev}.${fn}=${id.toString(16)}`);
        }
      }
      return ids;
    };
    expect(scan(pcPlatformConfig(HZ))).toEqual(['0.0=12378086', '1.0=70008086', '1.1=70108086', '3.0=802910ec']);
    expect(scan({ cpuHz: HZ, devices: { pci: {}, ne2000: { pciDevice: 5 } } })).toEqual(['0.0=12378086', '1.0=70008086', '5.0=802910ec']);
    expect(scan({ cpuHz: HZ, devices: { pci: {}, ata: {} } })).toEqual(['0.0=12378086', '1.0=70008086', '1.1=70108086']);
  });

  it('moves the NE2000 with its PCI BAR0 and command register, refusing an occupied place', () => {
    const p = buildPlatform(pcPlatformConfig(HZ));
    const { inb, outl } = io(p);
    const cfg = (reg: number): number => { outl(0xcf8, (0x80000000 | (3 << 11) | reg) >>> 0); return p.bus.read(0xcfc, 4); };
    const setCfg = (reg: number, v: number): void => { outl(0xcf8, (0x80000000 | (3 << 11) | reg) >>> 0); p.bus.write(0xcfc, 4, v); };
    const owner = (port: number): string => p.bus.ownerOf(port).device.name;
    expect(owner(0x300)).toBe('ne2000');
    setCfg(0x10, 0xffffffff); // sizing: the window leaves the port space meanwhile
    expect(cfg(0x10)).toBe(0xffffffe1);
    expect(owner(0x300)).toBe('unassigned');
    setCfg(0x10, 0xc001);
    expect([owner(0xc000), owner(0xc01f), owner(0x300)]).toEqual(['ne2000', 'ne2000', 'unassigned']);
    expect(inb(0xc01f)).toBe(0); // the reset port answers at the new place
    expect(inb(0xc007) & 0x80).toBe(0x80);
    setCfg(0x04, 0); // I/O decode off
    expect(owner(0xc000)).toBe('unassigned');
    setCfg(0x04, 1);
    expect(owner(0xc000)).toBe('ne2000');
    setCfg(0x10, 0x3e1); // would overlap the UART at 0x3F8: the NIC is left unmapped
    expect([owner(0x3e0), owner(0x3f8), owner(0xc000)]).toEqual(['unassigned', 'uart', 'unassigned']);
    setCfg(0x10, 0x281);
    expect(owner(0x280)).toBe('ne2000');

    const saved = p.getState();
    const q = buildPlatform(pcPlatformConfig(HZ));
    q.setState(saved);
    expect([q.bus.ownerOf(0x280).device.name, q.bus.ownerOf(0x300).device.name]).toEqual(['ne2000', 'unassigned']);
  });

  it('builds only the configured devices; the rest of the port space is open bus', () => {
    const p = buildPlatform({ cpuHz: HZ, devices: { uart: { base: 0x2f8, irq: 3 } } });
    expect(Object.keys(p.devices).sort()).toEqual(['pic', 'uart']);
    expect(p.network).toBeUndefined();
    const { inb } = io(p);
    expect(inb(0x3f8)).toBe(0xff);
    expect(inb(0x2fd)).toBe(0x60);
    expect(p.bus.ranges().map((r) => r.device.name)).toEqual(['pic', 'pic', 'pic', 'uart']);
  });

  it('runs on guest time: the PM timer advances at 3.579545 MHz and the PIT drives IRQ0 through the PIC', () => {
    const p = buildPlatform(pcPlatformConfig(HZ));
    const { inl, outb } = io(p);
    initPics(p.bus);
    outb(0x43, 0x34);
    outb(0x40, 0x9c);
    outb(0x40, 0x2e); // 11932: 100 Hz
    let ticks = 0;
    const until = HZ / 10; // 100 ms of guest time
    while (p.clock.now < until) {
      p.clock.advanceTo(Math.min(until, p.clock.nextDeadline));
      if (p.interrupts.hasInterrupt()) {
        expect(p.interrupts.acknowledge()).toBe(0x20);
        outb(0x20, 0x20);
        ticks += 1;
      }
    }
    expect(ticks).toBe(10);
    expect(inl(0xb008)).toBe(Math.floor(PM_TIMER_HZ / 10));
  });

  it('UART output, ATA image bytes and the network round trip work through the built platform', () => {
    const cfg = pcPlatformConfig(HZ);
    cfg.devices.ne2000 = { link: { latencyNs: 20_000, rateBps: 100_000_000 } };
    const p = buildPlatform(cfg);
    const { inb, inw, outb } = io(p);
    for (const c of 'ok\n') {
      while ((inb(0x3fd) & 0x60) !== 0x60) p.clock.advance(1_000);
      outb(0x3f8, c.charCodeAt(0));
    }
    p.clock.advance(1_000_000);
    expect(p.devices.uart?.output).toBe('ok\n');

    outb(0x1f2, 1); outb(0x1f3, 42); outb(0x1f4, 0); outb(0x1f5, 0); outb(0x1f6, 0xe0); outb(0x1f7, 0x20);
    expect(inb(0x1f7) & 0x08).toBe(0x08);
    const first = inw(0x1f0);
    expect(first).toBe(generatedSectorByte(42, 0) | (generatedSectorByte(42, 1) << 8));

    // NE2000: start the NIC, copy a 60-byte frame to page 0x40 by remote DMA, transmit it.
    initNic(p.bus, { mac: [0x52, 0x54, 0x00, 0x12, 0x34, 0x56] });
    const t0 = p.clock.now;
    transmit(p.bus, makeFrame([0x02, 0, 0, 0, 0, 1], [0x52, 0x54, 0x00, 0x12, 0x34, 0x56], 60));
    p.clock.advance(100_000);
    const wire = 5_760; // (8 + 60 + 4) * 8 bits at 100 Mb/s, in 1 GHz cycles
    expect(p.network?.peer.framesReceived).toBe(1);
    expect(p.devices.ne2000?.lastReceivedAt).toBe(t0 + 2 * (wire + 20_000));
  });

  it('getState/setState round-trips the whole platform, and the restored copy runs identically', () => {
    const make = (): Platform => buildPlatform(pcPlatformConfig(HZ));
    const a = make();
    const A = io(a);
    initPics(a.bus);
    A.outb(0x43, 0x34); A.outb(0x40, 0x00); A.outb(0x40, 0x10);
    A.outb(0x3fa, 0x01); A.outb(0x3f9, 0x02); A.outb(0x3fc, 0x08); // FIFO on, THRE interrupt, OUT2
    for (const c of 'state') A.outb(0x3f8, c.charCodeAt(0));
    A.outb(0x1f2, 2); A.outb(0x1f3, 7); A.outb(0x1f6, 0xe0); A.outb(0x1f7, 0x30);
    for (let i = 0; i < 10; i++) a.bus.write(0x1f0, 2, i);
    A.outb(0xe9, 0x41);
    A.outb(0x70, 0x40); A.outb(0x71, 0x99);
    a.clock.advance(123_457);
    const saved = a.getState();
    const text = JSON.stringify(saved);
    const b = make();
    b.setState(JSON.parse(text) as typeof saved);
    expect(JSON.stringify(b.getState())).toBe(text);
    const run = (p: Platform): string => {
      const log: string[] = [];
      const until = p.clock.now + 5_000_000;
      while (p.clock.now < until) {
        p.clock.advanceTo(Math.min(until, p.clock.nextDeadline));
        while (p.interrupts.hasInterrupt()) {
          log.push(`${p.clock.now}:${p.interrupts.acknowledge()}`);
          p.bus.write(0x20, 1, 0x20);
        }
      }
      return log.join(' ');
    };
    expect(run(b)).toBe(run(a));
    expect(JSON.stringify(b.getState())).toBe(JSON.stringify(a.getState()));
    expect(b.devices.uart?.output).toBe('state');
  });

  it('lets code replace the peer: a responder answering each frame with two, or a silent peer', () => {
    const p = buildPlatform(
      { cpuHz: HZ, devices: { ne2000: { link: { latencyNs: 1_000 }, peer: { processingNs: 500 } } } },
      {
        peerResponder: (frame) => {
          const reply = frame.slice();
          reply.set([0x52, 0x54, 0x00, 0x12, 0x34, 0x56], 0);
          return [reply, reply];
        },
      },
    );
    const link = p.network?.link;
    const peer = p.network?.peer;
    if (!link || !peer) throw new Error('no network');
    link.send(p.devices.ne2000 as NonNullable<typeof p.devices.ne2000>, new Uint8Array(60));
    p.clock.advance(1_000_000);
    expect(peer.framesReceived).toBe(1);
    expect(peer.framesSent).toBe(2);
    expect(p.devices.ne2000?.getState().framesDropped).toBe(2); // the NIC was never started

    const quiet = buildPlatform({ cpuHz: HZ, devices: { ne2000: { peer: { mode: 'silent' } } } });
    quiet.network?.link.send(quiet.devices.ne2000 as NonNullable<typeof quiet.devices.ne2000>, new Uint8Array(60));
    quiet.clock.advance(1_000_000);
    expect(quiet.network?.peer.framesReceived).toBe(1);
    expect(quiet.network?.peer.framesSent).toBe(0);
  });

  it('applies the initial ELCR and the location of unassigned ports from the config', () => {
    const p = buildPlatform({ cpuHz: HZ, unassignedLocation: 'kernel', devices: { pic: { elcr: 0x0e20 } } });
    const { inb } = io(p);
    expect([inb(0x4d0), inb(0x4d1)]).toEqual([0x20, 0x0e]);
    inb(0x2f8);
    expect(p.bus.last.device).toEqual({ name: 'unassigned', location: 'kernel' });
  });

  it('refuses a state from a platform with different devices', () => {
    const small = buildPlatform({ cpuHz: HZ, devices: {} });
    const full = buildPlatform(pcPlatformConfig(HZ));
    expect(() => full.setState(small.getState())).toThrow(/no devices.pit/);
  });
});
