// The PC/AT interrupt controller pair: a master 8259A at 0x20/0x21 with a slave at 0xA0/0xA1
// on its IR2, plus the PIIX edge/level control registers (ELCR) at 0x4D0/0x4D1. Device IRQ
// lines (0-15) end here through IrqSink; the CPU sees the master's INT and runs the INTA
// cycle through InterruptSource, and a listener hears every change of INT.
// Invariants: after every change to the slave, the master's IR2 input equals the slave's INT;
// after every operation `intr` equals the master's INT (the listener heard each change).
import type { DeviceInfo, DeviceModel } from '../machine/device';
import type { InterruptSource, IrqSink } from '../machine/irq';
import type { PortRangeSpec } from '../machine/port-bus';
import { Pic8259, type Pic8259State } from './pic8259';

export const PIC_MASTER_BASE = 0x20;
export const PIC_SLAVE_BASE = 0xa0;
export const ELCR_BASE = 0x4d0;
/** IRQ 0, 1, 2 (master) and 8, 13 (slave) are always edge-triggered on PIIX. */
const ELCR_MASTER_MASK = 0xf8;
const ELCR_SLAVE_MASK = 0xde;
const CASCADE_IRQ = 2;

export interface PicPairState {
  master: Pic8259State;
  slave: Pic8259State;
}

export class PicPair implements DeviceModel<PicPairState>, IrqSink, InterruptSource {
  readonly master = new Pic8259(true, ELCR_MASTER_MASK);
  readonly slave = new Pic8259(false, ELCR_SLAVE_MASK);
  private intr = false;
  private intrListener: ((asserted: boolean) => void) | null = null;

  constructor(readonly info: DeviceInfo) {}

  setIrqLevel(irq: number, high: boolean): void {
    if (irq < 8) {
      this.master.setInput(irq, high);
      this.changed();
    } else {
      this.slave.setInput(irq - 8, high);
      this.cascade();
    }
  }

  hasInterrupt(): boolean {
    return this.master.output();
  }

  acknowledge(): number {
    const irq = this.master.acknowledge();
    if (!this.master.isCascade(irq)) {
      this.changed();
      return (this.master.vectorBase + irq) & 0xff;
    }
    const slaveIrq = this.slave.acknowledge();
    this.cascade();
    return (this.slave.vectorBase + slaveIrq) & 0xff;
  }

  onIntrChange(listener: ((asserted: boolean) => void) | null): void {
    this.intrListener = listener;
  }

  /** Sets ELCR from a 16-bit mask (bit n = IRQ n level-triggered), as firmware would. */
  setElcr(mask: number): void {
    this.master.setElcr(mask & 0xff);
    this.slave.setElcr(mask >> 8);
    this.cascade();
  }

  portRanges(): PortRangeSpec[] {
    return [
      {
        name: 'master', base: PIC_MASTER_BASE, length: 2,
        read: (port) => {
          const value = this.master.read(port & 1);
          this.changed(); // a poll read acknowledges
          return value;
        },
        write: (port, _size, value) => {
          this.master.write(port & 1, value);
          this.changed();
        },
      },
      {
        name: 'slave', base: PIC_SLAVE_BASE, length: 2,
        read: (port) => {
          const value = this.slave.read(port & 1);
          this.cascade(); // a poll read acknowledges
          return value;
        },
        write: (port, _size, value) => {
          this.slave.write(port & 1, value);
          this.cascade();
        },
      },
      {
        name: 'elcr', base: ELCR_BASE, length: 2,
        read: (port) => (port === ELCR_BASE ? this.master.elcr : this.slave.elcr),
        write: (port, _size, value) => {
          if (port === ELCR_BASE) this.master.setElcr(value);
          else this.slave.setElcr(value);
          this.cascade();
        },
      },
    ];
  }

  getState(): PicPairState {
    return { master: this.master.getState(), slave: this.slave.getState() };
  }

  setState(state: PicPairState): void {
    this.master.setState(state.master);
    this.slave.setState(state.slave);
    this.changed();
  }

  /** Propagates the slave's INT to the master's IR2, then reports INTR. */
  private cascade(): void {
    this.master.setInput(CASCADE_IRQ, this.slave.output());
    this.changed();
  }

  private changed(): void {
    const intr = this.master.output();
    if (intr === this.intr) return;
    this.intr = intr;
    this.intrListener?.(intr);
  }
}
