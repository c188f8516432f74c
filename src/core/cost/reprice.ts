// Re-pricing: the facts an exit WOULD have under another mechanism, for traces whose decoder
// steps were not observed (imported KVM traces) or when an emulated run is priced under a
// mechanism it did not run with (DESIGN.md "Re-pricing"). Emulated runs price their own exits
// with the steps the hypervisor model actually took; this module is only the stand-in.
// opOfRecord turns a stored exit record into the operation to price; factsUnder adds what the
// chosen mechanism would have fetched and decoded.
//
// The reference decoder (also used by the shipped profiles' check scenarios and fits) counts
// what the hypervisor model's decoder counts (rules in src/core/vmm/decode-steps.ts), for an
// instruction whose code page is in the VMM's code-translation cache:
//   fetch:  bytes = prefixes + opcode + imm8; one TLB hit, no walk
//   decode: bytes = the same; prefixes = prefix bytes;
//           tableLookups = one byte-class lookup per byte the prefix loop examines (prefixes
//           and opcode) + one form-table lookup;
//           branches = prefix dispatch per examined byte + a length-limit test before each byte
//           after a prefix and before the imm8 + opcode class + LOCK test + "byte form?" (+ the
//           operand-size test for word/dword) + for string forms the REP and address-size tests
//           (+ the segment-override test for OUTS)
// What each mechanism decodes (cost-facts.md exitinfo-*):
//   trap       everything above: the #GP says nothing about the instruction
//   vmx / svm  non-string forms nothing (the exit qualification / EXITINFO1 has it all); string
//              forms the reference decode (KVM re-decodes them with its emulator), unless the
//              profile's stringIo mode is `instruction-info` (option `stringIo`). With
//              `decodeNonStringIn` (KVM before kvm_fast_pio_in, as in kvm-2012) non-string IN
//              is decoded too
//   hypercall, batched  nothing: the operation is in registers
//   ring       only the doorbell instruction, and only when the doorbell traps
import type { ExitRecord } from '../trace/exit-record';
import { IO_FORMS } from '../cpu/io-form-table';
import { deviceClassForPort } from './device-classes';
import { DEFAULT_RING_DOORBELL } from './price-terms';
import type { DecodeSteps, ExitFacts, ExitPath, FetchSteps, IoOperation, Mechanism, StringIoMode } from './types';

/** `out dx, ax` */
export const DEFAULT_DOORBELL_FORM = 10;

export interface ReferenceSteps {
  fetch: FetchSteps;
  decode: DecodeSteps;
}

/** The reference decoder's steps for a form in 32-bit code (code page in the VMM's TLB). */
export function referenceSteps(formId: number): ReferenceSteps {
  const form = IO_FORMS[formId];
  if (!form) throw new RangeError(`form id ${formId} is not 0..23`);
  const prefixes = form.bytes32.length - 1;
  const imm8 = form.portSource === 'imm8' && !form.string ? 1 : 0;
  const bytes = form.bytes32.length + imm8;
  const examined = prefixes + 1;
  const sizeTests = form.size === 1 ? 1 : 2;
  const stringTests = form.string ? 2 + (form.direction === 'out' ? 1 : 0) : 0;
  return {
    fetch: { bytes, walkLevels: 0, tlbHits: 1 },
    decode: { bytes, prefixes, branches: examined + prefixes + imm8 + 1 + 1 + sizeTests + stringTests, tableLookups: examined + 1 },
  };
}

/** The counters of the hypervisor model's decoder (src/core/vmm/decode-steps.ts), by shape. */
export interface DecoderCounters {
  bytesFetched: number;
  walkLevels: number;
  tlbHits: number;
  prefixes: number;
  branches: number;
  tableLookups: number;
}

/** The decoder's counters as the fetch and decode facts priced by priceExit. */
export function stepsFromCounters(c: DecoderCounters): ReferenceSteps {
  return {
    fetch: { bytes: c.bytesFetched, walkLevels: c.walkLevels, tlbHits: c.tlbHits },
    decode: { bytes: c.bytesFetched, prefixes: c.prefixes, branches: c.branches, tableLookups: c.tableLookups },
  };
}

export interface RepriceOptions {
  /** For ring: the doorbell's exit path (default hypercall). */
  doorbell?: ExitPath;
  /** For ring: the doorbell instruction's form (default `out dx, ax`, the 16-bit queue-notify
   * write of legacy virtio-pci); decoded only when the doorbell traps. */
  doorbellForm?: number;
  /** Hardware exits decode non-string IN too (KVM before kvm_fast_pio_in, e.g. kvm-2012). */
  decodeNonStringIn?: boolean;
  /** Hardware exits' string forms: decode (default) or read the instruction-information field
   * (no fetch, no decode): the profile's stringIo.mode. */
  stringIo?: StringIoMode;
  /** Round trips to a userspace device model (default 1 when location is userspace). */
  userspaceTrips?: number;
}

function decodes(path: Mechanism, op: IoOperation | undefined, opts: RepriceOptions): boolean {
  if (!op) return false;
  const form = IO_FORMS[op.formId]!;
  if (path === 'trap') return true;
  if (path === 'vmx' || path === 'svm') return form.string ? opts.stringIo !== 'instruction-info' : opts.decodeNonStringIn === true && form.direction === 'in';
  return false;
}

/**
 * The facts of one exit carrying `ops` under `mechanism`: ops must hold at most one operation
 * for trap/vmx/svm/hypercall (a batch needs batched or ring).
 */
export function factsUnder(mechanism: Mechanism, ops: IoOperation[], location: ExitFacts['location'], opts: RepriceOptions = {}): ExitFacts {
  const facts: ExitFacts = { mechanism, ops, location };
  if (mechanism === 'ring') facts.doorbell = opts.doorbell ?? DEFAULT_RING_DOORBELL;
  if (opts.userspaceTrips !== undefined) facts.userspaceTrips = opts.userspaceTrips;
  const decoded = mechanism === 'ring'
    ? (facts.doorbell === 'trap' ? opts.doorbellForm ?? DEFAULT_DOORBELL_FORM : null)
    : mechanism !== 'batched' && decodes(mechanism, ops[0], opts) ? ops[0]!.formId : null;
  if (decoded !== null) {
    const steps = referenceSteps(decoded);
    facts.fetch = steps.fetch;
    facts.decode = steps.decode;
  }
  return facts;
}

/**
 * The port operation an exit record carried, for re-pricing it: null for exits that are not
 * port I/O (no form id). A string exit whose element count is unknown counts as 1 element; the
 * device class comes from the port's well-known name.
 */
export function opOfRecord(r: Pick<ExitRecord, 'formId' | 'count' | 'port'>): IoOperation | null {
  if (r.formId === null) return null;
  const form = IO_FORMS[r.formId];
  if (!form) return null;
  const op: IoOperation = { formId: form.id, count: form.string ? (r.count ?? 1) : 1 };
  const cls = r.port === null ? null : deviceClassForPort(r.port);
  if (cls !== null) op.deviceClass = cls;
  return op;
}
