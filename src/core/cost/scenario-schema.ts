// JSON shape of a priced scenario (an exit's facts plus an optional guest loop), as written in a
// profile's checks, and validateFactsShape: the rules every ExitFacts obeys, which pricing also
// applies to the facts the hypervisor model hands it. Ops name their form by id (0..23) or
// canonical mnemonic ("out dx, al"). Whether the profile supports the mechanism is checked in
// profile-schema.ts.
import { arrayOf, bool, invalid, literal, nonEmptyString, nonNegativeNumber, nullable, numberOrString, object, optional } from '../service/checks';
import type { Check } from '../service/checks';
import { I386_CYCLES } from '../cpu/cycles';
import type { CostClass } from '../cpu/cycles';
import { IO_FORMS } from '../cpu/io-form-table';
import { GUEST_LOOPS } from './guest-loops';
import { COMPONENTS, EXIT_PATHS, MECHANISMS } from './types';
import type { ComponentName, ExitFacts, GuestInsn, IoOperation, Scenario } from './types';

const count: Check<number> = (v, where) => {
  const n = nonNegativeNumber(v, where);
  return Number.isSafeInteger(n) ? n : invalid(where, `expected a whole number, got ${n}`);
};

const formRef: Check<number> = (v, where) => {
  const f = numberOrString()(v, where);
  const form = typeof f === 'number' ? IO_FORMS[f] : IO_FORMS.find((x) => x.mnemonic === f);
  if (!form || (typeof f === 'number' && !Number.isInteger(f))) invalid(where, `expected a form id 0..23 or a mnemonic such as "out dx, al", got ${JSON.stringify(f)}`);
  return form.id;
};

const deviceClass = (v: unknown, where: string): string => {
  const s = nonEmptyString(64)(v, where);
  return /^[a-z0-9][a-z0-9-]*$/.test(s) ? s : invalid(where, `expected a device class of lower-case letters, digits and '-', got "${s}"`);
};

const op: Check<IoOperation> = (v, where) => {
  const raw = object({ form: formRef, count: optional(count), device: optional(deviceClass) })(v, where);
  const n = raw.count ?? 1; // whether n fits the form is checked with the other facts rules
  return raw.device === undefined ? { formId: raw.form, count: n } : { formId: raw.form, count: n, deviceClass: raw.device };
};

const costClass: Check<CostClass> = (v, where) => {
  const s = nonEmptyString(32)(v, where);
  return s in I386_CYCLES.classes ? (s as CostClass) : invalid(where, `unknown instruction class "${s}" (see src/core/cpu/cycles.ts)`);
};

const guestInsn: Check<GuestInsn> = object({ class: costClass, memory: optional(bool), taken: optional(bool), times: optional(count) });

/** A guest loop: the name of one in guest-loops.ts, or a list of instructions. */
const guestLoop: Check<{ name?: string; insns: GuestInsn[] }> = (v, where) => {
  if (typeof v !== 'string') return { insns: arrayOf(guestInsn, 256)(v, where) };
  const insns = GUEST_LOOPS[v];
  return insns ? { name: v, insns: [...insns] } : invalid(where, `unknown guest loop "${v}" (known: ${Object.keys(GUEST_LOOPS).join(', ')})`);
};

export const componentList: Check<ComponentName[]> = arrayOf(literal(...COMPONENTS), COMPONENTS.length);

export const scenarioCheck: Check<Scenario> = (v, where) => {
  const s = object({
    mechanism: literal(...MECHANISMS),
    doorbell: optional(literal(...EXIT_PATHS)),
    ops: arrayOf(op, 1024),
    fetch: optional(nullable(object({ bytes: count, walkLevels: count, tlbHits: count }))),
    decode: optional(nullable(object({ bytes: count, prefixes: count, branches: count, tableLookups: count }))),
    bufferWalkLevels: optional(count),
    location: literal('kernel', 'userspace'),
    userspaceTrips: optional(count),
    guest: optional(guestLoop),
  })(v, where);
  validateFactsShape(s, where);
  const { guest, ...facts } = s;
  if (guest === undefined) return facts;
  return guest.name === undefined ? { ...facts, guest: guest.insns } : { ...facts, guest: guest.insns, guestLoop: guest.name };
};

/** Rules every ExitFacts must obey whatever the profile (the JSON checks above already ensure
 * the per-op ones; pricing calls this on facts from the hypervisor model). */
export function validateFactsShape(f: ExitFacts, where: string): void {
  f.ops.forEach((o, i) => {
    const form = IO_FORMS[o.formId];
    if (!form) invalid(`${where}.ops[${i}].formId`, `form id ${o.formId} is not 0..23`);
    if (!Number.isSafeInteger(o.count) || o.count < 0) invalid(`${where}.ops[${i}].count`, `expected a whole number ≥ 0, got ${o.count}`);
    if (!form.string && o.count !== 1) invalid(`${where}.ops[${i}].count`, `${form.mnemonic} moves exactly one element, got ${o.count}`);
  });
  const single = f.mechanism !== 'batched' && f.mechanism !== 'ring';
  if (single && f.ops.length > 1) invalid(`${where}.ops`, `${f.mechanism} carries at most one port operation, got ${f.ops.length}`);
  if (f.mechanism === 'ring' && f.doorbell === undefined) invalid(`${where}.doorbell`, 'ring needs the exit path of its doorbell (trap, vmx, svm or hypercall)');
  if (f.mechanism !== 'ring' && f.doorbell !== undefined) invalid(`${where}.doorbell`, 'only ring has a doorbell');
  const path = f.mechanism === 'ring' ? f.doorbell : f.mechanism;
  const decodes = path === 'trap' || path === 'vmx' || path === 'svm';
  if (!decodes && (f.fetch || f.decode)) invalid(where, `${f.mechanism} takes no instruction fetch or decode (the operation arrives in registers)`);
  for (const [name, steps] of [['fetch', f.fetch], ['decode', f.decode]] as const) {
    for (const [k, n] of Object.entries(steps ?? {})) {
      if (!Number.isSafeInteger(n) || n < 0) invalid(`${where}.${name}.${k}`, `expected a whole number ≥ 0, got ${n}`);
    }
  }
  if (f.fetch && f.fetch.tlbHits > 2) invalid(`${where}.fetch.tlbHits`, `an instruction touches at most 2 pages, got ${f.fetch.tlbHits} TLB hits`);
}
