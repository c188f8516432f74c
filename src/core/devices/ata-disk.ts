// An ATA (IDE) disk on the primary channel in PIO mode (ATA/ATAPI-6): command block at
// 0x1F0-0x1F7 (data, error/features, sector count, LBA low/mid/high, device, status/command),
// control block at 0x3F6 (alternate status / device control), INTRQ on IRQ14. One device 0 is
// present; with device 1 selected the status reads 0 and commands are ignored.
//
// Commands: IDENTIFY DEVICE, READ SECTORS, WRITE SECTORS (28-bit LBA or CHS through the
// IDENTIFY geometry), READ VERIFY, INITIALIZE DEVICE PARAMETERS, SET FEATURES, FLUSH CACHE,
// RECALIBRATE, EXECUTE DEVICE DIAGNOSTIC, CHECK POWER MODE; anything else aborts (ERR, ABRT).
// Data moves one 512-byte sector at a time through the 16-bit data port (a 32-bit access is
// two words, a byte access takes the low byte of a word). PIO-in: for each sector the device
// is BSY for `sectorLatency` cycles, then sets DRQ and raises INTRQ; PIO-out: DRQ at once for
// the first sector, and after each sector BSY, the write, then INTRQ. Reading the status
// register clears INTRQ (the alternate status does not); device control nIEN masks the pin
// and SRST resets the device (signature 1/1/0/0).
// Invariants: DRQ is set iff phase is 'in' or 'out'; 0 <= bufferPos <= 512.
import type { GuestClock, Timer } from '../machine/guest-clock';
import type { DeviceInfo, DeviceModel } from '../machine/device';
import type { IrqLine } from '../machine/irq';
import type { PortRangeSpec } from '../machine/port-bus';
import { ALL_SIZES, readRepeated, writeRepeated } from '../machine/port-access';
import { bytesToHex, hexToBytes } from '../machine/state-bytes';
import { IDENTIFY_HEADS, IDENTIFY_SECTORS_PER_TRACK, identifyBlock } from './ata-identify';
import { SECTOR_SIZE, type DiskImage, type DiskOverlayState } from './disk-image';

export const ST_ERR = 0x01;
export const ST_DRQ = 0x08;
export const ST_DSC = 0x10;
export const ST_DRDY = 0x40;
export const ST_BSY = 0x80;
const ERR_ABRT = 0x04;
const ERR_IDNF = 0x10;
const CTL_NIEN = 0x02;
const CTL_SRST = 0x04;
const DEV_LBA = 0x40;
const DEV_1 = 0x10;

type Phase = 'idle' | 'in' | 'out';
/** What the device does when its busy time ends. */
type Pending = 'none' | 'load-sector' | 'store-sector';

export interface AtaDiskState {
  error: number;
  features: number;
  nsect: number;
  lba0: number;
  lba1: number;
  lba2: number;
  device: number;
  status: number;
  control: number;
  intrq: boolean;
  command: number;
  phase: Phase;
  pending: Pending;
  remaining: number;
  lba: number;
  buffer: string;
  bufferPos: number;
  timerDeadline: number;
  overlay: DiskOverlayState;
}

export interface AtaPorts {
  commandBase: number;
  controlPort: number;
}

export class AtaDisk implements DeviceModel<AtaDiskState> {
  private s: AtaDiskState;
  private buffer: Uint8Array = new Uint8Array(SECTOR_SIZE);
  private readonly timer: Timer;

  constructor(
    readonly info: DeviceInfo,
    readonly ports: AtaPorts,
    readonly image: DiskImage,
    clock: GuestClock,
    private readonly irq: IrqLine,
    /** Cycles the device stays busy per sector (0: data is ready at once). */
    readonly sectorLatency: number = 0,
  ) {
    this.s = {
      error: 0x01, features: 0, nsect: 1, lba0: 1, lba1: 0, lba2: 0, device: 0, status: ST_DRDY | ST_DSC,
      control: 0, intrq: false, command: 0, phase: 'idle', pending: 'none', remaining: 0, lba: 0,
      buffer: '', bufferPos: 0, timerDeadline: -1, overlay: {},
    };
    this.timer = clock.createTimer(`${info.name}.busy`, () => this.finishBusy());
  }

  portRanges(): PortRangeSpec[] {
    const { commandBase, controlPort } = this.ports;
    return [
      {
        name: 'data', base: commandBase, length: 1, sizes: ALL_SIZES,
        read: (_port, size) => readRepeated(size, 2, () => this.readData()),
        write: (_port, size, value) => writeRepeated(size, 2, value, (v) => this.writeData(v)),
      },
      {
        name: 'task file', base: commandBase + 1, length: 7,
        read: (port) => this.readTaskFile(port - commandBase),
        write: (port, _size, value) => this.writeTaskFile(port - commandBase, value),
      },
      {
        name: 'control', base: controlPort, length: 1,
        read: () => this.statusFor(),
        write: (_port, _size, value) => this.writeControl(value),
      },
    ];
  }

  getState(): AtaDiskState {
    return { ...this.s, buffer: bytesToHex(this.buffer), timerDeadline: this.timer.deadline, overlay: this.image.getState() };
  }

  setState(state: AtaDiskState): void {
    this.s = { ...state, buffer: '', overlay: {} };
    this.buffer = hexToBytes(state.buffer);
    this.image.setState(state.overlay);
    this.timer.restore(state.timerDeadline);
    this.updateIrq();
  }

  // --- registers -----------------------------------------------------------------------

  private device1(): boolean {
    return (this.s.device & DEV_1) !== 0;
  }

  private statusFor(): number {
    return this.device1() ? 0 : this.s.status;
  }

  private readTaskFile(offset: number): number {
    const s = this.s;
    switch (offset) {
      case 1: return s.error;
      case 2: return s.nsect;
      case 3: return s.lba0;
      case 4: return s.lba1;
      case 5: return s.lba2;
      case 6: return s.device | 0xa0;
      default: {
        const status = this.statusFor();
        if (!this.device1()) {
          s.intrq = false;
          this.updateIrq();
        }
        return status;
      }
    }
  }

  private writeTaskFile(offset: number, value: number): void {
    const s = this.s;
    if (s.status & ST_BSY && offset !== 7) return; // the task file is locked while busy
    switch (offset) {
      case 1: s.features = value; break;
      case 2: s.nsect = value; break;
      case 3: s.lba0 = value; break;
      case 4: s.lba1 = value; break;
      case 5: s.lba2 = value; break;
      case 6: s.device = value & 0x5f; this.updateIrq(); break;
      default: this.command(value);
    }
  }

  private writeControl(value: number): void {
    const s = this.s;
    const wasReset = (s.control & CTL_SRST) !== 0;
    s.control = value & (CTL_NIEN | CTL_SRST);
    if (value & CTL_SRST && !wasReset) {
      this.timer.disarm();
      s.status = ST_BSY;
      s.phase = 'idle';
      s.pending = 'none';
      s.intrq = false;
    } else if (!(value & CTL_SRST) && wasReset) {
      s.status = ST_DRDY | ST_DSC;
      s.error = 0x01;
      s.nsect = 1;
      s.lba0 = 1;
      s.lba1 = 0;
      s.lba2 = 0;
      s.device = 0;
    }
    this.updateIrq();
  }

  // --- commands --------------------------------------------------------------------------

  private command(code: number): void {
    const s = this.s;
    if (this.device1() || s.status & ST_BSY) return;
    s.intrq = false;
    s.command = code;
    s.error = 0;
    switch (code) {
      case 0x20: case 0x21: // READ SECTORS
        if (this.startTransfer()) this.busy('load-sector');
        break;
      case 0x30: case 0x31: // WRITE SECTORS
        if (this.startTransfer()) {
          s.phase = 'out';
          s.bufferPos = 0;
          s.status = ST_DRDY | ST_DSC | ST_DRQ;
        }
        break;
      case 0x40: case 0x41: // READ VERIFY SECTORS
        if (this.startTransfer()) {
          s.lba += s.remaining;
          this.setLba(s.lba - 1);
          this.complete();
        }
        break;
      case 0xec: // IDENTIFY DEVICE
        this.buffer = identifyBlock(this.image.sectors, 'EXITSCOPE-0001');
        this.startDataIn();
        break;
      case 0x90: // EXECUTE DEVICE DIAGNOSTIC: device 0 passed, device 1 absent
        s.error = 0x01;
        this.complete();
        break;
      case 0xe5: // CHECK POWER MODE: active
        s.nsect = 0xff;
        this.complete();
        break;
      case 0x91: case 0xef: case 0xe7: // INITIALIZE DEVICE PARAMETERS, SET FEATURES, FLUSH CACHE
        this.complete();
        break;
      default:
        if (code >= 0x10 && code <= 0x1f) this.complete(); // RECALIBRATE
        else this.abort(ERR_ABRT);
    }
  }

  /** Latches the address and count; false (and an error) if the range is off the disk. */
  private startTransfer(): boolean {
    const s = this.s;
    s.remaining = s.nsect === 0 ? 256 : s.nsect;
    s.lba = this.addressFromTaskFile();
    if (s.lba < 0 || s.lba + s.remaining > this.image.sectors) {
      this.abort(ERR_IDNF);
      return false;
    }
    return true;
  }

  private addressFromTaskFile(): number {
    const s = this.s;
    if (s.device & DEV_LBA) return ((s.device & 0x0f) << 24) | (s.lba2 << 16) | (s.lba1 << 8) | s.lba0;
    const cylinder = (s.lba2 << 8) | s.lba1;
    const head = s.device & 0x0f;
    if (s.lba0 === 0 || s.lba0 > IDENTIFY_SECTORS_PER_TRACK || head >= IDENTIFY_HEADS) return -1;
    return (cylinder * IDENTIFY_HEADS + head) * IDENTIFY_SECTORS_PER_TRACK + s.lba0 - 1;
  }

  /** Writes an LBA back into the task file (the address of the last sector transferred). */
  private setLba(lba: number): void {
    const s = this.s;
    if (s.device & DEV_LBA) {
      s.lba0 = lba & 0xff;
      s.lba1 = (lba >> 8) & 0xff;
      s.lba2 = (lba >> 16) & 0xff;
      s.device = (s.device & 0xf0) | ((lba >> 24) & 0x0f);
      return;
    }
    const perCylinder = IDENTIFY_HEADS * IDENTIFY_SECTORS_PER_TRACK;
    const cylinder = Math.floor(lba / perCylinder);
    const rest = lba % perCylinder;
    s.lba2 = cylinder >> 8;
    s.lba1 = cylinder & 0xff;
    s.device = (s.device & 0xf0) | Math.floor(rest / IDENTIFY_SECTORS_PER_TRACK);
    s.lba0 = (rest % IDENTIFY_SECTORS_PER_TRACK) + 1;
  }

  private busy(pending: Pending): void {
    const s = this.s;
    s.status = ST_BSY | ST_DSC;
    s.phase = 'idle';
    s.pending = pending;
    if (this.sectorLatency <= 0) this.finishBusy();
    else this.timer.armIn(this.sectorLatency);
  }

  private finishBusy(): void {
    const s = this.s;
    const pending = s.pending;
    s.pending = 'none';
    if (pending === 'load-sector') {
      this.image.readSector(s.lba, this.buffer);
      this.startDataIn();
    } else if (pending === 'store-sector') {
      this.image.writeSector(s.lba, this.buffer);
      this.setLba(s.lba);
      s.lba += 1;
      s.remaining -= 1;
      if (s.remaining > 0) {
        s.phase = 'out';
        s.bufferPos = 0;
        s.status = ST_DRDY | ST_DSC | ST_DRQ;
        this.interrupt();
      } else {
        this.complete();
      }
    }
  }

  private startDataIn(): void {
    const s = this.s;
    s.phase = 'in';
    s.bufferPos = 0;
    s.status = ST_DRDY | ST_DSC | ST_DRQ;
    this.interrupt();
  }

  private complete(): void {
    const s = this.s;
    s.phase = 'idle';
    s.status = ST_DRDY | ST_DSC;
    this.interrupt();
  }

  private abort(error: number): void {
    const s = this.s;
    s.phase = 'idle';
    s.error = error;
    s.status = ST_DRDY | ST_DSC | ST_ERR;
    this.interrupt();
  }

  // --- data port -------------------------------------------------------------------------

  private readData(): number {
    const s = this.s;
    if (s.phase !== 'in') return 0xffff;
    const word = this.buffer[s.bufferPos] | (this.buffer[s.bufferPos + 1] << 8);
    s.bufferPos += 2;
    if (s.bufferPos >= SECTOR_SIZE) this.sectorReadOut();
    return word;
  }

  private sectorReadOut(): void {
    const s = this.s;
    if (s.command === 0xec) {
      s.phase = 'idle';
      s.status = ST_DRDY | ST_DSC;
      return;
    }
    this.setLba(s.lba);
    s.lba += 1;
    s.remaining -= 1;
    if (s.remaining > 0) this.busy('load-sector');
    else {
      s.phase = 'idle';
      s.status = ST_DRDY | ST_DSC;
    }
  }

  private writeData(word: number): void {
    const s = this.s;
    if (s.phase !== 'out') return;
    this.buffer[s.bufferPos] = word & 0xff;
    this.buffer[s.bufferPos + 1] = word >> 8;
    s.bufferPos += 2;
    if (s.bufferPos >= SECTOR_SIZE) this.busy('store-sector');
  }

  // --- INTRQ -----------------------------------------------------------------------------

  private interrupt(): void {
    this.s.intrq = true;
    this.updateIrq();
  }

  private updateIrq(): void {
    const s = this.s;
    this.irq.set(s.intrq && !this.device1() && (s.control & CTL_NIEN) === 0);
  }
}
