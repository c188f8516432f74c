// DTO factories of emulated runs for the renderer's unit tests (breakdown, savings, catalogue).
import type { FormBreakdown, ParamSourceInfo, ProfileInfo, RunBreakdown, RunSavings, WorkloadInfo } from '../../src/shared/runs';
import { histogram } from './fixtures';

export function param(id: string, value: number, kind: ParamSourceInfo['kind'] = 'measured'): ParamSourceInfo {
  return { id, value, published: { value, unit: 'cycles' }, kind, source: { url: 'https://example.org/fig', citation: null, note: 'table 2' }, derivation: null, inheritedFrom: null, borrowedFrom: null };
}

export function formRow(formId: number | null, label: string, exits: number, entry: number, decode: number): FormBreakdown {
  const cycles = { entry, dispatch: 0, fetch: 0, decode, permission: 0, userspace: 0, emulate: 0, resume: 0 };
  return { key: formId === null ? 'none' : String(formId), formId, label, exits, cycles, totalCycles: entry + decode };
}

export function breakdown(): RunBreakdown {
  return {
    traceId: 1, run: { workload: 'io_forms', mechanism: 'trap', profileId: 'p4-2007', runGroup: 'g' }, status: 'complete', cpuHz: 1e9,
    forms: [formRow(9, 'out dx, al', 4, 8000, 160), formRow(13, 'rep insb', 1, 2000, 50)],
    sources: {
      9: [
        { component: 'entry', derivation: 'entry.trap 2000', params: [param('entry.trap', 2000)] },
        { component: 'decode', derivation: 'decode.byte 4 × 10 = 40', params: [param('decode.byte', 4, 'assumed')] },
        { component: 'userspace', derivation: 'none: the device model is in the kernel/VMM', params: [] },
      ],
      13: [{ component: 'entry', derivation: 'entry.trap 2000', params: [param('entry.trap', 2000)] }],
    },
    sourcesDerivation: 'first exit of each form',
    histograms: [
      { traceId: 1, mechanism: 'trap', histogram: histogram(4, { 44: 5 }) },
      { traceId: 2, mechanism: 'hypercall', histogram: histogram(4, { 32: 5 }) },
    ],
  };
}

export function savings(): RunSavings {
  const results = (v: number) => [{ name: 'cyclesPerIteration', unit: 'cycles', formula: '(tsc_end - tsc_start) / iterations', value: v }];
  return {
    runGroup: 'g', workload: 'outl_to_kernel', profileId: 'p4-2007',
    completeness: { requested: ['trap', 'hypercall'], missing: [], partial: [], complete: true },
    baseline: { traceId: 1, mechanism: 'trap', why: 'the trap run' },
    mechanisms: [
      { traceId: 1, mechanism: 'trap', status: 'complete', exits: 10, exitCycles: 20_000, guestCycles: 40_000, shareInExits: 0.5, savedCycles: 0, results: results(2164) },
      { traceId: 2, mechanism: 'hypercall', status: 'complete', exits: 10, exitCycles: 3000, guestCycles: 23_000, shareInExits: 3000 / 23_000, savedCycles: 17_000, results: results(359.5) },
    ],
    forms: [{ key: '9', formId: 9, label: 'out dx, al', exits: { 1: 10, 2: 10 }, cycles: { 1: 20_000, 2: 3000 }, saved: { 1: 0, 2: 17_000 } }],
    derivations: { exitCycles: 'Σ cost_total', share: 'exit cycles ÷ guest cycles', saved: 'baseline − this', savedPerForm: 'per form', results: 'guest RDTSC' },
    notes: [],
  };
}

export function workloadInfo(): WorkloadInfo {
  return {
    id: 'outl_to_kernel', title: 'outl_to_kernel', description: 'd',
    params: [
      { kind: 'int', name: 'cpl', description: '', default: 0, min: 0, max: 3, unit: 'ring', allowed: null, setBy: { trap: 3 } },
      { kind: 'choice', name: 'ioBitmap', description: '', default: 'allow', choices: ['allow', 'deny', 'none'], setBy: { trap: 'deny' } },
      { kind: 'int', name: 'iterations', description: '', default: 10_000, min: 1, max: 10_000_000, unit: 'iterations', allowed: null, setBy: {} },
      { kind: 'int', name: 'port', description: '', default: 0x4d0, min: 0, max: 0xffff, unit: 'port', allowed: null, setBy: {} },
      { kind: 'int', name: 'width', description: '', default: 1, min: 1, max: 4, unit: 'bytes', allowed: [1, 2, 4], setBy: {} },
    ],
    devices: [{ key: 'pic', defaultLocation: 'kernel', usedByWorkload: true }, { key: 'ne2000', defaultLocation: 'userspace', usedByWorkload: false }],
    derived: [],
  };
}

export function profileInfo(mechanisms: ProfileInfo['mechanisms']): ProfileInfo {
  return {
    id: 'p4-2007', title: 'P4', cpu: 'Pentium 4', clockMhz: 2800, mechanisms, origin: 'built-in',
    kinds: { measured: 2, manual: 0, derived: 1, assumed: 9 }, sources: ['https://lkml.org/x'], checks: { total: 3, passed: 3 },
  };
}
