// The previous exit's inputs, copied, so the ExitRecorder can tell that an exit repeats it
// exactly (a loop's I/O instruction exiting again and again) and skip re-deriving its record.
// Everything record() derives an ExitRecord and its price from is compared: the ExitInput's
// fields (instruction bytes and decode steps by value, each operation field by field), the
// guest's CPL, and the device that owns each operation's port (a PCI BAR write can move a range
// at run time). Not compared, because they differ exit to exit and record() sets them anyway:
// seq, the time, and the captured value.
// Invariant: same() is true only if every input record() reads (other than seq, time and value)
// equals the remembered one, so the record and the price it would build equal the previous
// exit's in every field but seq, timeNs and value.
import type { Mechanism } from '../../cost/index';
import type { DeviceInfo } from '../../machine/device';
import type { PortBus } from '../../machine/port-bus';
import type { Isa } from '../../trace/exit-record';
import { copySteps, emptySteps, sameSteps } from '../decode-steps';
import { sameBytes } from '../../same-bytes';
import type { ExitInput, ExitOp } from './recorder';

const sameOp = (a: ExitOp, b: ExitOp): boolean =>
  a.formId === b.formId && a.port === b.port && a.count === b.count && a.addrSize === b.addrSize && a.segment === b.segment && a.bufferAddr === b.bufferAddr;

export class RepeatExit {
  private valid = false;
  private mechanism: Mechanism = 'trap';
  private reason = '';
  private reasonNative = '';
  private isa: Isa | null = null;
  private reasonCode: number | null = null;
  private rip = 0;
  private cpl = 0;
  private insnBytes: Uint8Array | null = null;
  private hasSteps = false;
  private readonly steps = emptySteps();
  private bufferWalkLevels = 0;
  private userspaceTrips: number | undefined = undefined;
  private info1: string | null = null;
  private info2: string | null = null;
  private errorCode: number | null = null;
  private emulated = false;
  /** ops[0 .. opCount-1] and the device owning each one's port (reused slots). */
  private readonly ops: ExitOp[] = [];
  private readonly devices: DeviceInfo[] = [];
  private opCount = 0;

  /** Whether `x` at this CPL, with the bus as it is now, repeats the remembered exit. */
  same(x: ExitInput, cpl: number, bus: PortBus): boolean {
    if (!this.valid || x.rip !== this.rip || cpl !== this.cpl || x.ops.length !== this.opCount || x.mechanism !== this.mechanism) return false;
    if (x.reason !== this.reason || x.reasonNative !== this.reasonNative || x.isa !== this.isa || x.reasonCode !== this.reasonCode) return false;
    if (x.bufferWalkLevels !== this.bufferWalkLevels || x.userspaceTrips !== this.userspaceTrips || x.info1 !== this.info1 || x.info2 !== this.info2) return false;
    if (x.errorCode !== this.errorCode || x.emulated !== this.emulated || !sameBytes(x.insnBytes, this.insnBytes)) return false;
    if (x.steps === null ? this.hasSteps : !this.hasSteps || !sameSteps(x.steps, this.steps)) return false;
    for (let i = 0; i < this.opCount; i++) {
      const op = x.ops[i]!;
      if (!sameOp(op, this.ops[i]!) || bus.ownerOf(op.port).device !== this.devices[i]) return false;
    }
    return true;
  }

  /** Remembers `x` (copied: the caller may reuse its objects) and the devices of its operations. */
  remember(x: ExitInput, cpl: number, bus: PortBus): void {
    this.valid = true;
    this.mechanism = x.mechanism;
    this.reason = x.reason;
    this.reasonNative = x.reasonNative;
    this.isa = x.isa;
    this.reasonCode = x.reasonCode;
    this.rip = x.rip;
    this.cpl = cpl;
    this.insnBytes = x.insnBytes === null ? null : x.insnBytes.slice();
    this.hasSteps = x.steps !== null;
    if (x.steps !== null) copySteps(x.steps, this.steps);
    this.bufferWalkLevels = x.bufferWalkLevels;
    this.userspaceTrips = x.userspaceTrips;
    this.info1 = x.info1;
    this.info2 = x.info2;
    this.errorCode = x.errorCode;
    this.emulated = x.emulated;
    this.opCount = x.ops.length;
    for (let i = 0; i < x.ops.length; i++) {
      const op = x.ops[i]!;
      this.ops[i] = { ...op };
      this.devices[i] = bus.ownerOf(op.port).device;
    }
  }

  /** Forgets the remembered exit (the next one is recorded in full). */
  clear(): void {
    this.valid = false;
  }
}
