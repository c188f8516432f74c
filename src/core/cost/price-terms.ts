// The pricing formula written once, as the list of (component, parameter, multiplier) terms an
// exit's facts call for (docs/cost-model.md "Formulas"). Both pricing paths consume it:
// priceExit collects the terms with their parameter ids and a derivation (for the UI and the
// CLI), priceExitCycles only sums them (for millions of exits per run).
//
// The exit path P is the mechanism itself for trap/vmx/svm/hypercall, hypercall for batched and
// the doorbell's path for ring (facts.doorbell; default DEFAULT_RING_DOORBELL, the shipped ring
// build's VMCALL kick and reprice.ts's default). With n = ops.length:
//   entry      = entry.P
//   dispatch   = dispatch.P (+ n × batch.op | ring.op)
//   fetch      = fetch.byte × bytes + fetch.walkLevel × walkLevels + fetch.tlbHit × tlbHits  (facts.fetch)
//   decode     = decode.invoke + byte × bytes + prefix × prefixes + branch × branches
//                + tableLookup × lookups                                                (facts.decode)
//   permission = n × permission.check, except single vmx/svm exits (the CPU's I/O bitmap)
//   userspace  = trips × userspace.roundTrip
//   emulate    = Σ ops (emulate.access + [string] count × emulate.element + emulate.device.<class>)
//                + bufferWalkLevels × fetch.walkLevel
//   resume     = resume.P
// Terms may have multiplier 0 (sinks skip them); `optional` terms are skipped when the profile
// lacks the parameter (device extras); any other missing parameter is an error of the sink.
import { IO_FORMS } from '../cpu/io-form-table';
import { DEVICE_PARAM_PREFIX } from './types';
import type { ComponentName, ExitFacts, ExitPath, ParamId } from './types';

export type TermSink = (component: ComponentName, id: ParamId, times: number, optional: boolean) => void;

// Parameter ids built once (the fast path prices millions of exits).
const per = <C extends string>(c: C): Record<ExitPath, `${C}.${ExitPath}`> =>
  ({ trap: `${c}.trap`, vmx: `${c}.vmx`, svm: `${c}.svm`, hypercall: `${c}.hypercall` });
export const ENTRY = per('entry');
const DISPATCH = per('dispatch');
const RESUME = per('resume');
const deviceIds = new Map<string, ParamId>();
function deviceParam(cls: string): ParamId {
  let id = deviceIds.get(cls);
  if (id === undefined) {
    id = `${DEVICE_PARAM_PREFIX}${cls}`;
    deviceIds.set(cls, id);
  }
  return id;
}

/** The doorbell path of a ring exit whose facts name none: the guest's HC_RING_KICK VMCALL. */
export const DEFAULT_RING_DOORBELL: ExitPath = 'hypercall';

export function exitPathOf(f: ExitFacts): ExitPath {
  if (f.mechanism === 'batched') return 'hypercall';
  if (f.mechanism === 'ring') return f.doorbell ?? DEFAULT_RING_DOORBELL;
  return f.mechanism;
}

/** Single VT-x / AMD-V exits: the CPU checked its I/O bitmap before exiting. */
export function hardwareChecked(f: ExitFacts): boolean {
  return f.mechanism === 'vmx' || f.mechanism === 'svm';
}

export function userspaceTrips(f: ExitFacts): number {
  return f.userspaceTrips ?? (f.location === 'userspace' ? 1 : 0);
}

export function emitTerms(f: ExitFacts, path: ExitPath, sink: TermSink): void {
  const n = f.ops.length;
  sink('entry', ENTRY[path], 1, false);
  sink('dispatch', DISPATCH[path], 1, false);
  if (f.mechanism === 'batched') sink('dispatch', 'batch.op', n, false);
  if (f.mechanism === 'ring') sink('dispatch', 'ring.op', n, false);
  if (f.fetch) {
    sink('fetch', 'fetch.byte', f.fetch.bytes, false);
    sink('fetch', 'fetch.walkLevel', f.fetch.walkLevels, false);
    sink('fetch', 'fetch.tlbHit', f.fetch.tlbHits, false);
  }
  if (f.decode) {
    sink('decode', 'decode.invoke', 1, false);
    sink('decode', 'decode.byte', f.decode.bytes, false);
    sink('decode', 'decode.prefix', f.decode.prefixes, false);
    sink('decode', 'decode.branch', f.decode.branches, false);
    sink('decode', 'decode.tableLookup', f.decode.tableLookups, false);
  }
  if (!hardwareChecked(f)) sink('permission', 'permission.check', n, false);
  sink('userspace', 'userspace.roundTrip', userspaceTrips(f), false);
  for (const op of f.ops) {
    sink('emulate', 'emulate.access', 1, false);
    if (IO_FORMS[op.formId]!.string) sink('emulate', 'emulate.element', op.count, false);
    if (op.deviceClass) sink('emulate', deviceParam(op.deviceClass), 1, true);
  }
  sink('emulate', 'fetch.walkLevel', f.bufferWalkLevels ?? 0, false);
  sink('resume', RESUME[path], 1, false);
}
