// The platform config: which devices the guest PC has, at which ports and IRQs, where each
// device model lives (in the hypervisor/kernel or in a userspace device model), and the CPU
// frequency that turns guest cycles into time. `resolvePlatformConfig` checks an untrusted
// object (JSON from a file or the CLI) and fills in PC defaults; every error is a
// PlatformConfigError naming the field, e.g. "devices.uart.irq: must be an integer 0-15".
// A device is present iff its key is in `devices` (the PIC pair is always present).
// `pcPlatformConfig()` is the full default PC (optionally with devices moved).
import type { DeviceLocation } from './device';

export interface DeviceConfigBase {
  /** Label on exits and charts (default: the device key). */
  name?: string;
  location?: DeviceLocation;
}

export interface PicConfig extends DeviceConfigBase {
  /** Initial ELCR, 16 bits (bit n: IRQ n level-triggered), as firmware would leave it. */
  elcr?: number;
}
export type PitConfig = DeviceConfigBase;
export interface UartConfig extends DeviceConfigBase {
  base?: number;
  irq?: number;
}
export interface LinkConfig {
  rateBps?: number;
  latencyNs?: number;
}
export interface PeerConfig {
  mode?: 'echo' | 'silent';
  processingNs?: number;
  mac?: string | number[];
}
export interface Ne2000Config extends DeviceConfigBase {
  base?: number;
  irq?: number;
  mac?: string | number[];
  /** PCI device number of the RTL8029 function when the PCI bus is present. */
  pciDevice?: number;
  link?: LinkConfig;
  peer?: PeerConfig;
}
export type DiskImageConfig =
  | { kind: 'bytes'; data: Uint8Array | number[] }
  | { kind: 'generated'; sectors: number; seed?: number };
export interface AtaConfig extends DeviceConfigBase {
  base?: number;
  controlPort?: number;
  irq?: number;
  image?: DiskImageConfig;
  /** Guest time the disk is busy per sector (default 0: data is ready at once). */
  sectorLatencyNs?: number;
}
export type PciConfig = DeviceConfigBase;
export interface PmTimerConfig extends DeviceConfigBase {
  port?: number;
}
export interface RtcConfig extends DeviceConfigBase {
  irq?: number;
  /** Wall time at power-on, seconds since 1970 UTC. */
  startTime?: number;
  memoryKb?: number;
}
export interface PortDeviceConfig extends DeviceConfigBase {
  port?: number;
}

export interface DevicesConfig {
  pic?: PicConfig;
  pit?: PitConfig;
  uart?: UartConfig;
  ne2000?: Ne2000Config;
  ata?: AtaConfig;
  pci?: PciConfig;
  pmTimer?: PmTimerConfig;
  rtc?: RtcConfig;
  post?: PortDeviceConfig;
  debugcon?: PortDeviceConfig;
}

export interface PlatformConfig {
  /** CPU frequency in Hz (an integer): guest cycles per guest second. */
  cpuHz: number;
  /** Where accesses to unclaimed ports are handled (default userspace, as under KVM). */
  unassignedLocation?: DeviceLocation;
  devices: DevicesConfig;
}

export type DeviceKey = keyof DevicesConfig;

// --- resolved form: every field present ------------------------------------------------------

interface Resolved {
  name: string;
  location: DeviceLocation;
}
export interface ResolvedDevices {
  pic: Resolved & { elcr: number };
  pit?: Resolved & { irq: number };
  uart?: Resolved & { base: number; irq: number };
  ne2000?: Resolved & {
    base: number; irq: number; mac: number[]; pciDevice: number;
    link: { rateBps: number; latencyNs: number };
    peer: { mode: 'echo' | 'silent'; processingNs: number; mac: number[] };
  };
  ata?: Resolved & {
    base: number; controlPort: number; irq: number; sectorLatencyNs: number;
    image: { kind: 'bytes'; data: Uint8Array } | { kind: 'generated'; sectors: number; seed: number };
  };
  pci?: Resolved;
  pmTimer?: Resolved & { port: number };
  rtc?: Resolved & { irq: number; startTime: number; memoryKb: number };
  post?: Resolved & { port: number };
  debugcon?: Resolved & { port: number };
}
export interface ResolvedPlatformConfig {
  cpuHz: number;
  unassignedLocation: DeviceLocation;
  devices: ResolvedDevices;
}

export const DEFAULT_CPU_HZ = 1_000_000_000;
export const MIN_CPU_HZ = 4_000_000;
export const MAX_CPU_HZ = 100_000_000_000;

/** Where each device lives by default: what KVM keeps in the kernel, the rest in QEMU. */
export const DEFAULT_LOCATION: Readonly<Record<DeviceKey, DeviceLocation>> = {
  pic: 'kernel', pit: 'kernel', uart: 'userspace', ne2000: 'userspace', ata: 'userspace', pci: 'userspace',
  pmTimer: 'userspace', rtc: 'userspace', post: 'userspace', debugcon: 'userspace',
};

/**
 * The full default PC: every device at its usual place (DEFAULT_LOCATION unless `locations`
 * moves it, e.g. { ne2000: 'kernel' } for a VMM that emulates the NIC itself).
 */
export function pcPlatformConfig(cpuHz: number = DEFAULT_CPU_HZ, locations: Partial<Record<DeviceKey, DeviceLocation>> = {}): PlatformConfig {
  const devices: DevicesConfig = {
    pic: {}, pit: {}, uart: {}, ne2000: {}, ata: { image: { kind: 'generated', sectors: 2048 } },
    pci: {}, pmTimer: {}, rtc: {}, post: {}, debugcon: {},
  };
  for (const [key, location] of Object.entries(locations) as [DeviceKey, DeviceLocation][]) devices[key] = { ...devices[key], location };
  return { cpuHz, devices };
}

export class PlatformConfigError extends Error {
  constructor(readonly field: string, problem: string) {
    super(`${field}: ${problem}`);
    this.name = 'PlatformConfigError';
  }
}
