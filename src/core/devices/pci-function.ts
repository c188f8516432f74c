// One PCI function's 256-byte configuration space (PCI Local Bus Spec 3.0, type 0 header):
// identity (vendor, device, class, revision, header type), command register, base address
// registers and the interrupt line/pin. A per-byte write mask says which bits software may
// change; BARs are masked to their size, so writing all ones and reading back gives the
// size, as a BIOS or a PCI scan expects. The platform moves a device's ports with its BAR
// through `onWrite` (see pci-io-window.ts).
// Invariant: config bytes outside the write mask never change after construction.

export interface PciBarSpec {
  index: number; // 0-5
  kind: 'io' | 'memory';
  address: number;
  /** Bytes decoded; a power of two (>= 4 for I/O, >= 16 for memory). */
  size: number;
}

export interface PciFunctionSpec {
  name: string;
  device: number;
  function: number;
  vendorId: number;
  deviceId: number;
  /** Base class << 16 | subclass << 8 | programming interface. */
  classCode: number;
  revision?: number;
  multifunction?: boolean;
  bars?: PciBarSpec[];
  subsystemVendorId?: number;
  subsystemId?: number;
  /** 1 = INTA# ... 4 = INTD#; 0 = none. */
  interruptPin?: number;
  interruptLine?: number;
  /** Told after every configuration write (e.g. to move an I/O window with its BAR). */
  onWrite?: (fn: PciFunction) => void;
}

const COMMAND_WRITABLE = 0x0547; // I/O, memory, bus master, parity, SERR, INTx disable

export class PciFunction {
  readonly config = new Uint8Array(256);
  private readonly writable = new Uint8Array(256);

  constructor(readonly spec: PciFunctionSpec) {
    this.put(0x00, 2, spec.vendorId);
    this.put(0x02, 2, spec.deviceId);
    this.put(0x08, 1, spec.revision ?? 0);
    this.put(0x09, 1, spec.classCode & 0xff);
    this.put(0x0a, 2, spec.classCode >> 8);
    this.put(0x0e, 1, spec.multifunction ? 0x80 : 0x00);
    this.put(0x2c, 2, spec.subsystemVendorId ?? 0);
    this.put(0x2e, 2, spec.subsystemId ?? 0);
    this.put(0x3c, 1, spec.interruptLine ?? 0xff);
    this.put(0x3d, 1, spec.interruptPin ?? 0);
    this.allow(0x04, 2, COMMAND_WRITABLE);
    this.allow(0x0c, 2, 0xffff); // cache line size, latency timer
    this.allow(0x3c, 1, 0xff); // interrupt line
    let command = 0;
    for (const bar of spec.bars ?? []) {
      const offset = 0x10 + 4 * bar.index;
      const low = bar.kind === 'io' ? 0x1 : 0x0;
      this.put(offset, 4, ((bar.address & ~(bar.size - 1)) | low) >>> 0);
      this.allow(offset, 4, ~(bar.size - 1) & (bar.kind === 'io' ? ~0x3 : ~0xf));
      if (bar.address !== 0) command |= bar.kind === 'io' ? 0x1 : 0x2;
    }
    this.put(0x04, 2, command);
  }

  /** Little-endian read of `size` bytes at `offset` (bytes past 255 read as 0xFF). */
  read(offset: number, size: number): number {
    let value = 0;
    for (let i = 0; i < size; i++) value += (offset + i < 256 ? this.config[offset + i] : 0xff) * 2 ** (8 * i);
    return value;
  }

  write(offset: number, size: number, value: number): void {
    for (let i = 0; i < size && offset + i < 256; i++) {
      const mask = this.writable[offset + i];
      const byte = Math.floor(value / 2 ** (8 * i)) & 0xff;
      this.config[offset + i] = (this.config[offset + i] & ~mask) | (byte & mask);
    }
    this.spec.onWrite?.(this);
  }

  /** Restores the whole space from a snapshot (then tells `onWrite`, as a write would). */
  restore(config: Uint8Array): void {
    this.config.set(config);
    this.spec.onWrite?.(this);
  }

  private put(offset: number, size: number, value: number): void {
    for (let i = 0; i < size; i++) this.config[offset + i] = Math.floor((value >>> 0) / 2 ** (8 * i)) & 0xff;
  }

  private allow(offset: number, size: number, mask: number): void {
    for (let i = 0; i < size; i++) this.writable[offset + i] = Math.floor((mask >>> 0) / 2 ** (8 * i)) & 0xff;
  }
}

// --- the functions this platform puts on bus 0 --------------------------------------------

/** Intel 440FX host bridge (as QEMU's pc machine). */
export function hostBridge(): PciFunctionSpec {
  return { name: 'host bridge', device: 0, function: 0, vendorId: 0x8086, deviceId: 0x1237, classCode: 0x060000, revision: 0x02 };
}

/** PIIX3 PCI-to-ISA bridge (function 0 of a multifunction device). */
export function isaBridge(): PciFunctionSpec {
  return { name: 'ISA bridge', device: 1, function: 0, vendorId: 0x8086, deviceId: 0x7000, classCode: 0x060100, multifunction: true };
}

/** PIIX3 IDE controller in legacy (compatibility) mode; BAR4 is the unassigned bus-master block. */
export function ideController(): PciFunctionSpec {
  return {
    name: 'IDE controller', device: 1, function: 1, vendorId: 0x8086, deviceId: 0x7010, classCode: 0x010180,
    bars: [{ index: 4, kind: 'io', address: 0, size: 16 }],
  };
}

/** Realtek RTL8029, the PCI NE2000: BAR0 is the NE2000 register window. */
export function ne2000Function(ioBase: number, irq: number, device = 3, onWrite?: (fn: PciFunction) => void): PciFunctionSpec {
  return {
    onWrite,
    name: 'NE2000', device, function: 0, vendorId: 0x10ec, deviceId: 0x8029, classCode: 0x020000,
    bars: [{ index: 0, kind: 'io', address: ioBase, size: 32 }],
    subsystemVendorId: 0x10ec, subsystemId: 0x8029, interruptPin: 1, interruptLine: irq,
  };
}
