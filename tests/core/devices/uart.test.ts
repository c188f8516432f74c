import { describe, expect, it } from 'vitest';
import { Uart16550 } from '../../../src/core/devices/uart16550';
import { USER, initPics, rig, viaJson } from './rig';

const COM1 = 0x3f8;
const THR = COM1, IER = COM1 + 1, IIR = COM1 + 2, FCR = COM1 + 2, LCR = COM1 + 3, MCR = COM1 + 4, LSR = COM1 + 5, MSR = COM1 + 6, SCR = COM1 + 7;
/** 115200 baud 8N1 at 100 MHz: 160 UART clocks of 1.8432 MHz = 86.8 us = 8681 cycles (rounded up). */
const CHAR = 8681;

function setup() {
  const r = rig(100_000_000);
  const uart = r.attach(new Uart16550(USER('uart'), COM1, r.clock, r.line(4)));
  return { ...r, uart };
}

/** Linux serial8250_console_putchar: wait for THRE and TEMT, then write. */
function consoleWrite(t: ReturnType<typeof setup>, text: string): void {
  for (const ch of text) {
    while ((t.inb(LSR) & 0x60) !== 0x60) t.clock.advance(100);
    t.outb(THR, ch.charCodeAt(0));
  }
}

describe('16550A UART', () => {
  it('captures exactly the text a polling console writer sends', () => {
    const t = setup();
    const text = 'ExitScope: hello, serial world!\r\n';
    consoleWrite(t, text);
    t.clock.advance(CHAR);
    expect(t.uart.output).toBe(text);
  });

  it('sets THRE when the byte moves to the shift register and TEMT one character time later', () => {
    const t = setup();
    expect(t.inb(LSR)).toBe(0x60);
    t.clock.advance(1000);
    t.outb(THR, 0x41);
    expect(t.inb(LSR)).toBe(0x20); // idle line: THR empties at once, shifter busy
    t.clock.advance(CHAR - 1);
    expect(t.inb(LSR) & 0x40).toBe(0);
    expect(t.uart.output).toBe('');
    t.clock.advance(1);
    expect(t.inb(LSR)).toBe(0x60);
    expect(t.uart.output).toBe('A');
  });

  it('holds a second byte in THR (THRE clear) until the first has been sent', () => {
    const t = setup();
    t.outb(THR, 0x31);
    t.outb(THR, 0x32);
    expect(t.inb(LSR) & 0x60).toBe(0);
    t.outb(THR, 0x33); // THR full: lost
    t.clock.advance(CHAR);
    expect(t.inb(LSR) & 0x60).toBe(0x20);
    t.clock.advance(CHAR);
    expect(t.inb(LSR) & 0x60).toBe(0x60);
    expect(t.uart.output).toBe('12');
  });

  it('times characters from the programmed divisor and frame format', () => {
    const t = setup();
    t.outb(LCR, 0x80);
    t.outb(COM1, 12); // 9600 baud
    t.outb(COM1 + 1, 0);
    expect(t.inb(COM1)).toBe(12);
    t.outb(LCR, 0x1f); // 8 data, even parity, 2 stop: 12 bits
    expect(t.uart.charCycles()).toBe(Math.ceil((12 * 16 * 12 * 100_000_000) / 1_843_200));
    t.outb(LCR, 0x03);
    expect(t.uart.charCycles()).toBe(Math.ceil((10 * 16 * 12 * 100_000_000) / 1_843_200));
  });

  it('queues 16 bytes in FIFO mode: THRE when the last enters the shifter, TEMT when it is out', () => {
    const t = setup();
    t.outb(FCR, 0x07);
    for (let i = 0; i < 17; i++) t.outb(THR, 0x61 + i);
    expect(t.inb(LSR) & 0x60).toBe(0);
    t.clock.advance(16 * CHAR - 1);
    expect(t.inb(LSR) & 0x20).toBe(0);
    t.clock.advance(1);
    expect(t.inb(LSR) & 0x60).toBe(0x20);
    t.clock.advance(CHAR);
    expect(t.inb(LSR) & 0x60).toBe(0x60);
    expect(t.uart.output).toBe('abcdefghijklmnopq'); // 1 in the shifter + 16 in the FIFO
    expect(t.inb(IIR) & 0xc0).toBe(0xc0);
  });

  it('raises a THRE interrupt on IRQ4 (gated by OUT2); reading IIR or writing THR clears it', () => {
    const t = setup();
    initPics(t);
    t.outb(MCR, 0x08);
    t.outb(IER, 0x02); // enabling ETBEI with THR empty interrupts at once
    expect(t.pic.hasInterrupt()).toBe(true);
    expect(t.pic.acknowledge()).toBe(0x24);
    expect(t.inb(IIR)).toBe(0x02);
    expect(t.inb(IIR)).toBe(0x01);
    t.outb(0x20, 0x20);
    t.outb(THR, 0x41); // moves to the shifter at once: THRE again
    t.outb(THR, 0x42); // now THR holds a byte
    expect(t.inb(IIR)).toBe(0x01);
    t.clock.advance(CHAR);
    expect(t.inb(IIR)).toBe(0x02);
    t.outb(MCR, 0x00);
    expect(t.line(4).high).toBe(false);
  });

  it('receives bytes at the line rate and raises the received-data interrupt', () => {
    const t = setup();
    initPics(t);
    t.outb(MCR, 0x08);
    t.outb(IER, 0x01);
    t.uart.receive('ok');
    expect(t.inb(LSR) & 0x01).toBe(0);
    t.clock.advance(CHAR);
    expect(t.inb(LSR) & 0x01).toBe(1);
    expect(t.pic.acknowledge()).toBe(0x24);
    expect(t.inb(IIR)).toBe(0x04);
    expect(t.inb(THR)).toBe(0x6f);
    expect(t.inb(IIR)).toBe(0x01);
    t.clock.advance(CHAR);
    expect(t.inb(THR)).toBe(0x6b);
    expect(t.inb(LSR) & 0x01).toBe(0);
    expect(t.inb(THR)).toBe(0x6b); // an empty RBR still holds the last byte
  });

  it('reports overrun in LSR and as a line-status interrupt', () => {
    const t = setup();
    t.outb(IER, 0x05);
    t.uart.receive('xyz');
    t.clock.advance(3 * CHAR);
    expect(t.inb(IIR)).toBe(0x06);
    expect(t.inb(LSR)).toBe(0x63);
    expect(t.inb(LSR)).toBe(0x61); // OE clears on read
    expect(t.inb(THR)).toBe(0x78);
  });

  it('uses the FIFO trigger level, then a character timeout after 4 character times', () => {
    const t = setup();
    t.outb(FCR, 0x47); // FIFO, trigger 4
    t.outb(IER, 0x01);
    t.uart.receive('abc');
    t.clock.advance(3 * CHAR);
    expect(t.inb(IIR)).toBe(0xc1);
    t.clock.advance(4 * CHAR - 1);
    expect(t.inb(IIR)).toBe(0xc1);
    t.clock.advance(1);
    expect(t.inb(IIR)).toBe(0xcc);
    t.uart.receive('d');
    t.clock.advance(CHAR);
    expect(t.inb(IIR)).toBe(0xc4);
    expect([t.inb(THR), t.inb(THR), t.inb(THR), t.inb(THR)]).toEqual([0x61, 0x62, 0x63, 0x64]);
  });

  it('loops transmitted bytes back to the receiver and MCR to MSR in loopback mode', () => {
    const t = setup();
    t.inb(MSR);
    t.outb(MCR, 0x10);
    expect(t.inb(MSR)).toBe(0x0b); // CTS, DSR, DCD dropped: deltas
    t.outb(MCR, 0x1f);
    expect(t.inb(MSR)).toBe(0xfb);
    t.outb(MCR, 0x1b); // OUT1 (RI) falls: TERI
    expect(t.inb(MSR) & 0x0f).toBe(0x04);
    t.outb(THR, 0x55);
    t.clock.advance(CHAR);
    expect(t.inb(LSR) & 0x01).toBe(1);
    expect(t.inb(THR)).toBe(0x55);
    expect(t.uart.output).toBe('');
    t.uart.receive('x'); // the serial input is disconnected in loopback
    t.clock.advance(CHAR);
    expect(t.inb(LSR) & 0x01).toBe(0);
  });

  it('raises a modem-status interrupt on an MSR change until MSR is read', () => {
    const t = setup();
    t.outb(IER, 0x08);
    expect(t.inb(IIR)).toBe(0x01);
    t.outb(MCR, 0x10); // loopback: CTS/DSR/DCD inputs drop
    expect(t.inb(IIR)).toBe(0x00);
    t.inb(MSR);
    expect(t.inb(IIR)).toBe(0x01);
  });

  it('keeps the scratch register', () => {
    const t = setup();
    t.outb(SCR, 0xa5);
    expect(t.inb(SCR)).toBe(0xa5);
  });

  it('round-trips its state with bytes in flight', () => {
    const a = setup();
    a.outb(FCR, 0x01);
    a.outb(IER, 0x03);
    for (const c of 'snapshot') a.outb(THR, c.charCodeAt(0));
    a.uart.receive('in');
    a.clock.advance(CHAR + 17);
    const saved = viaJson({ clock: a.clock.getState(), uart: a.uart.getState() });
    const b = setup();
    b.clock.setState(saved.clock);
    b.uart.setState(saved.uart);
    expect(b.uart.getState()).toEqual(saved.uart);
    a.clock.advance(20 * CHAR);
    b.clock.advance(20 * CHAR);
    expect(b.uart.output).toBe('snapshot');
    expect(b.uart.getState()).toEqual(a.uart.getState());
  });
});
