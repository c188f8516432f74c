// Motorola MC146818A real-time clock and CMOS NVRAM behind the index/data ports 0x70/0x71,
// IRQ8. Register 0-9 hold the time and date (BCD or binary per register B.DM, 12/24 h per
// B.24/12), A (UIP, divider, periodic rate), B (SET, PIE, AIE, UIE, SQWE, DM, 24/12, DSE),
// C (IRQF, PF, AF, UF: cleared by reading), D (VRT). 0x32 is the century (PC convention);
// the rest is NVRAM, with the PC's memory-size bytes filled from the config.
//
// Time is derived from the guest clock: wall time = `startTime` (config) + whole guest
// seconds + an offset the guest changes by writing the time registers. While B.SET is 1 the
// time registers hold what the guest wrote; clearing SET makes that the new time. UIP reads 1
// during the last 244 us of each guest second. PF (periodic, at the rate in A) and UF (update
// ended, every second) are computed lazily from the ticks that passed since register C was
// last read; when PIE/UIE enable them, a timer raises IRQ8 at the exact guest time, and the
// line stays high until C is read. AF is set when an update lands on a time of day matching the
// alarm registers 1/3/5 (a value 0xC0-0xFF matches anything), with AIE raising IRQ8 then.
// Not modelled: daylight saving, the square-wave output.
// Invariant: `cleared` is the guest cycle of the last register C read (flags count from there).
import type { GuestClock, Timer } from '../machine/guest-clock';
import type { DeviceInfo, DeviceModel } from '../machine/device';
import type { IrqLine } from '../machine/irq';
import type { PortRangeSpec } from '../machine/port-bus';
import { fromBcd, toBcd } from './bcd';

export const RTC_INDEX_PORT = 0x70;
const REG_A = 0x0a;
const REG_B = 0x0b;
const REG_C = 0x0c;
const REG_D = 0x0d;
const CENTURY = 0x32;
const B_SET = 0x80;
const B_PIE = 0x40;
const B_AIE = 0x20;
const B_UIE = 0x10;
const B_DM = 0x04;
const B_24H = 0x02;
/** UIP is set this long (in microseconds) before each update. */
const UIP_US = 244;

export interface CmosRtcOptions {
  /** Wall-clock time at power-on, seconds since 1970 UTC. */
  startTime?: number;
  /** Memory size to report in the NVRAM (KiB). */
  memoryKb?: number;
}

export interface CmosRtcState {
  index: number;
  nmiMasked: boolean;
  nvram: number[];
  offset: number;
  frozen: number;
  cleared: number;
  timerDeadline: number;
}

export class CmosRtc implements DeviceModel<CmosRtcState> {
  private s: CmosRtcState;
  private readonly startTime: number;
  private readonly timer: Timer;
  // Calendar fields of the last second converted (Date arithmetic is slow; guests poll).
  private cachedTime = NaN;
  private cachedFields: number[] = [];

  constructor(
    readonly info: DeviceInfo,
    private readonly clock: GuestClock,
    private readonly irq: IrqLine,
    options: CmosRtcOptions = {},
  ) {
    this.startTime = options.startTime ?? Date.UTC(2007, 7, 22, 12, 0, 0) / 1000;
    const nvram = new Array<number>(128).fill(0);
    nvram[REG_A] = 0x26; // 32.768 kHz divider, 1024 Hz periodic rate
    nvram[REG_B] = B_24H;
    nvram[REG_D] = 0x80;
    fillMemorySize(nvram, options.memoryKb ?? 640);
    this.s = { index: 0, nmiMasked: false, nvram, offset: 0, frozen: -1, cleared: 0, timerDeadline: -1 };
    this.timer = clock.createTimer(`${info.name}.irq8`, () => this.update());
  }

  /** Wall time as seen by the guest, seconds since 1970 UTC. */
  now(): number {
    return this.s.frozen >= 0 ? this.s.frozen : this.startTime + this.clock.ticks(1) + this.s.offset;
  }

  get nmiMasked(): boolean {
    return this.s.nmiMasked;
  }

  portRanges(): PortRangeSpec[] {
    return [
      {
        name: 'index', base: RTC_INDEX_PORT, length: 1,
        read: () => 0xff, // the index register is write-only
        write: (_p, _s, value) => {
          this.s.index = value & 0x7f;
          this.s.nmiMasked = (value & 0x80) !== 0;
        },
      },
      {
        name: 'data', base: RTC_INDEX_PORT + 1, length: 1,
        read: () => this.readRegister(this.s.index),
        write: (_p, _s, value) => this.writeRegister(this.s.index, value),
      },
    ];
  }

  getState(): CmosRtcState {
    return { ...this.s, nvram: [...this.s.nvram], timerDeadline: this.timer.deadline };
  }

  setState(state: CmosRtcState): void {
    this.s = { ...state, nvram: [...state.nvram] };
    this.timer.restore(state.timerDeadline);
    this.irq.set((this.flags() & 0x80) !== 0);
  }

  private readRegister(index: number): number {
    if (index <= 9 || index === CENTURY) return this.encode(this.timeField(index, this.now()), index);
    switch (index) {
      case REG_A: return (this.s.nvram[REG_A] & 0x7f) | (this.updateInProgress() ? 0x80 : 0);
      case REG_C: {
        const flags = this.flags();
        this.s.cleared = this.clock.now;
        this.update();
        return flags;
      }
      case REG_D: return 0x80;
      default: return this.s.nvram[index];
    }
  }

  private writeRegister(index: number, value: number): void {
    const s = this.s;
    if (isAlarm(index)) {
      s.nvram[index] = value; // kept as written; compared in the current data mode
      this.update();
      return;
    }
    if (index <= 9 || index === CENTURY) {
      const fields = this.fields(this.now());
      fields[index] = this.decode(value, index);
      const t = fromFields(fields);
      if (s.frozen >= 0) s.frozen = t;
      else s.offset = t - this.startTime - this.clock.ticks(1);
      return;
    }
    switch (index) {
      case REG_B: {
        const wasSet = (s.nvram[REG_B] & B_SET) !== 0;
        const set = (value & B_SET) !== 0;
        if (set && !wasSet) s.frozen = this.now();
        if (!set && wasSet) {
          s.offset = s.frozen - this.startTime - this.clock.ticks(1);
          s.frozen = -1;
        }
        s.nvram[REG_B] = set ? value & ~B_UIE : value; // setting SET clears UIE (datasheet)
        this.update();
        return;
      }
      case REG_A:
        s.nvram[REG_A] = value & 0x7f;
        this.update();
        return;
      case REG_C: case REG_D: return; // read-only
      default: s.nvram[index] = value;
    }
  }

  // --- time fields ------------------------------------------------------------------------

  /** Calendar fields of wall time `t`, indexed like the registers (a fresh copy). */
  private fields(t: number): number[] {
    if (t !== this.cachedTime) {
      this.cachedFields = calendar(t);
      this.cachedTime = t;
    }
    const f = [...this.cachedFields];
    // Alarm registers 1, 3, 5 are plain NVRAM.
    f[1] = this.s.nvram[1];
    f[3] = this.s.nvram[3];
    f[5] = this.s.nvram[5];
    return f;
  }

  private timeField(index: number, t: number): number {
    if (isAlarm(index)) return this.s.nvram[index];
    if (t !== this.cachedTime) this.fields(t);
    return this.cachedFields[index];
  }

  private encode(value: number, index: number): number {
    if (isAlarm(index)) return value; // alarms: stored as written
    const b = this.s.nvram[REG_B];
    let v = value;
    let pm = 0;
    if (index === 4 && (b & B_24H) === 0) {
      pm = v >= 12 ? 0x80 : 0;
      v = v % 12 || 12;
    }
    return ((b & B_DM) !== 0 ? v : toBcd(v)) | pm;
  }

  /** A time register value as written in the current data mode, in binary (hours 0-23). */
  private decode(value: number, index: number): number {
    const b = this.s.nvram[REG_B];
    if (index === 4 && (b & B_24H) === 0) {
      const pm = (value & 0x80) !== 0;
      const h = (b & B_DM) !== 0 ? value & 0x7f : fromBcd(value & 0x7f);
      return (h % 12) + (pm ? 12 : 0);
    }
    return (b & B_DM) !== 0 ? value : fromBcd(value);
  }

  /** The first wall time after `t` whose time of day matches the alarm, or Infinity. */
  private nextAlarm(t: number): number {
    const choices = (index: number, limit: number): number[] => {
      const raw = this.s.nvram[index];
      if ((raw & 0xc0) === 0xc0) return Array.from({ length: limit }, (_, i) => i); // don't care
      const v = this.decode(raw, index - 1);
      return v < limit ? [v] : [];
    };
    const hours = choices(5, 24);
    const minutes = choices(3, 60);
    const seconds = choices(1, 60);
    if (hours.length === 0 || minutes.length === 0 || seconds.length === 0) return Infinity;
    const tod = ((t % 86400) + 86400) % 86400;
    const day = t - tod;
    const [hNow, mNow] = [Math.floor(tod / 3600), Math.floor(tod / 60) % 60];
    for (const h of hours) {
      if (h < hNow) continue;
      for (const m of minutes) {
        if (h === hNow && m < mNow) continue;
        for (const sec of seconds) {
          const candidate = h * 3600 + m * 60 + sec;
          if (candidate > tod) return day + candidate;
        }
      }
    }
    return day + 86400 + hours[0] * 3600 + minutes[0] * 60 + seconds[0];
  }

  /** Guest wall time at a past cycle (with the current offset). */
  private wallAt(cycle: number): number {
    return this.startTime + this.clock.ticks(1, cycle) + this.s.offset;
  }

  // --- flags and IRQ8 ------------------------------------------------------------------

  private periodicHz(): number {
    const rate = this.s.nvram[REG_A] & 0x0f;
    if (rate === 0 || (this.s.nvram[REG_A] & 0x70) !== 0x20) return 0;
    return rate <= 2 ? 32768 >> (rate + 6) : 32768 >> (rate - 1);
  }

  private updatesRunning(): boolean {
    return (this.s.nvram[REG_B] & B_SET) === 0 && (this.s.nvram[REG_A] & 0x70) === 0x20;
  }

  private updateInProgress(): boolean {
    if (!this.updatesRunning()) return false;
    const us = this.clock.ticks(1_000_000) % 1_000_000;
    return us >= 1_000_000 - UIP_US;
  }

  /** Register C as it would read now. */
  private flags(): number {
    const s = this.s;
    const b = s.nvram[REG_B];
    let c = 0;
    const hz = this.periodicHz();
    if (hz > 0 && this.clock.ticks(hz) > this.clock.ticks(hz, s.cleared)) c |= 0x40;
    if (this.updatesRunning() && this.clock.ticks(1) > this.clock.ticks(1, s.cleared)) {
      c |= 0x10;
      if (this.nextAlarm(this.wallAt(s.cleared)) <= this.now()) c |= 0x20;
    }
    if ((c & 0x40 && b & B_PIE) || (c & 0x20 && b & B_AIE) || (c & 0x10 && b & B_UIE)) c |= 0x80;
    return c;
  }

  private update(): void {
    const high = (this.flags() & 0x80) !== 0;
    this.irq.set(high);
    const b = this.s.nvram[REG_B];
    let next = Infinity;
    if (!high) {
      const hz = this.periodicHz();
      if (b & B_PIE && hz > 0) next = this.clock.cycleOfTick(this.clock.ticks(hz) + 1, hz);
      if (b & B_UIE && this.updatesRunning()) next = Math.min(next, this.clock.cycleOfTick(this.clock.ticks(1) + 1, 1));
      if (b & B_AIE && this.updatesRunning()) {
        const at = this.nextAlarm(this.now());
        if (at !== Infinity) next = Math.min(next, this.clock.cycleOfTick(at - this.startTime - this.s.offset, 1));
      }
    }
    if (next === Infinity) this.timer.disarm();
    else this.timer.armAt(next);
  }
}

function isAlarm(index: number): boolean {
  return index === 1 || index === 3 || index === 5;
}

function calendar(t: number): number[] {
  const d = new Date(t * 1000);
  const f = new Array<number>(CENTURY + 1).fill(0);
  f[0] = d.getUTCSeconds();
  f[2] = d.getUTCMinutes();
  f[4] = d.getUTCHours();
  f[6] = d.getUTCDay() + 1;
  f[7] = d.getUTCDate();
  f[8] = d.getUTCMonth() + 1;
  f[9] = d.getUTCFullYear() % 100;
  f[CENTURY] = Math.floor(d.getUTCFullYear() / 100);
  return f;
}



function fromFields(f: number[]): number {
  const year = f[CENTURY] * 100 + f[9];
  return Date.UTC(year, f[8] - 1, f[7], f[4], f[2], f[0]) / 1000;
}

/** PC CMOS memory-size bytes: base memory at 0x15, extended (above 1 MiB) at 0x17 and 0x30. */
function fillMemorySize(nvram: number[], kb: number): void {
  const base = Math.min(kb, 640);
  const ext = Math.min(Math.max(kb - 1024, 0), 0xffff);
  nvram[0x15] = base & 0xff;
  nvram[0x16] = base >> 8;
  nvram[0x17] = nvram[0x30] = ext & 0xff;
  nvram[0x18] = nvram[0x31] = ext >> 8;
  nvram[0x14] = 0x06; // equipment: FPU, VGA/EGA
}
