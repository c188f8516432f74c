// The Bochs/QEMU debug console port 0xE9: every byte written is appended to `output`; a read
// returns 0xE9 so that a guest can detect the port (Bochs "port E9 hack", QEMU isa-debugcon).
// Bytes are buffered and turned into text when `output` is read, so a chatty guest costs one
// array push per byte.
import type { DeviceInfo, DeviceModel } from '../machine/device';
import type { PortRangeSpec } from '../machine/port-bus';

export const DEBUG_CONSOLE_PORT = 0xe9;
const CHUNK = 4096;

export interface DebugConsoleState {
  output: string;
}

export class DebugConsole implements DeviceModel<DebugConsoleState> {
  private text = '';
  private pending: number[] = [];

  constructor(readonly info: DeviceInfo, readonly port: number = DEBUG_CONSOLE_PORT) {}

  /** Everything written so far (bytes as Latin-1 characters). */
  get output(): string {
    for (let i = 0; i < this.pending.length; i += CHUNK) this.text += String.fromCharCode(...this.pending.slice(i, i + CHUNK));
    this.pending = [];
    return this.text;
  }

  portRanges(): PortRangeSpec[] {
    return [{
      name: 'console', base: this.port, length: 1,
      read: () => 0xe9,
      write: (_port, _size, value) => {
        this.pending.push(value);
      },
    }];
  }

  getState(): DebugConsoleState {
    return { output: this.output };
  }

  setState(state: DebugConsoleState): void {
    this.text = state.output;
    this.pending = [];
  }
}
