import { describe, expect, it } from 'vitest';
import { CmosRtc } from '../../../src/core/devices/cmos-rtc';
import { USER, initPics, rig, viaJson } from './rig';

const START = Date.UTC(2007, 7, 22, 23, 59, 58) / 1000; // Wed 22 Aug 2007 23:59:58 UTC
const HZ = 100_000_000;

function setup() {
  const r = rig(HZ);
  initPics(r);
  const rtc = r.attach(new CmosRtc(USER('rtc'), r.clock, r.line(8), { startTime: START, memoryKb: 65536 }));
  const read = (i: number): number => { r.outb(0x70, i); return r.inb(0x71); };
  const write = (i: number, v: number): void => { r.outb(0x70, i); r.outb(0x71, v); };
  return { ...r, rtc, read, write };
}

describe('CMOS RTC / NVRAM', () => {
  it('reads the time in BCD, advancing with guest seconds across midnight', () => {
    const t = setup();
    expect([t.read(0), t.read(2), t.read(4), t.read(6), t.read(7), t.read(8), t.read(9), t.read(0x32)])
      .toEqual([0x58, 0x59, 0x23, 0x04, 0x22, 0x08, 0x07, 0x20]);
    t.clock.advance(2 * HZ);
    expect([t.read(0), t.read(2), t.read(4), t.read(6), t.read(7)]).toEqual([0x00, 0x00, 0x00, 0x05, 0x23]);
  });

  it('supports binary mode and 12-hour mode', () => {
    const t = setup();
    t.write(0x0b, 0x04 | 0x02); // binary, 24h
    expect(t.read(4)).toBe(23);
    t.write(0x0b, 0x00); // BCD, 12h
    expect(t.read(4)).toBe(0x80 | 0x11);
  });

  it('sets the time through SET and keeps running from there', () => {
    const t = setup();
    t.write(0x0b, 0x92); // SET (and UIE, which SET clears)
    expect(t.read(0x0b)).toBe(0x82);
    t.write(0, 0x30);
    t.write(2, 0x15);
    t.write(4, 0x10);
    t.clock.advance(5 * HZ);
    expect(t.read(0)).toBe(0x30); // frozen while SET
    t.write(0x0b, 0x02);
    t.clock.advance(3 * HZ);
    expect([t.read(4), t.read(2), t.read(0)]).toEqual([0x10, 0x15, 0x33]);
  });

  it('shows UIP in the last 244 us of each second', () => {
    const t = setup();
    t.clock.advance(HZ - 24_500);
    expect(t.read(0x0a) & 0x80).toBe(0);
    t.clock.advance(200);
    expect(t.read(0x0a) & 0x80).toBe(0x80);
    expect(t.read(0x0a) & 0x7f).toBe(0x26);
  });

  it('raises IRQ8 for periodic interrupts at the rate in register A until C is read', () => {
    const t = setup();
    t.write(0x0a, 0x26); // 1024 Hz
    t.write(0x0b, 0x42); // PIE
    expect(t.pic.hasInterrupt()).toBe(false);
    const period = Math.ceil(HZ / 1024);
    t.clock.advance(period);
    expect(t.pic.acknowledge()).toBe(0x28);
    expect(t.read(0x0c)).toBe(0xc0);
    expect(t.read(0x0c)).toBe(0x00);
    t.outb(0xa0, 0x20); t.outb(0x20, 0x20);
    t.clock.advance(period);
    expect(t.pic.acknowledge()).toBe(0x28);
  });

  it('flags update-ended every second (UF) and interrupts with UIE', () => {
    const t = setup();
    t.clock.advance(HZ);
    expect(t.read(0x0c)).toBe(0x50); // PF runs at the periodic rate whether or not PIE is set
    t.write(0x0a, 0x20); // periodic rate 0: no PF
    t.write(0x0b, 0x12);
    t.clock.advance(HZ - 1);
    expect(t.pic.hasInterrupt()).toBe(false);
    t.clock.advance(1);
    expect(t.pic.hasInterrupt()).toBe(true);
    expect(t.read(0x0c)).toBe(0xb0); // midnight also matches the alarm registers' 00:00:00
  });

  it('raises the alarm interrupt when the time of day matches registers 1/3/5', () => {
    const t = setup();
    t.write(0x0a, 0x20); // no periodic interrupt
    t.write(1, 0x05); t.write(3, 0x00); t.write(5, 0x00); // 00:00:05, 7 s after power-on
    t.write(0x0b, 0x22); // AIE
    expect(t.read(1)).toBe(0x05);
    t.clock.advance(7 * HZ - 1);
    expect(t.pic.hasInterrupt()).toBe(false);
    t.clock.advance(1);
    expect(t.pic.acknowledge()).toBe(0x28);
    expect(t.read(0x0c)).toBe(0xb0); // IRQF, AF, UF
    t.outb(0xa0, 0x20); t.outb(0x20, 0x20);
    t.write(5, 0xff); t.write(3, 0xff); t.write(1, 0x30); // every minute at :30
    t.clock.advance(24 * HZ);
    expect(t.pic.hasInterrupt()).toBe(false);
    t.clock.advance(HZ);
    expect(t.pic.acknowledge()).toBe(0x28);
    expect([t.read(2), t.read(0)]).toEqual([0x00, 0x30]);
    expect(t.read(0x0c)).toBe(0xb0);
    t.clock.advance(59 * HZ);
    expect(t.read(0x0c)).toBe(0x10); // no match yet: UF only
    t.clock.advance(HZ);
    expect(t.read(0x0c)).toBe(0xb0);
  });

  it('keeps NVRAM bytes, reports memory size, and latches the NMI mask bit', () => {
    const t = setup();
    t.write(0x40, 0xab);
    expect(t.read(0x40)).toBe(0xab);
    expect(t.read(0x15) | (t.read(0x16) << 8)).toBe(640);
    expect(t.read(0x17) | (t.read(0x18) << 8)).toBe(65536 - 1024);
    expect(t.read(0x0d)).toBe(0x80);
    t.outb(0x70, 0x8f);
    expect(t.rtc.nmiMasked).toBe(true);
    expect(t.inb(0x70)).toBe(0xff);
  });

  it('round-trips its state', () => {
    const a = setup();
    a.write(0x0b, 0x42);
    a.write(0x50, 0x77);
    a.clock.advance(12_345);
    const saved = viaJson({ clock: a.clock.getState(), rtc: a.rtc.getState() });
    const b = setup();
    b.clock.setState(saved.clock);
    b.rtc.setState(saved.rtc);
    expect(b.rtc.getState()).toEqual(saved.rtc);
    a.clock.advance(HZ);
    b.clock.advance(HZ);
    expect([b.read(0), b.read(0x50), b.read(0x0c)]).toEqual([a.read(0), a.read(0x50), a.read(0x0c)]);
  });
});
