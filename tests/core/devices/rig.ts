// Test rig for device models: a guest clock, a port bus, a PIC pair behind the IRQ lines, and
// short-hand port accessors, so each device test reads like the guest driver it imitates.
import { PicPair } from '../../../src/core/devices/pic-pair';
import { attachDevice, type DeviceInfo, type DeviceModel } from '../../../src/core/machine/device';
import { GuestClock } from '../../../src/core/machine/guest-clock';
import { IrqLine } from '../../../src/core/machine/irq';
import { PortBus } from '../../../src/core/machine/port-bus';
import type { PortIo } from '../../../src/core/machine/port-io';

export interface Rig extends PortIo {
  clock: GuestClock;
  bus: PortBus;
  pic: PicPair;
  line(irq: number): IrqLine;
  attach<T extends DeviceModel<unknown>>(device: T): T;
  inb(port: number): number;
  inw(port: number): number;
  inl(port: number): number;
  outb(port: number, value: number): void;
  outw(port: number, value: number): void;
  outl(port: number, value: number): void;
}

export const KERNEL = (name: string): DeviceInfo => ({ name, location: 'kernel' });
export const USER = (name: string): DeviceInfo => ({ name, location: 'userspace' });

/** 100 MHz by default: 100 cycles per microsecond keeps expected values readable. */
export function rig(cpuHz = 100_000_000): Rig {
  const clock = new GuestClock(cpuHz);
  const bus = new PortBus();
  const pic = new PicPair(KERNEL('pic'));
  attachDevice(bus, pic);
  return {
    clock, bus, pic,
    read: (port, size) => bus.read(port, size),
    write: (port, size, value) => bus.write(port, size, value),
    line: (irq) => new IrqLine(pic, irq),
    attach: (device) => {
      attachDevice(bus, device);
      return device;
    },
    inb: (port) => bus.read(port, 1),
    inw: (port) => bus.read(port, 2),
    inl: (port) => bus.read(port, 4),
    outb: (port, value) => bus.write(port, 1, value),
    outw: (port, value) => bus.write(port, 2, value),
    outl: (port, value) => bus.write(port, 4, value),
  };
}

/** Programs both PICs like a PC BIOS/Linux: edge, cascade on IR2, 8086 mode, all unmasked. */
export function initPics(io: PortIo, masterBase = 0x20, slaveBase = 0x28): void {
  const outb = (port: number, value: number): void => io.write(port, 1, value);
  outb(0x20, 0x11); outb(0x21, masterBase); outb(0x21, 0x04); outb(0x21, 0x01);
  outb(0xa0, 0x11); outb(0xa1, slaveBase); outb(0xa1, 0x02); outb(0xa1, 0x01);
  outb(0x21, 0x00); outb(0xa1, 0x00);
}

/** JSON round trip, as a snapshot file would do. */
export function viaJson<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}
