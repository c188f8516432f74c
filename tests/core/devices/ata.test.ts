import { describe, expect, it } from 'vitest';
import { AtaDisk, ST_BSY, ST_DRDY, ST_DRQ, ST_ERR } from '../../../src/core/devices/ata-disk';
import { IDENTIFY_MODEL } from '../../../src/core/devices/ata-identify';
import { DiskImage, generatedSectorByte, type DiskImageSource } from '../../../src/core/devices/disk-image';
import { USER, initPics, rig, viaJson } from './rig';

const DATA = 0x1f0, ERROR = 0x1f1, NSECT = 0x1f2, LBA0 = 0x1f3, LBA1 = 0x1f4, LBA2 = 0x1f5, DEVICE = 0x1f6, STATUS = 0x1f7, CTRL = 0x3f6;

function setup(source: DiskImageSource = { kind: 'generated', sectors: 1000, seed: 7 }, latency = 0) {
  const r = rig(100_000_000);
  initPics(r, 0x20, 0x28);
  const disk = r.attach(new AtaDisk(USER('ata'), { commandBase: 0x1f0, controlPort: 0x3f6 }, new DiskImage(source), r.clock, r.line(14), latency));
  return { ...r, disk };
}
type T = ReturnType<typeof setup>;

function issue(t: T, command: number, lba: number, count: number): void {
  t.outb(NSECT, count & 0xff);
  t.outb(LBA0, lba & 0xff);
  t.outb(LBA1, (lba >> 8) & 0xff);
  t.outb(LBA2, (lba >> 16) & 0xff);
  t.outb(DEVICE, 0xe0 | ((lba >> 24) & 0x0f));
  t.outb(STATUS, command);
}

/** One REP INSW of a sector. */
function insw(t: T): number[] {
  const out: number[] = [];
  for (let i = 0; i < 256; i++) {
    const w = t.inw(DATA);
    out.push(w & 0xff, w >> 8);
  }
  return out;
}

const expectedSector = (lba: number, seed = 7): number[] => Array.from({ length: 512 }, (_, i) => generatedSectorByte(lba, i, seed));

describe('ATA PIO disk', () => {
  it('answers IDENTIFY DEVICE with DRQ, an interrupt, and a 256-word block', () => {
    const t = setup();
    expect(t.inb(STATUS) & (ST_DRDY | ST_BSY)).toBe(ST_DRDY);
    t.outb(DEVICE, 0xa0);
    t.outb(STATUS, 0xec);
    expect(t.inb(CTRL)).toBe(ST_DRDY | 0x10 | ST_DRQ);
    expect(t.pic.acknowledge()).toBe(0x2e); // IRQ14
    const block = insw(t);
    const word = (i: number): number => block[2 * i] | (block[2 * i + 1] << 8);
    expect(word(0)).toBe(0x0040);
    expect(word(49) & 0x0200).toBe(0x0200);
    expect(word(60) | (word(61) << 16)).toBe(1000);
    let model = '';
    for (let i = 27; i < 47; i++) model += String.fromCharCode(word(i) >> 8, word(i) & 0xff);
    expect(model.trim()).toBe(IDENTIFY_MODEL);
    expect(t.inb(STATUS) & ST_DRQ).toBe(0);
  });

  it('READ SECTORS (LBA28) returns the image bytes, one interrupt per sector', () => {
    const t = setup();
    issue(t, 0x20, 0x123, 3);
    for (let s = 0; s < 3; s++) {
      expect(t.pic.hasInterrupt()).toBe(true);
      expect(t.pic.acknowledge()).toBe(0x2e);
      t.outb(0xa0, 0x20); t.outb(0x20, 0x20);
      expect(t.inb(STATUS)).toBe(ST_DRDY | 0x10 | ST_DRQ); // reading status clears INTRQ
      expect(insw(t)).toEqual(expectedSector(0x123 + s));
    }
    expect(t.pic.hasInterrupt()).toBe(false);
    expect(t.inb(STATUS)).toBe(ST_DRDY | 0x10);
    expect([t.inb(LBA0), t.inb(LBA1), t.inb(LBA2), t.inb(DEVICE) & 0x0f]).toEqual([0x25, 0x01, 0, 0]); // last sector read
  });

  it('reads a byte image from the config, zero-filling the last partial sector, and reads dwords', () => {
    const data = Uint8Array.from({ length: 700 }, (_, i) => (i * 13) & 0xff);
    const t = setup({ kind: 'bytes', data });
    expect(t.disk.image.sectors).toBe(2);
    issue(t, 0x20, 0, 2);
    t.inb(STATUS);
    expect(insw(t)).toEqual(Array.from(data.subarray(0, 512)));
    const dwords: number[] = [];
    for (let i = 0; i < 128; i++) {
      const d = t.inl(DATA); // 32-bit PIO: two words
      dwords.push(d & 0xff, (d >>> 8) & 0xff, (d >>> 16) & 0xff, d >>> 24);
    }
    expect(dwords).toEqual([...Array.from(data.subarray(512)), ...new Array<number>(1024 - 700).fill(0)]);
  });

  it('WRITE SECTORS stores the words and reads them back; the base image is untouched', () => {
    const data = new Uint8Array(4 * 512);
    const t = setup({ kind: 'bytes', data });
    issue(t, 0x30, 1, 2);
    expect(t.pic.hasInterrupt()).toBe(false); // PIO out: no interrupt before the first sector
    for (let s = 0; s < 2; s++) {
      expect(t.inb(CTRL) & ST_DRQ).toBe(ST_DRQ);
      for (let i = 0; i < 256; i++) t.outw(DATA, (s << 12) | i);
      expect(t.pic.acknowledge()).toBe(0x2e);
      t.outb(0xa0, 0x20); t.outb(0x20, 0x20);
      t.inb(STATUS);
    }
    expect(t.inb(STATUS)).toBe(ST_DRDY | 0x10);
    issue(t, 0x20, 2, 1);
    t.inb(STATUS);
    const back = insw(t);
    expect(back[2 * 5] | (back[2 * 5 + 1] << 8)).toBe((1 << 12) | 5);
    expect(data.every((b) => b === 0)).toBe(true);
    expect(Object.keys(t.disk.getState().overlay)).toEqual(['1', '2']);
  });

  it('is BSY for the configured sector latency before DRQ and the interrupt', () => {
    const t = setup(undefined, 2_500);
    issue(t, 0x20, 10, 2);
    expect(t.inb(CTRL) & (ST_BSY | ST_DRQ)).toBe(ST_BSY);
    t.clock.advance(2_499);
    expect(t.inb(CTRL) & ST_BSY).toBe(ST_BSY);
    t.clock.advance(1);
    expect(t.inb(CTRL) & (ST_BSY | ST_DRQ)).toBe(ST_DRQ);
    expect(t.pic.hasInterrupt()).toBe(true);
    insw(t);
    expect(t.inb(CTRL) & ST_BSY).toBe(ST_BSY); // next sector
    t.clock.advance(2_500);
    expect(insw(t)).toEqual(expectedSector(11));
  });

  it('aborts unknown commands and rejects sectors beyond the disk', () => {
    const t = setup();
    t.outb(STATUS, 0xc8); // READ DMA: not supported in this model
    expect(t.inb(STATUS) & ST_ERR).toBe(ST_ERR);
    expect(t.inb(ERROR)).toBe(0x04);
    issue(t, 0x20, 999, 2);
    expect(t.inb(STATUS) & ST_ERR).toBe(ST_ERR);
    expect(t.inb(ERROR)).toBe(0x10);
  });

  it('addresses by CHS through the IDENTIFY geometry (16 heads, 63 sectors)', () => {
    const t = setup();
    t.outb(NSECT, 1);
    t.outb(LBA0, 5); // sector 5
    t.outb(LBA1, 0); // cylinder 0
    t.outb(LBA2, 0);
    t.outb(DEVICE, 0xa0 | 1); // CHS, head 1
    t.outb(STATUS, 0x20);
    t.inb(STATUS);
    expect(insw(t)).toEqual(expectedSector(63 + 4));
  });

  it('masks INTRQ with nIEN, resets with SRST, and reads status 0 with device 1 selected', () => {
    const t = setup();
    t.outb(CTRL, 0x02);
    issue(t, 0x20, 0, 1);
    expect(t.pic.hasInterrupt()).toBe(false);
    t.outb(CTRL, 0x06);
    expect(t.inb(CTRL) & ST_BSY).toBe(ST_BSY);
    t.outb(CTRL, 0x00);
    expect([t.inb(NSECT), t.inb(LBA0), t.inb(LBA1), t.inb(LBA2), t.inb(STATUS)]).toEqual([1, 1, 0, 0, ST_DRDY | 0x10]);
    t.outb(DEVICE, 0xb0);
    expect(t.inb(STATUS)).toBe(0);
    t.outb(STATUS, 0xec); // ignored by the absent device
    t.outb(DEVICE, 0xa0);
    expect(t.inb(STATUS) & ST_DRQ).toBe(0);
  });

  it('round-trips its state in the middle of a sector', () => {
    const a = setup();
    issue(a, 0x30, 3, 1);
    for (let i = 0; i < 100; i++) a.outw(DATA, 0xbeef);
    const saved = viaJson(a.disk.getState());
    const b = setup();
    b.disk.setState(saved);
    expect(b.disk.getState()).toEqual(saved);
    for (const t of [a, b]) for (let i = 100; i < 256; i++) t.outw(DATA, i);
    expect(b.disk.getState()).toEqual(a.disk.getState());
  });
});
