// A machine: the i386 CPU, guest RAM and the PC platform (port bus, devices, PIC pair, guest
// clock), loaded with a workload image, run to completion or to a budget.
//
// How the parts fit:
//   - The CPU's port I/O goes through `portIo`, which first brings the platform clock up to the
//     CPU's cycle count (devices see exact guest time) and counts accesses per port.
//   - The CPU runs in slices that end at the platform's next timer deadline, so timer
//     interrupts arrive on time; the PIC's INTR line drives cpu.irqPending.
//   - HLT with IF = 0 ends the run (the guest ABI's "done"); HLT with IF = 1 idles the clock to
//     the next timer; with no timer armed nothing can wake the guest and the run stops, saying so.
//   - VMCALL goes to the hypervisor model's hook when one is attached, else to the plain
//     paravirtual backend (paravirt-backend.ts). Hypervisor models (src/core/vmm) attach the
//     CPU hooks they need through `hooks`.
// Invariant: platform.clock.now <= cpu.cycles at every port access and after every slice.
import { Cpu, FlatRam } from '../cpu/index';
import type { CpuHooks } from '../cpu/index';
import { readHeader } from '../workloads/image';
import type { ImageHeader } from '../workloads/image';
import { buildPlatform } from './platform';
import type { Platform } from './platform';
import type { PlatformConfig } from './platform-config';
import type { PortIo, PortSize } from './port-io';
import { performHypercall } from './paravirt-backend';

const IF = 0x200;
const DEFAULT_RAM = 16 << 20;

export interface MachineOptions {
  platform: PlatformConfig;
  /** A workload image: the ABI header at its first byte (src/core/workloads/image.ts). */
  image: Uint8Array;
  /** Payload for the user workload, loaded at the header's userBase. */
  user?: Uint8Array;
  /** Guest RAM in bytes (default 16 MiB, never less than the image's minRam). */
  ramBytes?: number;
  /** CPU hooks of a hypervisor model; `interruptAck` is always the machine's. */
  hooks?: Omit<CpuHooks, 'interruptAck'>;
  /** Sees every port access the devices get, in order, with the value read or written. */
  onPortAccess?: (direction: 'in' | 'out', port: number, size: PortSize, value: number) => void;
  /** Sees the vector of every external interrupt the CPU acknowledges. */
  onInterrupt?: (vector: number) => void;
}

export interface RunLimits {
  /** Stop after this many guest instructions (a REP instruction counts once). */
  maxInstructions?: number;
  /** Stop once the guest clock reaches this many cycles. */
  maxCycles?: number;
}

export type StopReason =
  | { kind: 'done'; message: string }
  | { kind: 'idle'; message: string }
  | { kind: 'triple-fault'; message: string }
  | { kind: 'budget'; message: string }
  | { kind: 'stopped'; message: string }
  | { kind: 'cancelled'; message: string };

export interface MachineProgress {
  instructions: number;
  cycles: number;
  guestNs: number;
}

export interface RunOptions extends RunLimits {
  signal?: AbortSignal;
  onProgress?: (p: MachineProgress) => void;
  /** Instructions per slice between progress reports and cancel checks (default 1,000,000). */
  sliceInstructions?: number;
}

/** Port accesses seen by the bus, per port and direction (string I/O: one per element). */
export class PortCounters {
  readonly reads = new Float64Array(0x10000);
  readonly writes = new Float64Array(0x10000);
  total = 0;
  /** Non-zero counters as rows, by port. */
  rows(): { port: number; reads: number; writes: number }[] {
    const out: { port: number; reads: number; writes: number }[] = [];
    for (let p = 0; p < 0x10000; p++) if (this.reads[p] || this.writes[p]) out.push({ port: p, reads: this.reads[p]!, writes: this.writes[p]! });
    return out;
  }
}

export class Machine {
  readonly cpu: Cpu;
  readonly platform: Platform;
  readonly ram: FlatRam;
  readonly header: ImageHeader;
  readonly ports = new PortCounters();
  readonly portIo: PortIo;

  constructor(options: MachineOptions) {
    this.header = readHeader(options.image);
    this.platform = buildPlatform(options.platform);
    const ramBytes = Math.max(options.ramBytes ?? DEFAULT_RAM, this.header.minRam);
    this.ram = new FlatRam(ramBytes);
    const { loadAddress, userBase } = this.header;
    if (loadAddress + options.image.length > ramBytes) {
      throw new RangeError(`image ${this.header.id} (${options.image.length} bytes at 0x${loadAddress.toString(16)}) does not fit in ${ramBytes} bytes of RAM`);
    }
    this.ram.bytes.set(options.image, loadAddress);
    if (options.user) {
      if (!this.header.user) throw new RangeError(`image ${this.header.id} takes no user payload`);
      this.ram.bytes.set(options.user, userBase);
    }
    const { bus, clock, interrupts } = this.platform;
    const ports = this.ports;
    const observe = options.onPortAccess;
    let cpu: Cpu | null = null;
    const sync = (): void => {
      if (cpu && cpu.cycles > clock.now) clock.advanceTo(cpu.cycles);
    };
    this.portIo = {
      read(port: number, size: PortSize): number {
        sync();
        ports.reads[port]!++;
        ports.total++;
        const value = bus.read(port, size);
        observe?.('in', port, size, value);
        return value;
      },
      write(port: number, size: PortSize, value: number): void {
        sync();
        ports.writes[port]!++;
        ports.total++;
        observe?.('out', port, size, value);
        bus.write(port, size, value);
      },
    };
    const ramBytesView = this.ram.bytes;
    const portIo = this.portIo;
    const hooks: CpuHooks = {
      vmcall: (c) => performHypercall(c, ramBytesView, portIo),
      ...options.hooks,
      interruptAck: () => {
        const vector = interrupts.acknowledge();
        options.onInterrupt?.(vector);
        return vector;
      },
    };
    cpu = new Cpu({ memory: this.ram, io: this.portIo, hooks });
    this.cpu = cpu;
    const theCpu = cpu;
    interrupts.onIntrChange((asserted) => theCpu.setIrq(asserted));
    cpu.eip = loadAddress + this.header.entry;
  }

  private syncClock(): void {
    if (this.cpu.cycles > this.platform.clock.now) this.platform.clock.advanceTo(this.cpu.cycles);
  }

  get progress(): MachineProgress {
    return { instructions: this.cpu.instructions, cycles: this.cpu.cycles, guestNs: this.platform.clock.nanos() };
  }

  /**
   * Runs up to `maxInstructions` more instructions (ending early at limits). Returns why the
   * machine stopped, or null when it can go on.
   */
  runSlice(maxInstructions: number, limits: RunLimits = {}): StopReason | null {
    const cpu = this.cpu;
    const clock = this.platform.clock;
    const deadline = Math.min(clock.nextDeadline, limits.maxCycles ?? Infinity);
    const why = cpu.run(maxInstructions, Number.isFinite(deadline) ? deadline : undefined);
    this.syncClock();
    switch (why) {
      case 'hlt': {
        if ((cpu.getEflags() & IF) === 0) return { kind: 'done', message: `halted with interrupts disabled at EIP 0x${(cpu.eip >>> 0).toString(16)}` };
        const next = clock.nextDeadline;
        if (!Number.isFinite(next)) {
          return { kind: 'idle', message: `HLT with interrupts enabled at EIP 0x${(cpu.eip >>> 0).toString(16)} and no device timer armed: nothing can wake the guest` };
        }
        if (next > cpu.cycles) cpu.cycles = next;
        this.syncClock();
        break;
      }
      case 'triple-fault':
        return { kind: 'triple-fault', message: `triple fault at EIP 0x${(cpu.eip >>> 0).toString(16)}: the machine shut down` };
      case 'stop':
        return { kind: 'stopped', message: 'stopped by the hypervisor model' };
      default:
        break;
    }
    if (limits.maxInstructions !== undefined && cpu.instructions >= limits.maxInstructions) {
      return { kind: 'budget', message: `instruction budget of ${limits.maxInstructions.toLocaleString('en-US')} reached before the guest finished` };
    }
    if (limits.maxCycles !== undefined && cpu.cycles >= limits.maxCycles) {
      return { kind: 'budget', message: `cycle budget of ${limits.maxCycles.toLocaleString('en-US')} reached before the guest finished` };
    }
    return null;
  }

  /** Runs synchronously until the guest stops or a limit is reached. */
  runToEnd(limits: RunLimits = {}, sliceInstructions = 1_000_000): StopReason {
    for (;;) {
      const left = limits.maxInstructions === undefined ? sliceInstructions : Math.min(sliceInstructions, limits.maxInstructions - this.cpu.instructions);
      const stop = this.runSlice(Math.max(1, left), limits);
      if (stop) return stop;
    }
  }

  /** Runs in slices, yielding to the event loop between them for progress and cancellation. */
  async run(options: RunOptions = {}): Promise<StopReason> {
    const slice = options.sliceInstructions ?? 1_000_000;
    for (;;) {
      if (options.signal?.aborted) return { kind: 'cancelled', message: 'the run was cancelled' };
      const left = options.maxInstructions === undefined ? slice : Math.min(slice, options.maxInstructions - this.cpu.instructions);
      const stop = this.runSlice(Math.max(1, left), options);
      options.onProgress?.(this.progress);
      if (stop) return stop;
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
  }

  /** A copy of the image's result block from guest memory. */
  results(): Uint8Array {
    const at = this.header.loadAddress + this.header.resultsOffset;
    return this.ram.bytes.slice(at, at + this.header.resultsSize);
  }
}
