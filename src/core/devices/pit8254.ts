// Intel 8254 programmable interval timer (datasheet 231164) at 0x40-0x43, clocked at
// 1.193182 MHz of guest time. Channel 0's OUT drives IRQ0.
//
// Each channel is computed lazily from the guest clock: a loaded count N starts counting at
// PIT tick `start` (the first CLK after the write, as the datasheet says), and the counting
// element and OUT at any later tick follow from the mode's formula:
//   mode 0 (interrupt on terminal count): CE = N - k, OUT rises at k = N and stays high;
//   mode 2 (rate generator): period N, OUT low for the last clock of each period;
//   mode 3 (square wave): period N, OUT high for ceil(N/2) clocks, low for floor(N/2), CE by 2;
//   mode 4 (software strobe): like mode 0 but OUT pulses low for one clock at k = N;
//   modes 1 and 5 wait for a GATE edge, which never comes (GATE is tied high): OUT stays high.
// A count rewritten while mode 2/3 runs takes effect at the end of the current period (mode 2)
// or half-cycle (mode 3), as the datasheet says. Channel 0 arms a timer for its next OUT
// transition, so IRQ0 edges happen at exact guest times.
// Supported: counter latch, read-back (count and status), lo/hi/lo-hi access, BCD counting.
// Invariant: `start` < 0 means no count is counting (after a control word, or mid lo/hi write in mode 0).
import type { GuestClock, Timer } from '../machine/guest-clock';
import type { DeviceInfo, DeviceModel } from '../machine/device';
import type { IrqLine } from '../machine/irq';
import type { PortRangeSpec } from '../machine/port-bus';
import { fromBcd, toBcd } from './bcd';

export const PIT_HZ = 1_193_182;
export const PIT_BASE = 0x40;

const ACCESS_LATCH = 0;
const ACCESS_LO = 1;
const ACCESS_HI = 2;
const ACCESS_LOHI = 3;

export interface PitChannelState {
  mode: number;
  bcd: boolean;
  access: number;
  /** Count register as written (0 means the maximum: 65536, or 10000 in BCD). */
  count: number;
  start: number;
  /** CE value shown while not counting. */
  held: number;
  /** A count written while mode 2/3 runs: loaded at tick pendingAt, counting as if from pendingStart. */
  pendingCount: number;
  pendingAt: number;
  pendingStart: number;
  writeHigh: boolean;
  readHigh: boolean;
  writeLowByte: number;
  latched: number[];
  statusLatched: number;
  nullCount: boolean;
}

export interface PitState {
  channels: PitChannelState[];
  timerDeadline: number;
}

function initialChannel(): PitChannelState {
  return {
    mode: 0, bcd: false, access: ACCESS_LOHI, count: 0, start: -1, held: 0, pendingCount: -1, pendingAt: -1, pendingStart: -1,
    writeHigh: false, readHigh: false, writeLowByte: 0, latched: [], statusLatched: -1, nullCount: true,
  };
}



export class Pit8254 implements DeviceModel<PitState> {
  private channels: PitChannelState[] = [initialChannel(), initialChannel(), initialChannel()];
  private readonly timer: Timer;

  constructor(
    readonly info: DeviceInfo,
    private readonly clock: GuestClock,
    private readonly irq0: IrqLine,
  ) {
    this.timer = clock.createTimer(`${info.name}.out0`, () => this.updateOut0());
  }

  /** Current PIT tick (whole 1.193182 MHz periods since power-on). */
  tick(): number {
    return this.clock.ticks(PIT_HZ);
  }

  /** OUT of a channel now (channel 0's is the IRQ0 level). */
  out(channel: number): boolean {
    const ch = this.channels[channel];
    this.commitPending(ch, this.tick());
    return this.outAt(ch, this.tick() - ch.start);
  }

  /** The counting element now, as the guest would read it (in BCD if so programmed). */
  counter(channel: number): number {
    const ch = this.channels[channel];
    this.commitPending(ch, this.tick());
    return this.readValue(ch);
  }

  portRanges(): PortRangeSpec[] {
    const ranges: PortRangeSpec[] = [0, 1, 2].map((n) => ({
      name: `counter ${n}`, base: PIT_BASE + n, length: 1,
      read: () => this.readCounter(n),
      write: (_port: number, _size: number, value: number) => this.writeCounter(n, value),
    }));
    ranges.push({ name: 'control', base: PIT_BASE + 3, length: 1, read: () => 0xff, write: (_p, _s, value) => this.writeControl(value) });
    return ranges;
  }

  getState(): PitState {
    return { channels: this.channels.map((ch) => ({ ...ch, latched: [...ch.latched] })), timerDeadline: this.timer.deadline };
  }

  setState(state: PitState): void {
    this.channels = state.channels.map((ch) => ({ ...ch, latched: [...ch.latched] }));
    this.timer.restore(state.timerDeadline);
    this.irq0.set(this.out(0));
  }

  // --- port handlers -------------------------------------------------------------------

  private writeControl(value: number): void {
    const sc = value >> 6;
    if (sc === 3) {
      this.readBack(value);
      return;
    }
    const ch = this.channels[sc];
    const access = (value >> 4) & 3;
    this.commitPending(ch, this.tick());
    if (access === ACCESS_LATCH) {
      if (ch.latched.length === 0) this.latchCount(ch);
      return;
    }
    ch.held = this.ceAt(ch, this.tick() - ch.start);
    ch.mode = (value >> 1) & 7;
    if (ch.mode > 5) ch.mode -= 4; // 6 and 7 are aliases of 2 and 3
    ch.bcd = (value & 1) !== 0;
    ch.access = access;
    ch.start = -1;
    ch.pendingCount = -1;
    ch.pendingAt = -1;
    ch.pendingStart = -1;
    ch.writeHigh = false;
    ch.readHigh = false;
    ch.latched = [];
    ch.nullCount = true;
    if (sc === 0) this.updateOut0();
  }

  private readBack(value: number): void {
    const latchCount = (value & 0x20) === 0;
    const latchStatus = (value & 0x10) === 0;
    for (let n = 0; n < 3; n++) {
      if ((value & (2 << n)) === 0) continue;
      const ch = this.channels[n];
      this.commitPending(ch, this.tick());
      if (latchStatus && ch.statusLatched < 0) {
        const out = this.outAt(ch, this.tick() - ch.start) ? 0x80 : 0;
        ch.statusLatched = out | (ch.nullCount ? 0x40 : 0) | (ch.access << 4) | (ch.mode << 1) | (ch.bcd ? 1 : 0);
      }
      if (latchCount && ch.latched.length === 0) this.latchCount(ch);
    }
  }

  private latchCount(ch: PitChannelState): void {
    const value = this.readValue(ch);
    if (ch.access === ACCESS_LO) ch.latched = [value & 0xff];
    else if (ch.access === ACCESS_HI) ch.latched = [value >> 8];
    else ch.latched = [value & 0xff, value >> 8];
  }

  private readCounter(n: number): number {
    const ch = this.channels[n];
    this.commitPending(ch, this.tick());
    if (ch.statusLatched >= 0) {
      const status = ch.statusLatched;
      ch.statusLatched = -1;
      return status;
    }
    if (ch.latched.length > 0) return ch.latched.shift() ?? 0;
    const value = this.readValue(ch);
    switch (ch.access) {
      case ACCESS_LO: return value & 0xff;
      case ACCESS_HI: return value >> 8;
      default: {
        ch.readHigh = !ch.readHigh;
        return ch.readHigh ? value & 0xff : value >> 8;
      }
    }
  }

  private writeCounter(n: number, value: number): void {
    const ch = this.channels[n];
    const tick = this.tick();
    this.commitPending(ch, tick);
    let count: number;
    if (ch.access === ACCESS_LO) count = value;
    else if (ch.access === ACCESS_HI) count = value << 8;
    else if (!ch.writeHigh) {
      ch.writeHigh = true;
      ch.writeLowByte = value;
      if (ch.mode === 0) {
        // Mode 0: writing the first byte stops the count and drops OUT.
        ch.held = this.ceAt(ch, tick - ch.start);
        ch.start = -1;
        if (n === 0) this.updateOut0();
      }
      return;
    } else {
      ch.writeHigh = false;
      count = ch.writeLowByte | (value << 8);
    }
    this.loadCount(ch, count, tick);
    if (n === 0) this.updateOut0();
  }

  private loadCount(ch: PitChannelState, count: number, tick: number): void {
    const running = ch.start >= 0 && tick >= ch.start;
    if (running && (ch.mode === 2 || ch.mode === 3)) {
      // Mode 2: the new count is loaded at the end of the current period. Mode 3: at the end of
      // the current half-cycle; if that is the end of the high half, the new count starts in its
      // low half, so its start is placed that many clocks before the load.
      const p = this.period(ch);
      const k = tick - ch.start;
      const periodStart = ch.start + k - (k % p);
      ch.pendingCount = count;
      if (ch.mode === 3 && k % p < Math.ceil(p / 2)) {
        ch.pendingAt = periodStart + Math.ceil(p / 2);
        ch.pendingStart = ch.pendingAt - Math.ceil(this.period({ ...ch, count }) / 2);
      } else {
        ch.pendingAt = ch.pendingStart = periodStart + p;
      }
      ch.nullCount = true;
      return;
    }
    ch.count = count;
    ch.start = tick + 1;
    ch.nullCount = false;
  }

  // --- the counting formulas ------------------------------------------------------------

  private commitPending(ch: PitChannelState, tick: number): void {
    if (ch.pendingAt >= 0 && tick >= ch.pendingAt) {
      ch.count = ch.pendingCount;
      ch.start = ch.pendingStart;
      ch.pendingCount = -1;
      ch.pendingAt = -1;
      ch.pendingStart = -1;
      ch.nullCount = false;
    }
  }

  private modulus(ch: PitChannelState): number {
    return ch.bcd ? 10000 : 0x10000;
  }

  /** N as a number of clocks (a written 0 is the maximum count). */
  private clocks(ch: PitChannelState): number {
    const n = ch.bcd ? fromBcd(ch.count) : ch.count;
    return n === 0 ? this.modulus(ch) : n;
  }

  private period(ch: PitChannelState): number {
    return Math.max(2, this.clocks(ch));
  }

  private readValue(ch: PitChannelState): number {
    const ce = this.ceAt(ch, this.tick() - ch.start);
    return ch.bcd ? toBcd(ce) : ce;
  }

  /** The counting element, binary, `k` clocks after the count was loaded. */
  private ceAt(ch: PitChannelState, k: number): number {
    if (ch.start < 0 || k < 0) return ch.start < 0 ? ch.held : this.clocks(ch) % this.modulus(ch);
    const mod = this.modulus(ch);
    const n = this.clocks(ch);
    switch (ch.mode) {
      case 0:
      case 4:
        return (((n - k) % mod) + mod) % mod;
      case 2: {
        const p = this.period(ch);
        return (p - (k % p)) % mod;
      }
      case 3: {
        const p = this.period(ch);
        const high = Math.ceil(p / 2);
        const pos = k % p;
        const even = p - (p & 1);
        return (even - 2 * (pos < high ? pos : pos - high)) % mod;
      }
      default:
        return n % mod;
    }
  }

  private outAt(ch: PitChannelState, k: number): boolean {
    if (ch.start < 0) return ch.mode !== 0;
    if (k < 0) return ch.mode !== 0;
    switch (ch.mode) {
      case 0: return k >= this.clocks(ch);
      case 4: return k !== this.clocks(ch);
      case 2: { const p = this.period(ch); return k % p !== p - 1; }
      case 3: { const p = this.period(ch); return k % p < Math.ceil(p / 2); }
      default: return true;
    }
  }

  /** The first k' > k at which OUT changes, or -1 if it never will by itself. */
  private nextTransition(ch: PitChannelState, k: number): number {
    if (ch.start < 0) return -1;
    if (k < 0) return this.nextTransition(ch, 0); // not loaded yet: OUT holds its initial level until then
    const n = this.clocks(ch);
    switch (ch.mode) {
      case 0: return k < n ? n : -1;
      case 4: return k < n ? n : k === n ? n + 1 : -1;
      case 2: case 3: {
        const p = this.period(ch);
        const base = k - (k % p);
        const edges = ch.mode === 2 ? [p - 1, p] : [Math.ceil(p / 2), p];
        for (const e of edges) if (base + e > k) return base + e;
        return base + p + edges[0];
      }
      default: return -1;
    }
  }

  /** Sets IRQ0 to channel 0's OUT and arms the timer for its next change. */
  private updateOut0(): void {
    const ch = this.channels[0];
    const tick = this.tick();
    this.commitPending(ch, tick);
    this.irq0.set(this.outAt(ch, tick - ch.start));
    const next = this.nextTransition(ch, tick - ch.start);
    let at = next >= 0 ? ch.start + next : -1;
    if (ch.pendingAt >= 0 && (at < 0 || ch.pendingAt <= at)) at = ch.pendingAt;
    if (at < 0) this.timer.disarm();
    else this.timer.armAt(this.clock.cycleOfTick(at, PIT_HZ));
  }
}
