// The guest clock: the one source of time for every device. It counts CPU cycles; the CPU
// frequency (an integer in Hz, from the platform config) turns cycles into seconds. The
// machine advances it as the CPU retires instructions; devices either compute their state
// lazily from `now` when the guest touches them, or arm a `Timer` for the moment something
// must happen without being asked (an interrupt, a frame arriving).
//
// Timers are few (one or two per device), so the clock keeps them in an array and finds the
// earliest by scanning. Ties fire in the order the timers were created, so a run is fully
// deterministic. While a timer's callback runs, `now` equals its deadline.
// Invariants: `now` is a safe integer and never decreases; an armed timer's deadline is >= now.
import { mulDivCeil, mulDivFloor } from './rate';

export const NS_PER_S = 1_000_000_000;

export class Timer {
  /** Cycle at which the callback fires, or -1 when disarmed. */
  deadline = -1;

  constructor(
    private readonly clock: GuestClock,
    readonly name: string,
    readonly fire: () => void,
  ) {}

  /** Arms (or re-arms) the timer for an absolute cycle; a past cycle fires at the next advance. */
  armAt(cycle: number): void {
    this.deadline = Math.max(Math.ceil(cycle), this.clock.now);
    this.clock.timersChanged();
  }

  /** Arms the timer `cycles` from now. */
  armIn(cycles: number): void {
    this.armAt(this.clock.now + cycles);
  }

  /** Re-arms from a saved deadline (-1: stay disarmed); used by devices' setState. */
  restore(deadline: number): void {
    if (deadline >= 0) this.armAt(deadline);
    else this.disarm();
  }

  disarm(): void {
    if (this.deadline < 0) return;
    this.deadline = -1;
    this.clock.timersChanged();
  }

  get armed(): boolean {
    return this.deadline >= 0;
  }
}

export interface GuestClockState {
  cycles: number;
}

export class GuestClock {
  private cycles = 0;
  private readonly timers: Timer[] = [];
  private next = Infinity;

  constructor(readonly hz: number) {
    if (!Number.isSafeInteger(hz) || hz <= 0) throw new RangeError(`GuestClock: hz must be a positive integer (got ${hz})`);
  }

  /** Cycles since power-on. */
  get now(): number {
    return this.cycles;
  }

  /** Cycle of the earliest armed timer, or Infinity: the machine may run the CPU up to it. */
  get nextDeadline(): number {
    return this.next;
  }

  createTimer(name: string, fire: () => void): Timer {
    const timer = new Timer(this, name, fire);
    this.timers.push(timer);
    return timer;
  }

  /** Moves time forward by `cycles`, firing every timer that falls due, in order. */
  advance(cycles: number): void {
    this.advanceTo(this.cycles + cycles);
  }

  advanceTo(cycle: number): void {
    if (!Number.isSafeInteger(cycle)) throw new RangeError(`GuestClock: cycle counts are whole numbers (got ${cycle})`);
    if (cycle < this.cycles) throw new RangeError(`GuestClock: cannot go back from ${this.cycles} to ${cycle}`);
    while (this.next <= cycle) {
      const timer = this.earliest();
      this.cycles = timer.deadline;
      timer.deadline = -1;
      this.timersChanged();
      timer.fire();
    }
    this.cycles = cycle;
  }

  /** Guest nanoseconds since power-on (rounded down). */
  nanos(cycles: number = this.cycles): number {
    return mulDivFloor(cycles, NS_PER_S, this.hz);
  }

  /** The first cycle at or after `ns` guest nanoseconds. */
  cyclesAtNanos(ns: number): number {
    return mulDivCeil(ns, this.hz, NS_PER_S);
  }

  /** Whole ticks of a clock running at `rateHz` since power-on. */
  ticks(rateHz: number, cycles: number = this.cycles): number {
    return mulDivFloor(cycles, rateHz, this.hz);
  }

  /** The first cycle at which a clock running at `rateHz` has counted `tick` ticks. */
  cycleOfTick(tick: number, rateHz: number): number {
    return mulDivCeil(tick, this.hz, rateHz);
  }

  getState(): GuestClockState {
    return { cycles: this.cycles };
  }

  /** Restores the cycle count; devices re-arm their own timers in their setState. */
  setState(state: GuestClockState): void {
    this.cycles = state.cycles;
    for (const timer of this.timers) timer.deadline = -1;
    this.timersChanged();
  }

  /** @internal called by Timer when a deadline changes. */
  timersChanged(): void {
    let next = Infinity;
    for (const timer of this.timers) if (timer.deadline >= 0 && timer.deadline < next) next = timer.deadline;
    this.next = next;
  }

  private earliest(): Timer {
    let best = this.timers[0];
    for (const timer of this.timers) {
      if (timer.deadline >= 0 && (best.deadline < 0 || timer.deadline < best.deadline)) best = timer;
    }
    return best;
  }
}
