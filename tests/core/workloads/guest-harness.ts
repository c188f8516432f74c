// Runs a workload image on the product's machine (src/core/machine/machine.ts) for the workload
// tests, recording what a test wants to compare: every port access the devices saw (with
// values, in order), every hypercall, the form id of every I/O instruction the CPU executed,
// the interrupt vectors taken, and — with trapIo — the #GP traps of deprivileged I/O that the
// test emulates as the trap model does (src/core/cpu/emulate.ts).
import { emulateIoInstruction, IoAction } from '../../../src/core/cpu/index';
import type { Cpu, FlatRam } from '../../../src/core/cpu/index';
import { Machine } from '../../../src/core/machine/machine';
import { performHypercall } from '../../../src/core/machine/paravirt-backend';
import type { Platform } from '../../../src/core/machine/platform';
import { pcPlatformConfig, type PlatformConfig } from '../../../src/core/machine/platform-config';
import type { PortSize } from '../../../src/core/machine/port-io';
import type { PreparedWorkload } from '../../../src/core/workloads/prepare';

export interface PortAccess {
  dir: 'in' | 'out';
  port: number;
  size: PortSize;
  value: number;
}

export interface GuestRun {
  /** Why the machine stopped ('done', 'idle', 'budget', ...). */
  reason: string;
  cpu: Cpu;
  ram: FlatRam;
  platform: Platform;
  /** Every port access the devices saw, in order (string ops element by element). */
  accesses: PortAccess[];
  /** Every VMCALL in order: its number (EAX) and port (EBX). */
  hypercalls: { nr: number; port: number }[];
  /** Form id (0-23) of every I/O instruction the CPU executed itself. */
  ioForms: number[];
  /** Vectors of the external interrupts taken. */
  vectors: number[];
  /** I/O instructions that raised #GP and were emulated (trapIo). */
  traps: number;
  /** Result block bytes, copied out of guest memory. */
  results: Uint8Array;
}

export interface GuestOptions {
  config?: PlatformConfig;
  maxInstructions?: number;
  user?: Uint8Array;
  /** Emulate the #GP of deprivileged I/O instructions instead of letting the guest see it. */
  trapIo?: boolean;
}

const GP = 13;

export function runGuest(image: Uint8Array, opts: GuestOptions = {}): GuestRun {
  const accesses: PortAccess[] = [];
  const hypercalls: { nr: number; port: number }[] = [];
  const ioForms: number[] = [];
  const vectors: number[] = [];
  let traps = 0;
  const m: Machine = new Machine({
    platform: opts.config ?? pcPlatformConfig(1_000_000_000),
    image,
    user: opts.user,
    onPortAccess: (dir, port, size, value) => accesses.push({ dir, port, size, value }),
    onInterrupt: (v) => vectors.push(v),
    hooks: {
      vmcall(c) {
        hypercalls.push({ nr: c.r32[0]! >>> 0, port: c.r32[3]! & 0xffff });
        performHypercall(c, m.ram.bytes, m.portIo);
      },
      io(_c, info) {
        ioForms.push(info.form);
        return IoAction.Execute;
      },
      exception(c, vector) {
        if (!opts.trapIo || vector !== GP) return false;
        if (emulateIoInstruction(c) === 0) return false;
        traps++;
        return true;
      },
    },
  });
  const stop = m.runToEnd({ maxInstructions: opts.maxInstructions ?? 40_000_000 });
  return { reason: stop.kind, cpu: m.cpu, ram: m.ram, platform: m.platform, accesses, hypercalls, ioForms, vectors, traps, results: m.results() };
}

export function runPrepared(prepared: PreparedWorkload, opts: Omit<GuestOptions, 'user'> = {}): GuestRun {
  return runGuest(prepared.image, { ...opts, user: prepared.user?.bytes });
}
