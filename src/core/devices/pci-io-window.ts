// The port window of a PCI device whose I/O BAR the guest may move (PCI Local Bus Spec 3.0,
// 6.2.5.1): the window follows BAR + command register. Decode off, or a BAR outside the
// 16-bit port space (as while a BAR is being sized with all ones), unmaps it; a new base maps
// it there. A place that overlaps another device leaves the window unmapped (on real hardware
// both would answer; here a guest must not be able to break another device), so the window
// always follows from config space alone and a restored snapshot decodes the same ports.
// Invariant: `owners` are exactly the bus ranges registered for the current base.
import type { DeviceInfo } from '../machine/device';
import { PortConflictError, type PortBus, type PortOwner, type PortRangeSpec } from '../machine/port-bus';
import type { PciFunction } from './pci-function';

export class PciIoWindow {
  private owners: PortOwner[];
  private base: number | null;
  /** Moves refused because the new place was taken (the window was left unmapped). */
  refusedMoves = 0;

  constructor(
    private readonly bus: PortBus,
    private readonly info: DeviceInfo,
    private readonly rangesAt: (base: number) => PortRangeSpec[],
    private readonly size: number,
    initialOwners: PortOwner[],
    initialBase: number,
  ) {
    this.owners = initialOwners;
    this.base = initialBase;
  }

  /** Where the window is decoded now (null: not decoded). */
  get current(): number | null {
    return this.base;
  }

  /** Re-reads BAR `index` and the command register of `fn` and moves the window to match. */
  follow(fn: PciFunction, index: number): void {
    const decode = (fn.read(0x04, 2) & 0x1) !== 0;
    const address = (fn.read(0x10 + 4 * index, 4) & ~(this.size - 1) & ~0x3) >>> 0;
    this.place(decode && address + this.size <= 0x10000 ? address : null);
  }

  /** Maps the window at `base` (or unmaps it for null); false, and unmapped, if the place is taken. */
  place(base: number | null): boolean {
    if (base === this.base) return true;
    this.release();
    if (base === null || this.register(base)) {
      this.base = base;
      return true;
    }
    this.base = null;
    this.refusedMoves += 1;
    return false;
  }

  private register(base: number): boolean {
    const added: PortOwner[] = [];
    try {
      for (const range of this.rangesAt(base)) added.push(this.bus.register(this.info, range));
    } catch (e) {
      if (!(e instanceof PortConflictError)) throw e;
      for (const owner of added) this.bus.unregister(owner);
      return false;
    }
    this.owners = added;
    return true;
  }

  private release(): void {
    for (const owner of this.owners) this.bus.unregister(owner);
    this.owners = [];
  }
}
