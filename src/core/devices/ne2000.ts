// NE2000-compatible Ethernet card built on the National DP8390D NIC (datasheet, 1995), as
// Linux ne.c drives it: base+0x00-0x0F the DP8390 registers (three pages chosen by CR.PS),
// base+0x10-0x17 the remote-DMA data port, base+0x18-0x1F the reset port (a read resets).
//
// Buffer memory: the 32-byte station-address PROM at 0x0000 (each byte doubled, as the
// 16-bit card presents it, with 0x57 0x57 at 0x1C-0x1F marking an NE2000) and 16 KiB of RAM
// at 0x4000-0x7FFF (pages 0x40-0x7F). The host moves data with remote DMA: RSAR/RBCR and
// CR.RD = read or write, then the data port, byte-wide or word-wide per DCR.WTS; the address
// wraps from PSTOP to PSTART; RDC is set in ISR when RBCR reaches 0.
// Transmit (CR.TXP): TBCR bytes from page TPSR go onto the EthernetLink; PTX is set when the
// last bit has left (a timer at the time the link reports). Receive: a frame from the link that
// passes the address filter (PAR, broadcast with RCR.AB, multicast hash MAR with RCR.AM,
// anything with RCR.PRO) is stored at CURR behind a 4-byte header (status, next page, count =
// length + 4), wrapping in the PSTART-PSTOP ring; if it would reach BNRY, OVW is set and the
// frame dropped; frames shorter than 60 bytes are padded. With TCR.LB set (loopback modes
// 1-3) a transmitted frame does not reach the wire but comes back to the receiver (through
// the address filter) when its transmission ends. The IRQ line is high while ISR & IMR != 0.
// Not modelled: the send-packet command, tally counters, CRC errors, the FIFO threshold.
// Invariants: the window base is 32-byte aligned (registers decode port & 0x1F); rsar is
// 16-bit; pstart <= curr < pstop when the ring is configured sensibly.
import type { GuestClock, Timer } from '../machine/guest-clock';
import type { DeviceInfo, DeviceModel } from '../machine/device';
import type { IrqLine } from '../machine/irq';
import type { PortRangeSpec } from '../machine/port-bus';
import { ALL_SIZES, readRepeated, writeRepeated } from '../machine/port-access';
import { bytesToHex, hexToBytes } from '../machine/state-bytes';
import { acceptsFrame } from './dp8390-filter';
import { MIN_FRAME_BYTES, type EthernetEndpoint, type EthernetLink } from './ethernet-link';

const CR_STP = 0x01;
const CR_STA = 0x02;
const CR_TXP = 0x04;
const CR_RD_MASK = 0x38;
const CR_RD_READ = 0x08;
const CR_RD_WRITE = 0x10;
export const ISR_PRX = 0x01;
export const ISR_PTX = 0x02;
export const ISR_OVW = 0x10;
export const ISR_RDC = 0x40;
export const ISR_RST = 0x80;
const DCR_WTS = 0x01;
const TCR_LOOPBACK = 0x06;
const RAM_START = 0x4000;
const RAM_END = 0x8000;
const PROM_SIZE = 32;

export interface Ne2000State {
  cr: number;
  isr: number;
  imr: number;
  dcr: number;
  tcr: number;
  rcr: number;
  tsr: number;
  rsr: number;
  pstart: number;
  pstop: number;
  bnry: number;
  curr: number;
  tpsr: number;
  tbcr: number;
  rsar: number;
  rbcr: number;
  par: number[];
  mar: number[];
  ram: string;
  txDoneAt: number;
  framesSent: number;
  framesReceived: number;
  framesDropped: number;
  /** Guest cycle at which the last accepted frame was stored (-1: none yet). */
  lastReceivedAt: number;
  /** A frame sent in loopback mode, waiting for its transmission to end (hex; '' if none). */
  loopbackFrame: string;
}

export class Ne2000 implements DeviceModel<Ne2000State>, EthernetEndpoint {
  private s: Ne2000State;
  private ram: Uint8Array = new Uint8Array(RAM_END - RAM_START);
  private readonly prom = new Uint8Array(PROM_SIZE);
  private link: EthernetLink | null = null;
  private readonly timer: Timer;

  constructor(
    readonly info: DeviceInfo,
    readonly base: number,
    readonly mac: readonly number[],
    private readonly clock: GuestClock,
    private readonly irq: IrqLine,
  ) {
    for (let i = 0; i < 6; i++) this.prom[2 * i] = this.prom[2 * i + 1] = mac[i];
    this.prom.fill(0x57, 28, 32);
    this.s = {
      cr: CR_STP | 0x20, isr: ISR_RST, imr: 0, dcr: 0, tcr: 0, rcr: 0, tsr: 0, rsr: 0,
      pstart: 0x40, pstop: 0x80, bnry: 0x40, curr: 0x40, tpsr: 0x40, tbcr: 0, rsar: 0, rbcr: 0,
      par: [...mac], mar: new Array<number>(8).fill(0), ram: '', txDoneAt: -1,
      framesSent: 0, framesReceived: 0, framesDropped: 0, lastReceivedAt: -1, loopbackFrame: '',
    };
    this.timer = clock.createTimer(`${info.name}.tx`, () => this.transmitDone());
  }

  attach(link: EthernetLink): void {
    this.link = link;
  }

  /** Guest cycle at which the last accepted frame was stored in the ring (-1: none yet). */
  get lastReceivedAt(): number {
    return this.s.lastReceivedAt;
  }

  /** A frame arriving from the wire. */
  receiveFrame(frame: Uint8Array): void {
    const s = this.s;
    if (s.cr & CR_STP || !this.accepts(frame)) {
      s.framesDropped += 1;
      return;
    }
    const length = Math.max(frame.length, MIN_FRAME_BYTES);
    const total = length + 4;
    const pages = Math.ceil(total / 256);
    const ring = s.pstop - s.pstart;
    const free = s.curr < s.bnry ? s.bnry - s.curr : ring - (s.curr - s.bnry);
    if (ring <= 0 || pages >= free) {
      s.isr |= ISR_OVW;
      s.framesDropped += 1;
      this.updateIrq();
      return;
    }
    let next = s.curr + pages;
    if (next >= s.pstop) next -= ring;
    const status = 0x01 | (frame[0] & 1 ? 0x20 : 0); // PRX, PHY (multicast/broadcast)
    let addr = s.curr << 8;
    const header = [status, next, total & 0xff, total >> 8];
    for (let i = 0; i < total; i++) {
      const byte = i < 4 ? header[i] : i - 4 < frame.length ? frame[i - 4] : 0;
      this.writeMem(addr, byte);
      addr += 1;
      if (addr >= s.pstop << 8) addr = s.pstart << 8;
    }
    s.curr = next;
    s.rsr = status;
    s.isr |= ISR_PRX;
    s.framesReceived += 1;
    s.lastReceivedAt = this.clock.now;
    this.updateIrq();
  }

  /** The buffer-memory byte at a 16-bit NIC address (PROM, RAM, or 0xFF). */
  readMem(addr: number): number {
    if (addr < PROM_SIZE) return this.prom[addr];
    if (addr >= RAM_START && addr < RAM_END) return this.ram[addr - RAM_START];
    return 0xff;
  }

  portRanges(): PortRangeSpec[] {
    return this.portRangesAt(this.base);
  }

  /** The register window at any 32-byte aligned base (PCI may move it: see PciIoWindow). */
  portRangesAt(base: number): PortRangeSpec[] {
    return [
      {
        name: 'registers', base, length: 0x10,
        read: (port) => this.readRegister(port & 0x0f),
        write: (port, _size, value) => this.writeRegister(port & 0x0f, value),
      },
      {
        name: 'data', base: base + 0x10, length: 8, sizes: ALL_SIZES,
        read: (_port, size) => readRepeated(size, this.unit(), () => this.dmaRead()),
        write: (_port, size, value) => writeRepeated(size, this.unit(), value, (v) => this.dmaWrite(v)),
      },
      {
        name: 'reset', base: base + 0x18, length: 8,
        read: () => {
          this.reset();
          return 0;
        },
        write: () => {},
      },
    ];
  }

  getState(): Ne2000State {
    return { ...this.s, par: [...this.s.par], mar: [...this.s.mar], ram: bytesToHex(this.ram), txDoneAt: this.timer.deadline };
  }

  setState(state: Ne2000State): void {
    this.s = { ...state, par: [...state.par], mar: [...state.mar], ram: '' };
    this.ram = hexToBytes(state.ram);
    this.timer.restore(state.txDoneAt);
    this.updateIrq();
  }

  // --- registers -----------------------------------------------------------------------

  private page(): number {
    return this.s.cr >> 6;
  }

  private readRegister(offset: number): number {
    const s = this.s;
    if (offset === 0) return s.cr;
    const page = this.page();
    if (page === 0) {
      switch (offset) {
        case 0x03: return s.bnry;
        case 0x04: return s.tsr;
        case 0x07: return s.isr;
        case 0x08: return s.rsar & 0xff; // CRDA0
        case 0x09: return s.rsar >> 8; // CRDA1
        case 0x0a: return 0x50; // RTL8029 ID0 ('P')
        case 0x0b: return 0x43; // RTL8029 ID1 ('C')
        case 0x0c: return s.rsr;
        default: return 0; // CLDA, NCR, FIFO, tally counters
      }
    }
    if (page === 1) {
      if (offset <= 6) return s.par[offset - 1];
      if (offset === 7) return s.curr;
      return s.mar[offset - 8];
    }
    if (page === 2) {
      switch (offset) {
        case 0x01: return s.pstart;
        case 0x02: return s.pstop;
        case 0x04: return s.tpsr;
        case 0x0c: return s.rcr;
        case 0x0d: return s.tcr;
        case 0x0e: return s.dcr;
        case 0x0f: return s.imr;
        default: return 0;
      }
    }
    return 0xff;
  }

  private writeRegister(offset: number, value: number): void {
    const s = this.s;
    if (offset === 0) {
      this.writeCommand(value);
      return;
    }
    const page = this.page();
    if (page === 0) {
      switch (offset) {
        case 0x01: s.pstart = value; break;
        case 0x02: s.pstop = value; break;
        case 0x03: s.bnry = value; break;
        case 0x04: s.tpsr = value; break;
        case 0x05: s.tbcr = (s.tbcr & 0xff00) | value; break;
        case 0x06: s.tbcr = (s.tbcr & 0xff) | (value << 8); break;
        case 0x07: s.isr &= ~(value & 0x7f); break;
        case 0x08: s.rsar = (s.rsar & 0xff00) | value; break;
        case 0x09: s.rsar = (s.rsar & 0xff) | (value << 8); break;
        case 0x0a: s.rbcr = (s.rbcr & 0xff00) | value; break;
        case 0x0b: s.rbcr = (s.rbcr & 0xff) | (value << 8); break;
        case 0x0c: s.rcr = value & 0x3f; break;
        case 0x0d: s.tcr = value & 0x1f; break;
        case 0x0e: s.dcr = value & 0x7f; break;
        case 0x0f: s.imr = value & 0x7f; break;
      }
    } else if (page === 1) {
      if (offset <= 6) s.par[offset - 1] = value;
      else if (offset === 7) s.curr = value;
      else s.mar[offset - 8] = value;
    }
    this.updateIrq();
  }

  private writeCommand(value: number): void {
    const s = this.s;
    const transmitting = (s.cr & CR_TXP) !== 0;
    s.cr = (value & ~CR_TXP) | (transmitting ? CR_TXP : 0);
    if (value & CR_STP) {
      s.cr &= ~CR_STA;
      s.isr |= ISR_RST;
    } else if (value & CR_STA) {
      s.cr &= ~CR_STP;
      s.isr &= ~ISR_RST;
    }
    const rd = value & CR_RD_MASK;
    if ((rd === CR_RD_READ || rd === CR_RD_WRITE) && s.rbcr === 0) s.isr |= ISR_RDC;
    if (value & CR_TXP && !(s.cr & CR_STP) && !transmitting) this.transmit();
    this.updateIrq();
  }

  // --- remote DMA ----------------------------------------------------------------------

  private unit(): 1 | 2 {
    return (this.s.dcr & DCR_WTS) !== 0 ? 2 : 1;
  }

  private dmaRead(): number {
    const s = this.s;
    let value = this.readMem(s.rsar);
    if (this.unit() === 2) value |= this.readMem((s.rsar + 1) & 0xffff) << 8;
    this.dmaStep();
    return value;
  }

  private dmaWrite(value: number): void {
    const s = this.s;
    this.writeMem(s.rsar, value & 0xff);
    if (this.unit() === 2) this.writeMem((s.rsar + 1) & 0xffff, value >> 8);
    this.dmaStep();
  }

  private dmaStep(): void {
    const s = this.s;
    const unit = this.unit();
    s.rsar = (s.rsar + unit) & 0xffff;
    if (s.rsar === s.pstop << 8 && s.pstop > s.pstart) s.rsar = s.pstart << 8;
    if (s.rbcr > 0) {
      s.rbcr = Math.max(0, s.rbcr - unit);
      if (s.rbcr === 0) {
        s.isr |= ISR_RDC;
        this.updateIrq();
      }
    }
  }

  private writeMem(addr: number, value: number): void {
    if (addr >= RAM_START && addr < RAM_END) this.ram[addr - RAM_START] = value;
  }

  // --- transmit --------------------------------------------------------------------------

  private transmit(): void {
    const s = this.s;
    const frame = new Uint8Array(s.tbcr);
    for (let i = 0; i < s.tbcr; i++) frame[i] = this.readMem(((s.tpsr << 8) + i) & 0xffff);
    s.cr |= CR_TXP;
    s.framesSent += 1;
    if (s.tcr & TCR_LOOPBACK) {
      // Loopback: the frame never reaches the wire; it comes back to our own receiver when
      // its bits have been clocked out.
      s.loopbackFrame = bytesToHex(frame);
      this.timer.armAt(this.clock.now + (this.link?.frameCycles(frame.length) ?? 0));
      return;
    }
    this.timer.armAt(this.link ? this.link.send(this, frame) : this.clock.now);
  }

  private transmitDone(): void {
    const s = this.s;
    s.cr &= ~CR_TXP;
    s.tsr = 0x01; // PTX
    s.isr |= ISR_PTX;
    if (s.loopbackFrame !== '') {
      const frame = hexToBytes(s.loopbackFrame);
      s.loopbackFrame = '';
      this.receiveFrame(frame);
    }
    this.updateIrq();
  }

  // --- receive filter, reset, IRQ --------------------------------------------------------

  private accepts(frame: Uint8Array): boolean {
    return acceptsFrame(frame, this.s);
  }

  private reset(): void {
    const s = this.s;
    this.timer.disarm();
    s.loopbackFrame = '';
    s.cr = CR_STP | 0x20;
    s.isr = ISR_RST;
    s.imr = 0;
    s.dcr = 0;
    this.updateIrq();
  }

  private updateIrq(): void {
    this.irq.set((this.s.isr & this.s.imr & 0x7f) !== 0);
  }
}
