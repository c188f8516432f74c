// What every device model shares: who it is (a name that labels exits and charts, and where it
// lives from the hypervisor's point of view), the port ranges it answers, and a snapshot of its
// state as plain JSON-able data.
// Invariant: setState(getState()) on a device built from the same config restores behaviour
// exactly, including armed timers (devices keep deadlines in their state and re-arm them).
import type { PortBus, PortRangeSpec } from './port-bus';

/** Where a device model runs, seen from the hypervisor: in the kernel/VMM or in a userspace process. */
export type DeviceLocation = 'kernel' | 'userspace';

/** Who answers for a port: shown on every exit the access causes. */
export interface DeviceInfo {
  readonly name: string;
  readonly location: DeviceLocation;
}

export interface DeviceModel<S> {
  readonly info: DeviceInfo;
  /** The register blocks this device decodes (registered on the bus by the platform builder). */
  portRanges(): PortRangeSpec[];
  getState(): S;
  setState(state: S): void;
}

/** Registers all of a device's ranges; throws PortConflictError on an overlap. */
export function attachDevice(bus: PortBus, device: DeviceModel<unknown>): void {
  for (const range of device.portRanges()) bus.register(device.info, range);
}
