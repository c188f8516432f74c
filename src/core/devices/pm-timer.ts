// ACPI power-management timer (ACPI spec, PM_TMR): a free-running 24-bit counter at
// 3.579545 MHz of guest time, read-only, at PM_TMR_BLK (0xB008 by default, as QEMU's PIIX4
// places it). Derived entirely from the guest clock: the counter is the number of whole
// 3.579545 MHz ticks since power-on, modulo 2^24. A 32-bit read returns it zero-extended;
// narrower reads return the addressed bytes. Writes are ignored. (TMR_STS and its SCI live
// in the PM1 event block, which this platform does not model.)
import type { GuestClock } from '../machine/guest-clock';
import type { DeviceInfo, DeviceModel } from '../machine/device';
import type { PortRangeSpec } from '../machine/port-bus';
import { ALL_SIZES, sliceOf } from '../machine/port-access';

export const PM_TIMER_HZ = 3_579_545;
export const PM_TIMER_DEFAULT_PORT = 0xb008;
export const PM_TIMER_MASK = 0xffffff;

export type PmTimerState = Record<string, never>;

export class PmTimer implements DeviceModel<PmTimerState> {
  constructor(
    readonly info: DeviceInfo,
    readonly port: number,
    private readonly clock: GuestClock,
  ) {}

  /** The counter value now. */
  value(): number {
    return this.clock.ticks(PM_TIMER_HZ) % 0x1000000;
  }

  portRanges(): PortRangeSpec[] {
    return [{
      name: 'PM_TMR', base: this.port, length: 4, sizes: ALL_SIZES,
      read: (port, size) => sliceOf(this.value(), port - this.port, size),
      write: () => {},
    }];
  }

  getState(): PmTimerState {
    return {};
  }

  setState(_state: PmTimerState): void {}
}
