// Interrupt wiring. A device drives an `IrqLine` (a level, like the ISA wire); the line tells
// its sink (the 8259A pair) about every change; the PIC pair decides what reaches the CPU and
// exposes `InterruptSource`, the interface the CPU/machine polls between instructions.
// Invariant: `IrqSink.setIrqLevel` is called only when a line's level actually changes.

export interface IrqSink {
  setIrqLevel(irq: number, high: boolean): void;
}

/** What the CPU (or the machine loop) calls: INTR pin and the INTA cycle. */
export interface InterruptSource {
  /** True while the PIC asserts INTR (the CPU still applies EFLAGS.IF itself). */
  hasInterrupt(): boolean;
  /** The interrupt-acknowledge cycle: returns the vector (0-255) and updates ISR/IRR. */
  acknowledge(): number;
  /**
   * Registers the one listener told whenever INTR changes (called with the new level), so the
   * machine can keep the CPU's pending-interrupt flag current instead of polling.
   */
  onIntrChange(listener: ((asserted: boolean) => void) | null): void;
}

export class IrqLine {
  private level = false;

  constructor(private readonly sink: IrqSink, readonly irq: number) {}

  get high(): boolean {
    return this.level;
  }

  set(high: boolean): void {
    if (high === this.level) return;
    this.level = high;
    this.sink.setIrqLevel(this.irq, high);
  }

  raise(): void {
    this.set(true);
  }

  lower(): void {
    this.set(false);
  }

  /** A low-high edge (for devices whose output pulses, like the PIT in mode 2). */
  pulse(): void {
    this.set(false);
    this.set(true);
  }
}

