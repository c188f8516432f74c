// National Semiconductor PC16550D UART (datasheet, June 1995) at 0x3F8, IRQ4 on a PC.
// Registers (DLAB = LCR bit 7): 0 RBR/THR (DLL), 1 IER (DLM), 2 IIR/FCR, 3 LCR, 4 MCR,
// 5 LSR, 6 MSR, 7 SCR.
//
// Time: a character occupies the line for (start + data + parity + stop) bits at the baud
// rate 1.8432 MHz / (16 * divisor), measured in guest cycles. The transmitter is a holding
// FIFO (1 byte in 16450 mode, 16 with FCR.0) feeding a shift register: a byte moves into the
// shift register as soon as it is free (so THRE comes back at once on an idle line) and leaves
// it one character time later, when it is appended to `output` (or, in loopback, received).
// TEMT is set when both are empty. Received bytes (from `receive`) arrive one character
// time apart (and are lost in loopback, where the serial input is disconnected). All of this
// is computed lazily by `sync()` from the guest clock; a timer is armed for the next moment
// the line changes on its own (a character sent or arrived, a receive timeout), so
// interrupts are raised at exact guest times.
// Interrupts in priority order: line status (overrun), received data (trigger level reached)
// or character timeout (FIFO mode, 4 character times of silence), THR empty, modem status.
// The IRQ pin is gated by MCR.OUT2, as on the PC.
// Invariants: rxFifo.length <= capacity; txFifo.length <= capacity; tsrByte < 0 iff the
// shift register is empty, and then txFifo is empty too.
import type { GuestClock, Timer } from '../machine/guest-clock';
import type { DeviceInfo, DeviceModel } from '../machine/device';
import type { IrqLine } from '../machine/irq';
import type { PortRangeSpec } from '../machine/port-bus';
import { mulDivCeil } from '../machine/rate';

export const UART_CLOCK_HZ = 1_843_200;
const FIFO_SIZE = 16;
const TRIGGER_LEVELS = [1, 4, 8, 14];

const IER_RDA = 0x01;
const IER_THRE = 0x02;
const IER_RLS = 0x04;
const IER_MS = 0x08;
const LCR_DLAB = 0x80;
const MCR_OUT2 = 0x08;
const MCR_LOOP = 0x10;
const LSR_DR = 0x01;
const LSR_OE = 0x02;
const LSR_THRE = 0x20;
const LSR_TEMT = 0x40;

export interface UartOptions {
  /** Modem-status inputs when not in loopback (bits 7:4 of MSR: DCD, RI, DSR, CTS). */
  modemInputs?: number;
}

export interface UartState {
  dll: number;
  dlm: number;
  ier: number;
  lcr: number;
  mcr: number;
  scr: number;
  fcr: number;
  lsrErrors: number;
  msr: number;
  /** The last byte read from RBR (what an empty RBR reads as). */
  rbr: number;
  thriPending: boolean;
  rxFifo: number[];
  txFifo: number[];
  tsrByte: number;
  tsrDoneAt: number;
  rxQueue: number[];
  rxNextAt: number;
  lastRxActivity: number;
  output: string;
  timerDeadline: number;
}

export class Uart16550 implements DeviceModel<UartState> {
  private s: UartState;
  private readonly timer: Timer;
  private readonly modemInputs: number;

  constructor(
    readonly info: DeviceInfo,
    readonly base: number,
    private readonly clock: GuestClock,
    private readonly irq: IrqLine,
    options: UartOptions = {},
  ) {
    this.modemInputs = (options.modemInputs ?? 0xb0) & 0xf0;
    this.s = {
      dll: 1, dlm: 0, ier: 0, lcr: 0x03, mcr: 0, scr: 0, fcr: 0, lsrErrors: 0, msr: this.modemInputs, rbr: 0,
      thriPending: false, rxFifo: [], txFifo: [], tsrByte: -1, tsrDoneAt: 0, rxQueue: [], rxNextAt: 0,
      lastRxActivity: 0, output: '', timerDeadline: -1,
    };
    this.timer = clock.createTimer(`${info.name}.line`, () => this.update());
  }

  /** Everything transmitted so far (bytes as Latin-1 characters). */
  get output(): string {
    this.sync();
    return this.s.output;
  }

  /** Guest cycles one character occupies the line with the current LCR and divisor. */
  charCycles(): number {
    const s = this.s;
    const dataBits = 5 + (s.lcr & 3);
    const parity = (s.lcr & 0x08) !== 0 ? 1 : 0;
    const stopClocks = (s.lcr & 0x04) === 0 ? 16 : dataBits === 5 ? 24 : 32;
    const clocks16 = 16 * (1 + dataBits + parity) + stopClocks;
    const divisor = (s.dlm << 8) | s.dll || 0x10000;
    return mulDivCeil(clocks16 * divisor, this.clock.hz, UART_CLOCK_HZ);
  }

  /** Bytes from the outside world: they arrive on the line one character time apart. */
  receive(data: string | Uint8Array): void {
    this.sync();
    const bytes = typeof data === 'string' ? Array.from(data, (c) => c.charCodeAt(0) & 0xff) : Array.from(data);
    if (bytes.length === 0) return;
    if (this.s.rxQueue.length === 0) this.s.rxNextAt = this.clock.now + this.charCycles();
    for (const byte of bytes) this.s.rxQueue.push(byte);
    this.update();
  }

  portRanges(): PortRangeSpec[] {
    return [{
      name: 'registers', base: this.base, length: 8,
      read: (port) => this.readRegister(port - this.base),
      write: (port, _size, value) => this.writeRegister(port - this.base, value),
    }];
  }

  getState(): UartState {
    this.sync();
    const s = this.s;
    return { ...s, rxFifo: [...s.rxFifo], txFifo: [...s.txFifo], rxQueue: [...s.rxQueue], timerDeadline: this.timer.deadline };
  }

  setState(state: UartState): void {
    this.s = { ...state, rxFifo: [...state.rxFifo], txFifo: [...state.txFifo], rxQueue: [...state.rxQueue] };
    this.timer.restore(state.timerDeadline);
    this.irq.set(this.irqAsserted());
  }

  // --- registers -----------------------------------------------------------------------

  private readRegister(offset: number): number {
    this.sync();
    const s = this.s;
    let value: number;
    switch (offset) {
      case 0:
        if (s.lcr & LCR_DLAB) value = s.dll;
        else if (s.rxFifo.length > 0) {
          value = s.rbr = s.rxFifo.shift() ?? 0;
          s.lastRxActivity = this.clock.now; // a read restarts the character timeout
        } else value = s.rbr; // nothing new: RBR still holds the last byte
        break;
      case 1: value = s.lcr & LCR_DLAB ? s.dlm : s.ier; break;
      case 2:
        value = this.iir();
        if ((value & 0x0f) === 0x02) s.thriPending = false; // reading IIR clears a THRE interrupt
        break;
      case 3: value = s.lcr; break;
      case 4: value = s.mcr; break;
      case 5:
        value = this.lsr();
        s.lsrErrors = 0;
        break;
      case 6:
        value = s.msr;
        s.msr &= 0xf0;
        break;
      default: value = s.scr;
    }
    this.update();
    return value;
  }

  private writeRegister(offset: number, value: number): void {
    this.sync();
    const s = this.s;
    switch (offset) {
      case 0:
        if (s.lcr & LCR_DLAB) s.dll = value;
        else this.transmit(value);
        break;
      case 1:
        if (s.lcr & LCR_DLAB) s.dlm = value;
        else {
          // Enabling the THRE interrupt while THR is empty raises it at once.
          if ((value & IER_THRE) !== 0 && (s.ier & IER_THRE) === 0 && s.txFifo.length === 0) s.thriPending = true;
          s.ier = value & 0x0f;
        }
        break;
      case 2: this.writeFcr(value); break;
      case 3: s.lcr = value; break;
      case 4: this.writeMcr(value & 0x1f); break;
      case 5: case 6: break; // LSR and MSR are read-only (factory test writes ignored)
      default: s.scr = value;
    }
    this.update();
  }

  private transmit(byte: number): void {
    const s = this.s;
    s.thriPending = false;
    if (s.txFifo.length >= this.capacity()) return; // overwrite of a full THR/FIFO: the byte is lost
    s.txFifo.push(byte);
    if (s.tsrByte < 0) this.startShift(this.clock.now);
  }

  private writeFcr(value: number): void {
    const s = this.s;
    const hadTx = s.txFifo.length > 0;
    const enable = (value & 0x01) !== 0;
    if (enable !== ((s.fcr & 0x01) !== 0)) {
      s.rxFifo = [];
      s.txFifo = [];
    }
    if (value & 0x02) s.rxFifo = [];
    if (value & 0x04) s.txFifo = [];
    s.fcr = enable ? value & 0xc9 : 0;
    if (hadTx && s.txFifo.length === 0) s.thriPending = true; // clearing the FIFO empties THR
  }

  private writeMcr(value: number): void {
    const s = this.s;
    s.mcr = value;
    const inputs = this.msrInputs();
    const old = s.msr;
    let delta = 0;
    if ((inputs ^ old) & 0x10) delta |= 0x01; // DCTS
    if ((inputs ^ old) & 0x20) delta |= 0x02; // DDSR
    if (old & 0x40 && !(inputs & 0x40)) delta |= 0x04; // TERI: RI trailing edge
    if ((inputs ^ old) & 0x80) delta |= 0x08; // DDCD
    s.msr = inputs | (old & 0x0f) | delta;
  }

  private msrInputs(): number {
    const mcr = this.s.mcr;
    if ((mcr & MCR_LOOP) === 0) return this.modemInputs;
    // Loopback: RTS->CTS, DTR->DSR, OUT1->RI, OUT2->DCD.
    return ((mcr & 0x02) << 3) | ((mcr & 0x01) << 5) | ((mcr & 0x04) << 4) | ((mcr & 0x08) << 4);
  }

  private lsr(): number {
    const s = this.s;
    let value = s.lsrErrors;
    if (s.rxFifo.length > 0) value |= LSR_DR;
    if (s.txFifo.length === 0) value |= LSR_THRE;
    if (s.txFifo.length === 0 && s.tsrByte < 0) value |= LSR_TEMT;
    return value;
  }

  private iir(): number {
    const s = this.s;
    const fifo = (s.fcr & 0x01) !== 0 ? 0xc0 : 0;
    if (s.ier & IER_RLS && s.lsrErrors & LSR_OE) return fifo | 0x06;
    if (s.ier & IER_RDA && s.rxFifo.length > 0) {
      if (s.rxFifo.length >= this.triggerLevel()) return fifo | 0x04;
      if (this.timedOut()) return fifo | 0x0c;
    }
    if (s.ier & IER_THRE && s.thriPending) return fifo | 0x02;
    if (s.ier & IER_MS && s.msr & 0x0f) return fifo | 0x00;
    return fifo | 0x01;
  }

  private capacity(): number {
    return (this.s.fcr & 0x01) !== 0 ? FIFO_SIZE : 1;
  }

  private triggerLevel(): number {
    return (this.s.fcr & 0x01) !== 0 ? TRIGGER_LEVELS[this.s.fcr >> 6] : 1;
  }

  private timeoutAt(): number {
    return this.s.lastRxActivity + 4 * this.charCycles();
  }

  private timedOut(): boolean {
    return (this.s.fcr & 0x01) !== 0 && this.s.rxFifo.length > 0 && this.clock.now >= this.timeoutAt();
  }

  // --- the line, computed lazily ------------------------------------------------------

  private startShift(at: number): void {
    const s = this.s;
    s.tsrByte = s.txFifo.shift() ?? 0;
    s.tsrDoneAt = at + this.charCycles();
    if (s.txFifo.length === 0) s.thriPending = true;
  }

  /** Brings the transmitter and receiver up to the current guest time. */
  private sync(): void {
    const s = this.s;
    const now = this.clock.now;
    // Interleave both directions in time order so loopback bytes land where they should.
    for (;;) {
      const txAt = s.tsrByte >= 0 ? s.tsrDoneAt : Infinity;
      const rxAt = s.rxQueue.length > 0 ? s.rxNextAt : Infinity;
      const at = Math.min(txAt, rxAt);
      if (at > now) break;
      if (txAt <= rxAt) {
        const byte = s.tsrByte;
        s.tsrByte = -1;
        if (s.mcr & MCR_LOOP) this.deliver(byte, at);
        else s.output += String.fromCharCode(byte);
        if (s.txFifo.length > 0) this.startShift(at);
      } else {
        const byte = s.rxQueue.shift() ?? 0;
        if ((s.mcr & MCR_LOOP) === 0) this.deliver(byte, at); // in loopback SIN is disconnected
        if (s.rxQueue.length > 0) s.rxNextAt = at + this.charCycles();
      }
    }
  }

  private deliver(byte: number, at: number): void {
    const s = this.s;
    if (s.rxFifo.length >= this.capacity()) s.lsrErrors |= LSR_OE;
    else s.rxFifo.push(byte);
    s.lastRxActivity = at;
  }

  private irqAsserted(): boolean {
    return (this.iir() & 0x01) === 0 && (this.s.mcr & MCR_OUT2) !== 0;
  }

  /** Sync, drive the IRQ pin, and arm the timer for the next self-timed change. */
  private update(): void {
    this.sync();
    const s = this.s;
    this.irq.set(this.irqAsserted());
    let next = Infinity;
    if (s.tsrByte >= 0) next = s.tsrDoneAt;
    if (s.rxQueue.length > 0) next = Math.min(next, s.rxNextAt);
    if (s.ier & IER_RDA && (s.fcr & 0x01) !== 0 && s.rxFifo.length > 0 && !this.timedOut()) next = Math.min(next, this.timeoutAt());
    if (next === Infinity) this.timer.disarm();
    else this.timer.armAt(next);
  }
}
