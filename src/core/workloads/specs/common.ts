// Pieces every workload spec shares: the common parameters (P_CPL..P_RING in
// asm/kernel/abi.inc), the common derived results and the spec constructor.
import { IO_BITMAP_POLICIES, P, P_WL, R_WL } from '../abi';
import type { DerivedResult, IntParam, ParamSpec, WorkloadSpec } from '../types';

const U16_MAX = 0xffff;

export function intParam(name: string, offset: number, def: number, min: number, max: number, description: string, unit?: string): IntParam {
  return { kind: 'int', name, offset, default: def, min, max, description, ...(unit === undefined ? {} : { unit }) };
}

export function portParam(name: string, offset: number, def: number, description: string): IntParam {
  return intParam(name, offset, def, 0, U16_MAX, description, 'port');
}

/** The six common parameters; `iterations` gets the workload's default, limit and meaning. */
export function commonParams(iterations: { default: number; max: number; description: string; unit: string }): ParamSpec[] {
  return [
    intParam('cpl', P.cpl, 0, 0, 3, 'Privilege level the driver runs at (the kernel and its interrupt stubs stay at 0).', 'ring'),
    intParam('iopl', P.iopl, 0, 0, 3, 'EFLAGS.IOPL while the driver runs: port I/O needs CPL <= IOPL or the I/O bitmap.', 'level'),
    {
      kind: 'choice', name: 'ioBitmap', offset: P.ioBitmap, default: 'allow', choices: IO_BITMAP_POLICIES,
      description: 'TSS I/O permission bitmap, consulted when CPL > IOPL: allow (every port), deny (every port), none (no bitmap: denied).',
    },
    intParam('iterations', P.iterations, iterations.default, 1, iterations.max, iterations.description, iterations.unit),
    intParam('pollLimit', P.pollLimit, 1_000_000, 1, 0xffff_ffff, 'Reads a device poll loop may make before the driver gives up with "device timeout".', 'reads'),
    intParam('ring', P.ring, 0, 0, 1, 'Paravirtual build only: 1 posts port operations as descriptors in a shared ring, one doorbell hypercall per batch (writes are posted; a read, a string op or a flush rings the doorbell). The native build ignores it.'),
  ];
}

/** cycles / n, or null when n is zero. */
function per(cycles: number, n: number): number | null {
  return n > 0 ? cycles / n : null;
}

/** n per guest second over the measured window, or null when nothing was measured. */
function perSecond(n: number, cycles: number, cpuHz: number): number | null {
  return cycles > 0 ? (n * cpuHz) / cycles : null;
}

/** cycles / counter: "cycles per byte", "cycles per frame"... */
export function cyclesPer(name: string, counter: string): DerivedResult {
  return { name, unit: 'cycles', formula: `(tsc_end - tsc_start) / ${counter}`, compute: (c) => per(c.cycles, field(c.fields, counter)) };
}

/** counter per guest second: "frames/s", "Hz"... */
export function rate(name: string, counter: string, unit: string, scale = 1): DerivedResult {
  const what = scale === 1 ? counter : `${counter} x ${scale}`;
  return { name, unit, formula: `${what} / guest seconds`, compute: (c) => perSecond(field(c.fields, counter) * scale, c.cycles, c.cpuHz) };
}

export const guestTime: DerivedResult = {
  name: 'guestTimeUs',
  unit: 'µs',
  formula: '(tsc_end - tsc_start) / cpuHz, in microseconds',
  compute: (c) => (c.cycles * 1e6) / c.cpuHz,
};

export function field(fields: Readonly<Record<string, number | string>>, name: string): number {
  const v = fields[name];
  if (typeof v !== 'number') throw new Error(`result field ${name} is not numeric`);
  return v;
}

type SpecInput = Omit<WorkloadSpec, 'binaries' | 'userPayload' | 'interrupts'> & { interrupts?: boolean; userPayload?: boolean };

/** Fills in the binaries' file names and the flags' defaults; checks the layout is sane. */
export function workload(spec: SpecInput): WorkloadSpec {
  for (const p of spec.params) {
    if (p.offset >= spec.paramsSize) throw new Error(`${spec.id}: parameter ${p.name} at 0x${p.offset.toString(16)} is beyond the block`);
  }
  for (const r of spec.results) {
    if (r.offset < R_WL || r.offset >= spec.resultsSize) throw new Error(`${spec.id}: result ${r.name} is outside the workload part of the block`);
  }
  if (spec.paramsSize < P_WL) throw new Error(`${spec.id}: parameter block smaller than the common part`);
  return {
    interrupts: false,
    userPayload: false,
    ...spec,
    binaries: { native: `${spec.id}.native.bin`, pv: `${spec.id}.pv.bin` },
  };
}
