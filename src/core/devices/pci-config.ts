// PCI configuration mechanism #1 (PCI Local Bus Spec 3.0, 3.2.2.3.2): CONFIG_ADDRESS at
// 0xCF8 (a dword: enable bit 31, bus 23:16, device 15:11, function 10:8, register 7:2) and
// CONFIG_DATA at 0xCFC-0xCFF (byte, word or dword, at register + port offset). Only a dword
// access to 0xCF8 is CONFIG_ADDRESS; narrower ones are not decoded (open bus). With the enable
// bit clear, or no function at the address, CONFIG_DATA reads all ones and ignores writes.
// Bus 0 holds the functions given at construction; there are no PCI-to-PCI bridges.
// Invariant: at most one function per (device, function) pair.
import type { DeviceInfo, DeviceModel } from '../machine/device';
import type { PortRangeSpec } from '../machine/port-bus';
import { ALL_SIZES, SIZE_MASK } from '../machine/port-access';
import type { PortSize } from '../machine/port-io';
import { bytesToHex, hexToBytes } from '../machine/state-bytes';
import { PciFunction, type PciFunctionSpec } from './pci-function';

export const PCI_CONFIG_ADDRESS = 0xcf8;
export const PCI_CONFIG_DATA = 0xcfc;

export interface PciConfigState {
  address: number;
  /** Config space of each function, keyed "device.function". */
  functions: Record<string, string>;
}

export class PciConfigMechanism1 implements DeviceModel<PciConfigState> {
  private address = 0;
  private readonly functions = new Map<number, PciFunction>();

  constructor(readonly info: DeviceInfo, specs: readonly PciFunctionSpec[]) {
    for (const spec of specs) {
      const key = (spec.device << 3) | spec.function;
      if (this.functions.has(key)) throw new Error(`PCI 00:${spec.device}.${spec.function} is given twice (${spec.name})`);
      this.functions.set(key, new PciFunction(spec));
    }
  }

  /** The function at bus 0, or undefined. */
  functionAt(device: number, fn: number): PciFunction | undefined {
    return this.functions.get((device << 3) | fn);
  }

  portRanges(): PortRangeSpec[] {
    return [
      {
        name: 'CONFIG_ADDRESS', base: PCI_CONFIG_ADDRESS, length: 4, sizes: ALL_SIZES,
        read: (port, size) => (size === 4 && port === PCI_CONFIG_ADDRESS ? this.address : SIZE_MASK[size]),
        write: (port, size, value) => {
          if (size === 4 && port === PCI_CONFIG_ADDRESS) this.address = (value & 0x80fffffc) >>> 0;
        },
      },
      {
        name: 'CONFIG_DATA', base: PCI_CONFIG_DATA, length: 4, sizes: ALL_SIZES,
        read: (port, size) => this.readData(port, size),
        write: (port, size, value) => this.target()?.write(this.offset(port), size, value),
      },
    ];
  }

  getState(): PciConfigState {
    const functions: Record<string, string> = {};
    for (const [key, fn] of this.functions) functions[`${key >> 3}.${key & 7}`] = bytesToHex(fn.config);
    return { address: this.address, functions };
  }

  setState(state: PciConfigState): void {
    this.address = state.address;
    for (const [key, hex] of Object.entries(state.functions)) {
      const [device, fn] = key.split('.').map(Number);
      this.functionAt(device, fn)?.restore(hexToBytes(hex));
    }
  }

  private readData(port: number, size: PortSize): number {
    const fn = this.target();
    return fn ? fn.read(this.offset(port), size) >>> 0 : SIZE_MASK[size];
  }

  private offset(port: number): number {
    return (this.address & 0xfc) + (port - PCI_CONFIG_DATA);
  }

  private target(): PciFunction | undefined {
    const a = this.address;
    if ((a & 0x80000000) === 0 || ((a >> 16) & 0xff) !== 0) return undefined;
    return this.functions.get((a >> 8) & 0xff);
  }
}
