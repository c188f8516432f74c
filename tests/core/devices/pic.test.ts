import { describe, expect, it } from 'vitest';
import { initPics, rig, viaJson } from './rig';

describe('8259A pair', () => {
  it('delivers a master IRQ as vector base + irq, sets ISR, and EOI clears it', () => {
    const r = rig();
    initPics(r, 0x20, 0x28);
    const irq1 = r.line(1);
    expect(r.pic.hasInterrupt()).toBe(false);
    irq1.raise();
    expect(r.pic.hasInterrupt()).toBe(true);
    expect(r.inb(0x20)).toBe(0x02); // IRR (default read)
    expect(r.pic.acknowledge()).toBe(0x21);
    expect(r.pic.hasInterrupt()).toBe(false);
    r.outb(0x20, 0x0b); // OCW3: read ISR
    expect(r.inb(0x20)).toBe(0x02);
    r.outb(0x20, 0x20); // non-specific EOI
    expect(r.inb(0x20)).toBe(0x00);
  });

  it('routes slave IRQs through the cascade on IR2', () => {
    const r = rig();
    initPics(r, 0x08, 0x70);
    r.line(14).raise();
    expect(r.pic.hasInterrupt()).toBe(true);
    expect(r.pic.acknowledge()).toBe(0x76);
    r.outb(0xa0, 0x0b);
    r.outb(0x20, 0x0b);
    expect(r.inb(0xa0)).toBe(0x40);
    expect(r.inb(0x20)).toBe(0x04);
    r.outb(0xa0, 0x20);
    r.outb(0x20, 0x20);
    expect(r.inb(0xa0)).toBe(0);
    expect(r.inb(0x20)).toBe(0);
  });

  it('prioritises lower IRQ numbers, and a lower-priority request waits for EOI', () => {
    const r = rig();
    initPics(r);
    r.line(3).raise();
    r.line(5).raise();
    expect(r.pic.acknowledge()).toBe(0x23);
    expect(r.pic.hasInterrupt()).toBe(false); // IRQ5 is lower than IRQ3 in service
    r.line(0).raise(); // higher priority nests
    expect(r.pic.acknowledge()).toBe(0x20);
    r.outb(0x20, 0x20); // clears IRQ0
    expect(r.pic.hasInterrupt()).toBe(false);
    r.outb(0x20, 0x63); // specific EOI for IRQ3
    expect(r.pic.acknowledge()).toBe(0x25);
  });

  it('masks with OCW1 and reads IMR back', () => {
    const r = rig();
    initPics(r);
    r.outb(0x21, 0xfe);
    expect(r.inb(0x21)).toBe(0xfe);
    r.line(4).raise();
    expect(r.pic.hasInterrupt()).toBe(false);
    r.outb(0x21, 0xee);
    expect(r.pic.acknowledge()).toBe(0x24);
  });

  it('latches edges in edge mode and follows the level in ELCR level mode', () => {
    const r = rig();
    initPics(r);
    const irq10 = r.line(10);
    irq10.raise();
    irq10.lower();
    expect(r.pic.hasInterrupt()).toBe(true); // the edge was latched
    expect(r.pic.acknowledge()).toBe(0x2a);
    r.outb(0xa0, 0x20); r.outb(0x20, 0x20);

    r.outb(0x4d1, 0x04); // IRQ10 level-triggered
    expect(r.inb(0x4d1)).toBe(0x04);
    irq10.raise();
    irq10.lower();
    expect(r.pic.hasInterrupt()).toBe(false); // level dropped before acknowledge
    irq10.raise();
    expect(r.pic.acknowledge()).toBe(0x2a);
    r.outb(0xa0, 0x20); r.outb(0x20, 0x20);
    expect(r.pic.hasInterrupt()).toBe(true); // still high: asks again after EOI
    irq10.lower();
    expect(r.pic.hasInterrupt()).toBe(false);
  });

  it('keeps ELCR bits for IRQ 0, 1, 2, 8 and 13 at zero', () => {
    const r = rig();
    r.outb(0x4d0, 0xff);
    r.outb(0x4d1, 0xff);
    expect(r.inb(0x4d0)).toBe(0xf8);
    expect(r.inb(0x4d1)).toBe(0xde);
  });

  it('gives a spurious IRQ7 vector without setting ISR when the request vanished', () => {
    const r = rig();
    initPics(r);
    r.outb(0x21, 0x00);
    r.line(6).raise();
    expect(r.pic.hasInterrupt()).toBe(true);
    r.outb(0x21, 0x40); // masked before INTA
    expect(r.pic.acknowledge()).toBe(0x27);
    r.outb(0x20, 0x0b);
    expect(r.inb(0x20)).toBe(0);
  });

  it('supports auto-EOI (ICW4.AEOI)', () => {
    const r = rig();
    r.outb(0x20, 0x11); r.outb(0x21, 0x40); r.outb(0x21, 0x04); r.outb(0x21, 0x03);
    r.line(1).raise();
    expect(r.pic.acknowledge()).toBe(0x41);
    r.outb(0x20, 0x0b);
    expect(r.inb(0x20)).toBe(0);
  });

  it('rotates priorities (rotate on non-specific EOI, set priority)', () => {
    const r = rig();
    initPics(r);
    r.line(1).raise();
    expect(r.pic.acknowledge()).toBe(0x21);
    r.outb(0x20, 0xa0); // rotate on non-specific EOI: IRQ1 becomes lowest
    r.line(1).lower();
    r.line(1).raise();
    r.line(3).raise();
    expect(r.pic.acknowledge()).toBe(0x23); // 2 is now highest, then 3 ... 1 last
    r.outb(0x20, 0xc4); // set priority: IRQ4 lowest, so IRQ5 highest
    r.outb(0x20, 0x63);
    r.line(5).raise();
    expect(r.pic.acknowledge()).toBe(0x25);
  });

  it('answers a poll command with 0x80 | irq and acknowledges it', () => {
    const r = rig();
    initPics(r);
    r.line(3).raise();
    r.outb(0x20, 0x0c); // OCW3 poll
    expect(r.inb(0x20)).toBe(0x83);
    r.outb(0x20, 0x0b);
    expect(r.inb(0x20)).toBe(0x08);
    r.outb(0x20, 0x0c);
    r.outb(0x20, 0x20);
    r.outb(0x20, 0x0c);
    expect(r.inb(0x20)).toBe(0x00);
  });

  it('special mask mode lets lower priorities in while a masked IRQ is in service', () => {
    const r = rig();
    initPics(r);
    r.line(1).raise();
    expect(r.pic.acknowledge()).toBe(0x21);
    r.line(5).raise();
    expect(r.pic.hasInterrupt()).toBe(false);
    r.outb(0x21, 0x02); // mask IRQ1
    r.outb(0x20, 0x68); // OCW3: set special mask mode
    expect(r.pic.acknowledge()).toBe(0x25);
  });

  it('resets on ICW1: IMR and ISR cleared, an edge must be seen again', () => {
    const r = rig();
    initPics(r);
    r.outb(0x21, 0xff);
    r.line(3).raise();
    initPics(r);
    expect(r.inb(0x21)).toBe(0);
    expect(r.pic.hasInterrupt()).toBe(false);
  });

  it('works as a single PIC (ICW1.SNGL: no ICW3) and in special fully nested mode', () => {
    const r = rig();
    r.outb(0x20, 0x13); r.outb(0x21, 0x50); r.outb(0x21, 0x01); // single, ICW4
    r.outb(0x21, 0x00);
    r.line(2).raise(); // IR2 is an ordinary input when there is no slave
    expect(r.pic.acknowledge()).toBe(0x52);

    const n = rig();
    n.outb(0x20, 0x11); n.outb(0x21, 0x20); n.outb(0x21, 0x04); n.outb(0x21, 0x11); // SFNM
    n.outb(0xa0, 0x11); n.outb(0xa1, 0x28); n.outb(0xa1, 0x02); n.outb(0xa1, 0x01);
    n.line(12).raise();
    expect(n.pic.acknowledge()).toBe(0x2c);
    n.line(9).raise(); // higher priority on the slave, while IR2 is in service on the master
    expect(n.pic.acknowledge()).toBe(0x29);
  });

  it('tells a listener every change of INTR', () => {
    const r = rig();
    const heard: boolean[] = [];
    r.pic.onIntrChange((asserted) => heard.push(asserted));
    initPics(r);
    r.line(12).raise(); // through the slave and the cascade
    r.line(1).raise();
    expect(heard).toEqual([true]);
    expect(r.pic.acknowledge()).toBe(0x21);
    expect(heard).toEqual([true, false]); // IRQ12 is lower than IRQ1 in service
    r.outb(0x20, 0x20);
    expect(heard).toEqual([true, false, true]);
    expect(r.pic.acknowledge()).toBe(0x2c);
    expect(heard).toEqual([true, false, true, false]);
    r.outb(0x21, 0x01);
    r.line(0).raise();
    expect(heard).toEqual([true, false, true, false]); // masked: no change
    r.outb(0x21, 0x00);
    expect(heard).toEqual([true, false, true, false, true]);
  });

  it('round-trips its state', () => {
    const r = rig();
    initPics(r, 0x30, 0x38);
    r.outb(0x4d1, 0x02);
    r.line(3).raise();
    r.pic.acknowledge();
    r.line(4).raise();
    const saved = viaJson(r.pic.getState());
    const other = rig();
    other.pic.setState(saved);
    expect(other.pic.getState()).toEqual(saved);
    other.outb(0x20, 0x20);
    expect(other.pic.acknowledge()).toBe(0x34);
  });
});
