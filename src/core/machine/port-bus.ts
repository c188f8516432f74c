// The port bus: a 64K-entry table from port number to the register range that answers it, in
// the manner of v86 and halfix. Devices register named ranges at build time; the CPU reaches
// them through `PortIo`. Each range says which access sizes its registers decode; a wider
// access than that is split by the bus into narrower accesses at consecutive ports (what the
// ISA bus does to an 8-bit device), assembled little-endian, each part going to whoever owns
// its port. Ports nobody claims behave as an open bus: reads return all ones, writes vanish.
//
// For the exit record, `last` names the range (and so the device and where it lives) that
// answered the most recent access; for a split access it is the owner of the first port.
// `ownerOf(port)` answers the same question before an access.
// Invariants: every table entry is a PortOwner (the open-bus owner when unclaimed); two
// ranges never share a port (register throws PortConflictError). Ranges are registered at
// build time; only a PCI BAR write moves one at run time (see pci-io-window.ts).
import type { DeviceInfo, DeviceLocation } from './device';
import type { PortIo, PortSize } from './port-io';
import { BYTES, maskFor, type SizeSet } from './port-access';

export const PORT_COUNT = 0x10000;

export interface PortRangeSpec {
  /** Label of the register block, e.g. "registers", "data", "reset". */
  name: string;
  base: number;
  length: number;
  /** Sizes the registers decode natively (default: bytes only); must include bytes. */
  sizes?: SizeSet;
  read(port: number, size: PortSize): number;
  write(port: number, size: PortSize, value: number): void;
}

export interface PortOwner {
  readonly device: DeviceInfo;
  readonly range: string;
  readonly base: number;
  readonly length: number;
  readonly sizes: SizeSet;
  readonly read: (port: number, size: PortSize) => number;
  readonly write: (port: number, size: PortSize, value: number) => void;
}

export class PortConflictError extends Error {
  constructor(
    readonly port: number,
    readonly existing: PortOwner,
    readonly claimant: DeviceInfo,
    claimantRange: string,
  ) {
    super(
      `port 0x${port.toString(16)} is claimed by both ${existing.device.name} (${existing.range}) and ${claimant.name} (${claimantRange})`,
    );
    this.name = 'PortConflictError';
  }
}

export const UNASSIGNED_NAME = 'unassigned';

export class PortBus implements PortIo {
  private readonly table: PortOwner[];
  private readonly owners: PortOwner[] = [];
  readonly openBus: PortOwner;
  /** The range that answered the most recent access. */
  last: PortOwner;

  constructor(unassignedLocation: DeviceLocation = 'userspace') {
    this.openBus = {
      device: { name: UNASSIGNED_NAME, location: unassignedLocation },
      range: 'open bus',
      base: 0,
      length: PORT_COUNT,
      // Byte-wide, so a wide access that straddles into a device's ports reaches that device.
      sizes: BYTES,
      read: () => 0xff,
      write: () => {},
    };
    this.table = new Array<PortOwner>(PORT_COUNT).fill(this.openBus);
    this.last = this.openBus;
  }

  /** Claims ports base..base+length-1 for `device`; throws if any is already claimed. */
  register(device: DeviceInfo, spec: PortRangeSpec): PortOwner {
    const { base, length } = spec;
    if (!Number.isInteger(base) || !Number.isInteger(length) || length < 1 || base < 0 || base + length > PORT_COUNT) {
      throw new RangeError(`${device.name} (${spec.name}): port range 0x${base.toString(16)}+${length} is outside 0-0xffff`);
    }
    if (spec.sizes !== undefined && (spec.sizes & 1) === 0) {
      // Splitting ends at bytes, so every register must take a byte access (even if only to ignore it).
      throw new RangeError(`${device.name} (${spec.name}): a port range must accept byte accesses`);
    }
    for (let p = base; p < base + length; p++) {
      const existing = this.table[p];
      if (existing !== this.openBus) throw new PortConflictError(p, existing, device, spec.name);
    }
    const owner: PortOwner = {
      device,
      range: spec.name,
      base,
      length,
      sizes: spec.sizes ?? BYTES,
      read: spec.read,
      write: spec.write,
    };
    for (let p = base; p < base + length; p++) this.table[p] = owner;
    this.owners.push(owner);
    return owner;
  }

  /** Releases a range returned by `register`; its ports become open bus again. */
  unregister(owner: PortOwner): void {
    const index = this.owners.indexOf(owner);
    if (index < 0) return;
    this.owners.splice(index, 1);
    for (let p = owner.base; p < owner.base + owner.length; p++) if (this.table[p] === owner) this.table[p] = this.openBus;
    if (this.last === owner) this.last = this.openBus;
  }

  ownerOf(port: number): PortOwner {
    return this.table[port & 0xffff];
  }

  /** Every registered range, in registration order. */
  ranges(): readonly PortOwner[] {
    return this.owners;
  }

  read(port: number, size: PortSize): number {
    const owner = this.table[port & 0xffff];
    this.last = owner;
    if ((owner.sizes & size) !== 0) return owner.read(port & 0xffff, size);
    return this.readSplit(port, size, owner.sizes);
  }

  write(port: number, size: PortSize, value: number): void {
    const owner = this.table[port & 0xffff];
    this.last = owner;
    if ((owner.sizes & size) !== 0) owner.write(port & 0xffff, size, maskFor(size, value));
    else this.writeSplit(port, size, value, owner.sizes);
  }

  // A part of a split access: dispatched like an access, but `last` keeps the first owner.
  private readPart(port: number, size: PortSize): number {
    const owner = this.table[port & 0xffff];
    if ((owner.sizes & size) !== 0) return owner.read(port & 0xffff, size);
    return this.readSplit(port, size, owner.sizes);
  }

  private writePart(port: number, size: PortSize, value: number): void {
    const owner = this.table[port & 0xffff];
    if ((owner.sizes & size) !== 0) owner.write(port & 0xffff, size, value);
    else this.writeSplit(port, size, value, owner.sizes);
  }

  private readSplit(port: number, size: PortSize, sizes: SizeSet): number {
    if (size === 4 && (sizes & 2) !== 0) {
      return (this.readPart(port, 2) | (this.readPart(port + 2, 2) << 16)) >>> 0;
    }
    let value = 0;
    for (let i = 0; i < size; i++) value |= this.readPart(port + i, 1) << (8 * i);
    return value >>> 0;
  }

  private writeSplit(port: number, size: PortSize, value: number, sizes: SizeSet): void {
    if (size === 4 && (sizes & 2) !== 0) {
      this.writePart(port, 2, value & 0xffff);
      this.writePart(port + 2, 2, value >>> 16);
      return;
    }
    for (let i = 0; i < size; i++) this.writePart(port + i, 1, (value >>> (8 * i)) & 0xff);
  }
}
