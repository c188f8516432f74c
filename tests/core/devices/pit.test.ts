import { describe, expect, it } from 'vitest';
import { PIT_HZ, Pit8254 } from '../../../src/core/devices/pit8254';
import { GuestClock } from '../../../src/core/machine/guest-clock';
import { IrqLine, type IrqSink } from '../../../src/core/machine/irq';
import { PortBus } from '../../../src/core/machine/port-bus';
import { attachDevice } from '../../../src/core/machine/device';
import { viaJson } from './rig';

/** 100 guest cycles per PIT clock, so PIT tick t begins exactly at cycle 100 t. */
const HZ = PIT_HZ * 100;

function setup(clock = new GuestClock(HZ)) {
  const edges: string[] = [];
  const sink: IrqSink = { setIrqLevel: (_irq, high) => edges.push(`${high ? 'H' : 'L'}@${clock.now / 100}`) };
  const pit = new Pit8254({ name: 'pit', location: 'kernel' }, clock, new IrqLine(sink, 0));
  const bus = new PortBus();
  attachDevice(bus, pit);
  const outb = (p: number, v: number): void => bus.write(p, 1, v);
  const inb = (p: number): number => bus.read(p, 1);
  return { clock, pit, bus, edges, outb, inb };
}

/**
 * A clock-by-clock model written from the datasheet's mode descriptions, independent of the
 * device's closed-form formulas: OUT and the counting element `k` clocks after the count was
 * loaded.
 */
function reference(mode: number, n: number, clocks: number): { out: boolean[]; ce: number[] } {
  const out: boolean[] = [];
  const ce: number[] = [];
  let count = n;
  let level = mode !== 0;
  let half = 0; // mode 3: clocks spent in the current half-cycle
  for (let k = 0; k <= clocks; k++) {
    if (k > 0) {
      if (mode === 0) {
        count = (count - 1) & 0xffff;
        if (count === 0) level = true;
      } else if (mode === 4) {
        count = (count - 1) & 0xffff;
        level = count !== 0;
      } else if (mode === 2) {
        count -= 1;
        if (count === 1) level = false;
        else if (count === 0) {
          count = n;
          level = true;
        }
      } else {
        half += 1;
        const length = level ? Math.ceil(n / 2) : Math.floor(n / 2);
        if (half === length) {
          level = !level;
          half = 0;
        }
      }
    }
    out.push(level);
    // Mode 3 loads N (or N - 1 when N is odd) at the start of each half and counts down by 2.
    ce.push(mode === 3 ? n - (n & 1) - 2 * half : count & 0xffff);
  }
  return { out, ce };
}

describe('8254 PIT', () => {
  it('matches a clock-by-clock reference model in modes 0, 2, 3 and 4', () => {
    let seed = 12345;
    const random = (limit: number): number => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % limit;
    };
    for (const mode of [0, 2, 3, 4]) {
      for (const n of [3, 8, ...Array.from({ length: 6 }, () => 2 + random(300))]) {
        const t = setup();
        t.outb(0x43, 0x80 | 0x30 | (mode << 1)); // channel 2, lo/hi
        t.outb(0x42, n & 0xff);
        t.outb(0x42, n >> 8);
        const loadedAt = t.pit.tick() + 1;
        const ref = reference(mode, n, 3 * n + 5);
        for (let k = 0; k <= 3 * n + 5; k++) {
          t.clock.advanceTo(100 * (loadedAt + k));
          expect(t.pit.out(2), `mode ${mode} N=${n} k=${k} OUT`).toBe(ref.out[k]);
          expect(t.pit.counter(2), `mode ${mode} N=${n} k=${k} CE`).toBe(ref.ce[k]);
        }
      }
    }
  });

  it('mode 2 (rate generator): IRQ0 rises once per period, OUT low for the last clock', () => {
    const t = setup();
    t.outb(0x43, 0x34); // ch0, lo/hi, mode 2, binary
    t.outb(0x40, 100);
    t.outb(0x40, 0); // N = 100 written at tick 0: counting starts at tick 1
    t.clock.advanceTo(100 * 350);
    // OUT: high, low at tick 1+99=100, high again at 101 (reload), low at 200, ...
    expect(t.edges).toEqual(['H@0', 'L@100', 'H@101', 'L@200', 'H@201', 'L@300', 'H@301']);
    expect(t.pit.counter(0)).toBe(100 - ((350 - 1) % 100));
  });

  it('mode 0 (interrupt on terminal count): OUT rises N+1 clocks after the write and stays high', () => {
    const t = setup();
    t.clock.advanceTo(100 * 10);
    t.outb(0x43, 0x30); // ch0 lo/hi mode 0
    t.outb(0x40, 0x10);
    t.outb(0x40, 0x00); // N = 16 at tick 10
    expect(t.pit.out(0)).toBe(false);
    t.clock.advanceTo(100 * 15);
    expect(t.pit.counter(0)).toBe(16 - 4);
    t.clock.advanceTo(100 * 100);
    expect(t.edges).toEqual(['H@27']); // OUT was already low (mode 0 is the power-on mode)
    expect(t.pit.out(0)).toBe(true);
    expect(t.pit.counter(0)).toBe((16 - 89 + 0x10000) % 0x10000); // keeps counting down after 0
  });

  it('mode 4 (software strobe, Linux one-shot): OUT pulses low for one clock at terminal count', () => {
    const t = setup();
    t.outb(0x43, 0x38); // ch0, lo/hi, mode 4
    expect(t.pit.out(0)).toBe(true);
    t.outb(0x40, 50);
    t.clock.advanceTo(100 * 20); // the first byte does not disturb mode 4
    t.outb(0x40, 0); // N = 50 at tick 20: counting from 21
    t.clock.advanceTo(100 * 200);
    expect(t.edges).toEqual(['H@0', 'L@71', 'H@72']);
  });

  it('mode 3 (square wave): high for ceil(N/2), low for floor(N/2)', () => {
    const t = setup();
    t.outb(0x43, 0x36);
    t.outb(0x40, 9);
    t.outb(0x40, 0);
    t.clock.advanceTo(100 * 30);
    // start at tick 1: high 5 clocks, low 4 clocks.
    expect(t.edges).toEqual(['H@0', 'L@6', 'H@10', 'L@15', 'H@19', 'L@24', 'H@28']);
  });

  it('reads a latched count with lo/hi byte order, and the live count otherwise', () => {
    const t = setup();
    t.outb(0x43, 0x34);
    t.outb(0x40, 0x00);
    t.outb(0x40, 0x10); // N = 0x1000
    t.clock.advanceTo(100 * 0x101); // k = 0x100
    t.outb(0x43, 0x00); // latch counter 0
    t.clock.advanceTo(100 * 0x200);
    expect(t.inb(0x40)).toBe(0x00);
    expect(t.inb(0x40)).toBe(0x0f); // latched 0x0F00
    const live = t.pit.counter(0);
    expect(t.inb(0x40) | (t.inb(0x40) << 8)).toBe(live);
  });

  it('supports lo-only and hi-only access and BCD counting', () => {
    const t = setup();
    t.outb(0x43, 0x94); // ch2, lo only, mode 2
    t.outb(0x42, 50);
    t.clock.advanceTo(100 * 11);
    expect(t.inb(0x42)).toBe(40);
    t.outb(0x43, 0xa4); // ch2, hi only, mode 2: N = 0x0200
    t.outb(0x42, 0x02);
    t.clock.advanceTo(100 * (11 + 1 + 0x10));
    expect(t.inb(0x42)).toBe(0x01); // 0x200 - 0x10 = 0x1F0
    t.outb(0x43, 0xb5); // ch2 lo/hi mode 2 BCD
    t.outb(0x42, 0x00);
    t.outb(0x42, 0x10); // 1000 decimal
    t.clock.advance(100 * 11);
    expect(t.pit.counter(2)).toBe(0x0990);
  });

  it('read-back returns status (OUT, null count, mode) then count', () => {
    const t = setup();
    t.outb(0x43, 0x34);
    expect(t.pit.out(0)).toBe(true);
    t.outb(0x43, 0xe2); // read-back status of channel 0 (count not latched)
    expect(t.inb(0x40)).toBe(0x80 | 0x40 | 0x30 | 0x04); // OUT high, null count, lo/hi, mode 2
    t.outb(0x40, 0x20);
    t.outb(0x40, 0x00);
    t.clock.advance(100 * 5);
    t.outb(0x43, 0xc2); // status and count of channel 0
    expect(t.inb(0x40)).toBe(0x80 | 0x30 | 0x04);
    expect(t.inb(0x40)).toBe(0x20 - 4);
    expect(t.inb(0x40)).toBe(0x00);
  });

  it('a new count in mode 2 takes effect at the end of the current period', () => {
    const t = setup();
    t.outb(0x43, 0x34);
    t.outb(0x40, 100);
    t.outb(0x40, 0);
    t.clock.advanceTo(100 * 50);
    t.outb(0x40, 10);
    t.outb(0x40, 0);
    t.clock.advanceTo(100 * 125);
    expect(t.edges).toEqual(['H@0', 'L@100', 'H@101', 'L@110', 'H@111', 'L@120', 'H@121']);
  });

  it('a new count in mode 3 takes effect at the end of the current half-cycle', () => {
    const t = setup();
    t.outb(0x43, 0x36);
    t.outb(0x40, 20);
    t.outb(0x40, 0); // high ticks 1-10, low 11-20; the next count is written in the high half
    t.clock.advanceTo(100 * 5);
    t.outb(0x40, 6);
    t.outb(0x40, 0); // loaded at tick 11, in its low half: low 3, then high 3 / low 3
    t.clock.advanceTo(100 * 30);
    expect(t.edges).toEqual(['H@0', 'L@11', 'H@14', 'L@17', 'H@20', 'L@23', 'H@26', 'L@29']);
    t.outb(0x40, 4);
    t.outb(0x40, 0); // written in a low half (29-31): loaded at 32 as a new period -> high 2, low 2
    t.clock.advanceTo(100 * 37);
    expect(t.edges.slice(8)).toEqual(['H@32', 'L@34', 'H@36']);
  });

  it('round-trips its state mid-count, including the next IRQ0 edge', () => {
    const a = setup();
    a.outb(0x43, 0x34);
    a.outb(0x40, 100);
    a.outb(0x40, 0);
    a.clock.advanceTo(100 * 150);
    a.outb(0x43, 0x00); // leave a latched count in the state
    const saved = viaJson({ clock: a.clock.getState(), pit: a.pit.getState() });
    const b = setup();
    b.clock.setState(saved.clock);
    b.pit.setState(saved.pit);
    expect(b.pit.getState()).toEqual(saved.pit);
    a.clock.advanceTo(100 * 420);
    b.clock.advanceTo(100 * 420);
    expect(b.edges.slice(-6)).toEqual(a.edges.slice(-6));
    expect(b.inb(0x40)).toBe(a.inb(0x40));
  });
});
