// A minimal machine loop for running a workload image on the real CPU and PC platform in
// tests (the product's machine run loop lives elsewhere): load the image at its load address,
// start at its entry, keep the platform clock at the CPU's cycle count before every port
// access, and deliver the PIC's interrupts. A hypercall handler performs the paravirtual ops
// on the same port bus, so native and paravirtual builds can be compared access for access.
import { Cpu, FlatRam, type CpuHooks } from '../../../src/core/cpu/index';
import { buildPlatform, type Platform } from '../../../src/core/machine/platform';
import { pcPlatformConfig, type PlatformConfig } from '../../../src/core/machine/platform-config';
import type { PortIo, PortSize } from '../../../src/core/machine/port-io';
import { readHeader } from '../../../src/core/workloads/image';
import { HC } from '../../../src/core/workloads/abi';

export interface PortAccess {
  dir: 'in' | 'out';
  port: number;
  size: PortSize;
  value: number;
}

export interface GuestRun {
  reason: string;
  cpu: Cpu;
  ram: FlatRam;
  platform: Platform;
  /** Every port access the devices saw, in order (string ops element by element). */
  accesses: PortAccess[];
  /** Every VMCALL in order: its number (EAX) and port (EBX). */
  hypercalls: { nr: number; port: number }[];
  /** Result block bytes, copied out of guest memory. */
  results: Uint8Array;
}

const IF = 0x200;
const RAM_BYTES = 16 << 20;

export function runGuest(image: Uint8Array, opts: { config?: PlatformConfig; maxSlices?: number; user?: Uint8Array } = {}): GuestRun {
  const header = readHeader(image);
  const platform = buildPlatform(opts.config ?? pcPlatformConfig(1_000_000_000));
  const ram = new FlatRam(RAM_BYTES);
  ram.bytes.set(image, header.loadAddress);
  if (opts.user && header.userBase !== 0) ram.bytes.set(opts.user, header.userBase);
  const accesses: PortAccess[] = [];
  let cpu: Cpu | null = null;
  const sync = (): void => {
    if (cpu && cpu.cycles > platform.clock.now) platform.clock.advanceTo(cpu.cycles);
  };
  const io: PortIo = {
    read(port, size) {
      sync();
      const value = platform.bus.read(port, size);
      accesses.push({ dir: 'in', port, size, value });
      return value;
    },
    write(port, size, value) {
      sync();
      accesses.push({ dir: 'out', port, size, value });
      platform.bus.write(port, size, value);
    },
  };
  const hypercalls: { nr: number; port: number }[] = [];
  const mem = new DataView(ram.bytes.buffer);
  const hooks: CpuHooks = {
    vmcall(c) {
      const [eax, ecx, edx, ebx, , , esi, edi] = Array.from(c.r32, (v) => v >>> 0);
      const port = ebx & 0xffff;
      hypercalls.push({ nr: eax, port });
      const elem = (size: number, at: number): number => (size === 1 ? mem.getUint8(at) : size === 2 ? mem.getUint16(at, true) : mem.getUint32(at, true));
      const put = (size: number, at: number, v: number): void => {
        if (size === 1) mem.setUint8(at, v);
        else if (size === 2) mem.setUint16(at, v, true);
        else mem.setUint32(at, v, true);
      };
      let ret = 0;
      if (eax === HC.IN) ret = io.read(port, ecx as PortSize);
      else if (eax === HC.OUT) io.write(port, ecx as PortSize, edx);
      else if (eax === HC.INS) for (let i = 0; i < ecx; i++) put(edx, edi + i * edx, io.read(port, edx as PortSize));
      else if (eax === HC.OUTS) for (let i = 0; i < ecx; i++) io.write(port, edx as PortSize, elem(edx, esi + i * edx));
      else if (eax === HC.OUT_BATCH) {
        for (let i = 0; i < ecx; i++) {
          const at = esi + i * 8;
          io.write(mem.getUint16(at, true), mem.getUint8(at + 2) as PortSize, mem.getUint32(at + 4, true));
        }
      } else if (eax !== HC.NOP) ret = -1;
      c.r32[0] = ret;
      if (eax === HC.INS) c.physicalWritten(edi, ecx * edx);
    },
    interruptAck: () => platform.interrupts.acknowledge(),
  };
  cpu = new Cpu({ memory: ram, io, hooks });
  const theCpu = cpu;
  platform.interrupts.onIntrChange((a) => theCpu.setIrq(a));
  cpu.eip = header.loadAddress + header.entry;
  let reason = 'budget';
  for (let slice = 0; slice < (opts.maxSlices ?? 20_000); slice++) {
    reason = cpu.run(2_000);
    sync();
    if (reason === 'hlt') {
      if ((cpu.getEflags() & IF) === 0) break;
      const next = platform.clock.nextDeadline;
      if (!Number.isFinite(next) || next < 0) break; // idle forever: nothing will wake it
      if (next > cpu.cycles) cpu.cycles = next;
      sync();
    } else if (reason !== 'budget') break;
  }
  const results = ram.bytes.slice(header.loadAddress + header.resultsOffset, header.loadAddress + header.resultsOffset + header.resultsSize);
  return { reason, cpu, ram, platform, accesses, hypercalls, results };
}
