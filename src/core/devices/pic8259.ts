// One Intel 8259A programmable interrupt controller (datasheet 231468): the initialization
// sequence ICW1-ICW4, the operation commands OCW1 (mask), OCW2 (EOI, rotation, priority) and
// OCW3 (register read select, poll, special mask mode), and the acknowledge cycle. The pair in
// pic-pair.ts wires two of these together and onto the port bus.
//
// Registers are 8-bit masks: bit n is input IRn. Priority is rotating: `lowest` is the input
// with the lowest priority, so (lowest + 1) & 7 has the highest.
// Edge inputs latch IRR on a rising edge, and the request stays latched until acknowledged even
// if the input falls first (as QEMU does; a real 8259A may drop it and answer IR7 spurious);
// level inputs (ELCR bit, ICW1.LTIM, or the cascade input on a master) make IRR follow the
// input while it is high.
// Invariants: all masks are 0-255; `initStep` 0 means "operating" (OCWs accepted).

export interface Pic8259State {
  irr: number;
  isr: number;
  imr: number;
  levels: number;
  elcr: number;
  levelAll: boolean;
  vectorBase: number;
  initStep: number;
  needIcw4: boolean;
  single: boolean;
  icw3: number;
  autoEoi: boolean;
  rotateOnAutoEoi: boolean;
  specialFullyNested: boolean;
  lowest: number;
  readIsr: boolean;
  pollPending: boolean;
  specialMask: boolean;
}

/** No interrupt pending for a given in-service mask. */
const NONE = 8;

export class Pic8259 {
  private s: Pic8259State;

  /**
   * @param isMaster inputs named in ICW3 of a master are cascade inputs (level-sensitive).
   * @param elcrMask which ELCR bits are writable for this chip.
   */
  constructor(
    readonly isMaster: boolean,
    readonly elcrMask: number,
  ) {
    this.s = Pic8259.initialState();
  }

  static initialState(): Pic8259State {
    return {
      irr: 0, isr: 0, imr: 0, levels: 0, elcr: 0, levelAll: false, vectorBase: 0,
      initStep: 0, needIcw4: false, single: false, icw3: 0, autoEoi: false, rotateOnAutoEoi: false,
      specialFullyNested: false, lowest: 7, readIsr: false, pollPending: false, specialMask: false,
    };
  }

  get vectorBase(): number {
    return this.s.vectorBase;
  }

  get irr(): number {
    return this.s.irr;
  }

  get isr(): number {
    return this.s.isr;
  }

  get imr(): number {
    return this.s.imr;
  }

  get elcr(): number {
    return this.s.elcr;
  }

  /** True when input `irq` is the cascade input that a slave drives. */
  isCascade(irq: number): boolean {
    return this.isMaster && !this.s.single && ((this.s.icw3 >> irq) & 1) === 1;
  }

  setInput(irq: number, high: boolean): void {
    const bit = 1 << irq;
    const s = this.s;
    const wasHigh = (s.levels & bit) !== 0;
    if (high) s.levels |= bit;
    else s.levels &= ~bit;
    if (this.levelMask() & bit) {
      if (high) s.irr |= bit;
      else s.irr &= ~bit;
    } else if (high && !wasHigh) {
      s.irr |= bit;
    }
  }

  setElcr(value: number): void {
    this.s.elcr = value & this.elcrMask;
    this.resyncLevelInputs();
  }

  /** The INT output. */
  output(): boolean {
    const s = this.s;
    if ((s.irr & ~s.imr) === 0) return false;
    return this.pendingIrq() !== NONE;
  }

  /** The INTA cycle: the input to service, or 7 for a spurious interrupt. */
  acknowledge(): number {
    const s = this.s;
    const irq = this.pendingIrq();
    if (irq === NONE) return 7; // spurious: ISR untouched
    const bit = 1 << irq;
    if ((this.levelMask() & bit) === 0) s.irr &= ~bit;
    if (s.autoEoi) {
      if (s.rotateOnAutoEoi) s.lowest = irq;
    } else {
      s.isr |= bit;
    }
    return irq;
  }

  /** Port read; `a0` is the low address bit (0: command port, 1: data port). */
  read(a0: number): number {
    const s = this.s;
    if (s.pollPending) {
      s.pollPending = false;
      if (!this.output()) return 0;
      return 0x80 | this.acknowledge();
    }
    if (a0 === 1) return s.imr;
    return s.readIsr ? s.isr : s.irr;
  }

  write(a0: number, value: number): void {
    const s = this.s;
    if (a0 === 0) {
      if (value & 0x10) this.icw1(value);
      else if (value & 0x08) this.ocw3(value);
      else this.ocw2(value);
      return;
    }
    switch (s.initStep) {
      case 2: // ICW2: vector base (8086 mode uses bits 7:3)
        s.vectorBase = value & 0xf8;
        s.initStep = s.single ? (s.needIcw4 ? 4 : 0) : 3;
        break;
      case 3: // ICW3: cascade inputs (master) or slave id
        s.icw3 = value;
        s.initStep = s.needIcw4 ? 4 : 0;
        this.resyncLevelInputs();
        break;
      case 4: // ICW4: AEOI (bit 1), SFNM (bit 4); uPM (bit 0) is assumed
        s.autoEoi = (value & 0x02) !== 0;
        s.specialFullyNested = (value & 0x10) !== 0;
        s.initStep = 0;
        break;
      default: // OCW1
        s.imr = value;
    }
  }

  getState(): Pic8259State {
    return { ...this.s };
  }

  setState(state: Pic8259State): void {
    this.s = { ...state };
  }

  private icw1(value: number): void {
    const s = this.s;
    s.levelAll = (value & 0x08) !== 0;
    s.single = (value & 0x02) !== 0;
    s.needIcw4 = (value & 0x01) !== 0;
    if (!s.needIcw4) {
      s.autoEoi = false;
      s.specialFullyNested = false;
    }
    s.initStep = 2;
    s.imr = 0;
    s.isr = 0;
    s.lowest = 7;
    s.readIsr = false;
    s.pollPending = false;
    s.specialMask = false;
    s.rotateOnAutoEoi = false;
    // The edge sense circuit is reset: an edge input needs a fresh low-to-high transition.
    s.irr = 0;
    this.resyncLevelInputs();
  }

  private ocw2(value: number): void {
    const s = this.s;
    const level = value & 7;
    switch (value >> 5) {
      case 0: s.rotateOnAutoEoi = false; break;
      case 4: s.rotateOnAutoEoi = true; break;
      case 1: this.clearHighestInService(false); break; // non-specific EOI
      case 5: this.clearHighestInService(true); break; // rotate on non-specific EOI
      case 3: s.isr &= ~(1 << level); break; // specific EOI
      case 7: s.isr &= ~(1 << level); s.lowest = level; break; // rotate on specific EOI
      case 6: s.lowest = level; break; // set priority
      default: break; // 2: no operation
    }
  }

  private ocw3(value: number): void {
    const s = this.s;
    if (value & 0x02) s.readIsr = (value & 0x01) !== 0;
    if (value & 0x04) s.pollPending = true;
    if (value & 0x40) s.specialMask = (value & 0x20) !== 0;
  }

  private clearHighestInService(rotate: boolean): void {
    const s = this.s;
    const irq = this.highest(s.isr);
    if (irq === NONE) return;
    s.isr &= ~(1 << irq);
    if (rotate) s.lowest = irq;
  }

  /** The input the chip would interrupt for now, or NONE. */
  private pendingIrq(): number {
    const s = this.s;
    const irq = this.highest(s.irr & ~s.imr);
    if (irq === NONE) return NONE;
    let inService = s.isr;
    if (s.specialMask) inService &= ~s.imr;
    // Special fully nested mode: a master lets a slave with a higher-priority request through.
    if (this.isMaster && s.specialFullyNested && !s.single) inService &= ~s.icw3;
    const busy = this.highest(inService);
    return busy === NONE || this.priority(irq) < this.priority(busy) ? irq : NONE;
  }

  /** 0 = highest priority. */
  private priority(irq: number): number {
    return (irq - this.s.lowest - 1) & 7;
  }

  private highest(mask: number): number {
    if (mask === 0) return NONE;
    for (let p = 0; p < 8; p++) {
      const irq = (this.s.lowest + 1 + p) & 7;
      if (mask & (1 << irq)) return irq;
    }
    return NONE;
  }

  private levelMask(): number {
    const s = this.s;
    const cascade = this.isMaster && !s.single ? s.icw3 : 0;
    return (s.levelAll ? 0xff : s.elcr) | cascade;
  }

  private resyncLevelInputs(): void {
    const s = this.s;
    const level = this.levelMask();
    s.irr = (s.irr & ~level) | (s.levels & level);
  }
}
