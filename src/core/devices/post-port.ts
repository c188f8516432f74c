// The POST diagnostic port 0x80. Firmware writes progress codes here and Linux writes it as an
// I/O delay (outb_p / io_delay), so what matters is counting the writes. Nothing drives the
// bus on a read: like QEMU's ioport80 it returns 0xFF.
import type { DeviceInfo, DeviceModel } from '../machine/device';
import type { PortRangeSpec } from '../machine/port-bus';

export const POST_PORT = 0x80;

export interface PostPortState {
  lastCode: number;
  writes: number;
}

export class PostPort implements DeviceModel<PostPortState> {
  private s: PostPortState = { lastCode: 0, writes: 0 };

  constructor(readonly info: DeviceInfo, readonly port: number = POST_PORT) {}

  get lastCode(): number {
    return this.s.lastCode;
  }

  get writes(): number {
    return this.s.writes;
  }

  portRanges(): PortRangeSpec[] {
    return [{
      name: 'POST code', base: this.port, length: 1,
      read: () => 0xff,
      write: (_port, _size, value) => {
        this.s.lastCode = value;
        this.s.writes += 1;
      },
    }];
  }

  getState(): PostPortState {
    return { ...this.s };
  }

  setState(state: PostPortState): void {
    this.s = { ...state };
  }
}
