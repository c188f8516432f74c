// A CPU profile file (JSON) → a validated Profile. Two passes: the shape (every field typed,
// unknown fields rejected) with the generic checks, then the rules that tie fields together
// (known parameter ids, required parameters, derivations, fit/check bookkeeping, mechanisms
// complete, units convertible, checks pricing only what the profile supports). Every error is a
// ValidationError whose message starts with the field path; the loader prefixes the file.
import { arrayOf, invalid, literal, nonEmptyString, nonNegativeNumber, nullable, object, optional, recordOf, requireTopLevelObject } from '../service/checks';
import type { Check } from '../service/checks';
import { componentList, scenarioCheck } from './scenario-schema';
import { DEVICE_PARAM_PREFIX, EXIT_PATHS, FIXED_PARAMS, REQUIRED_PARAMS, STRING_IO_MODES, STRING_PIO_MODELS } from './types';
import type { Clock, Era, ExitPath, Parameter, ParamId, ParamSet, Profile, ProfileCheck, Scenario, Source } from './types';

export const PROFILE_ID = /^[a-z0-9][a-z0-9._-]{0,63}$/;
const GUEST_TABLES = ['i386'] as const;

const text = nonEmptyString(4000);

const sourceCheck: Check<Source> = (v, where) => {
  const s = object({ url: optional(nonEmptyString(2000)), citation: optional(text), fact: optional(nonEmptyString(100)), note: text })(v, where);
  if (s.url === undefined && s.citation === undefined) invalid(where, 'a source needs a url or a citation');
  return s;
};

function knownParam(k: string, where: string): void {
  const known = (FIXED_PARAMS as readonly string[]).includes(k) || /^emulate\.device\.[a-z0-9][a-z0-9-]*$/.test(k);
  if (!known) invalid(where, `unknown parameter (known: ${FIXED_PARAMS.join(', ')}, ${DEVICE_PARAM_PREFIX}<class>)`);
}

const paramShape = object({
  value: nonNegativeNumber,
  unit: literal('cycles', 'ns', 'us', 'ratio'),
  kind: literal('measured', 'manual', 'derived', 'assumed'),
  role: literal('fit', 'check'),
  fitTo: optional(arrayOf(nonEmptyString(100), 50)),
  source: sourceCheck,
  derivation: optional(text),
  borrowedFrom: optional(nonEmptyString(200)),
});

const checkShape = object({
  id: nonEmptyString(100),
  what: text,
  published: object({ value: nonNegativeNumber, unit: literal('cycles', 'ns', 'us', 'ratio') }),
  expect: literal('within', 'below', 'above'),
  tolerance: optional(nonNegativeNumber),
  source: sourceCheck,
  scenario: scenarioCheck,
  components: optional(componentList),
  per: optional(object({ scenario: scenarioCheck, components: optional(componentList) })),
  derivedFrom: optional(arrayOf(nonEmptyString(100), 50)),
});

const profileShape = object({
  $schema: optional(nonEmptyString(200)),
  id: (v, where) => {
    const s = nonEmptyString(64)(v, where);
    return PROFILE_ID.test(s) ? s : invalid(where, `expected lower-case letters, digits, '.', '_' or '-', got "${s}"`);
  },
  title: nonEmptyString(200),
  cpu: object({
    model: nonEmptyString(300),
    clock: object({
      value: nullable(nonNegativeNumber),
      unit: optional(literal('MHz', 'GHz')),
      kind: literal('measured', 'manual', 'derived', 'assumed'),
      source: sourceCheck,
    }),
  }),
  description: text,
  guestCycleTable: literal(...GUEST_TABLES),
  stringIo: optional(object({ mode: literal(...STRING_IO_MODES), source: sourceCheck })),
  era: optional(object({
    vmm: literal('kvm', 'xen', 'other'),
    version: nullable(nonEmptyString(200)),
    fastPioIn: (v: unknown, where: string): boolean => (typeof v === 'boolean' ? v : invalid(where, 'expected true or false')),
    stringPio: literal(...STRING_PIO_MODELS),
    source: sourceCheck,
  })),
  inherits: optional(arrayOf(nonEmptyString(64), 20)),
  parameters: recordOf(paramShape, knownParam),
  checks: arrayOf(checkShape, 200),
});

/** The era a hardware-exit profile that states none is modelled with: today's KVM (fast PIO for
 * IN and OUT, string PIO through the emulator). A stated default, shown as "not stated". */
export const DEFAULT_ERA: Era = {
  vmm: 'kvm', version: null, fastPioIn: true, stringPio: 'kvm-emulator',
  source: { url: 'https://github.com/torvalds/linux/blob/master/arch/x86/kvm/x86.c', note: 'Default for a profile that states no era: current KVM (kvm_fast_pio handles non-string IN and OUT; INS/OUTS go through the emulator). Not a property of the profile.' },
};

/** The era the model uses for a profile: its own, or DEFAULT_ERA. */
export function eraOf(profile: Profile): Era {
  return profile.era ?? DEFAULT_ERA;
}

function toCycles(value: number, unit: string, mhz: number | null, where: string): number {
  if (unit === 'cycles' || unit === 'ratio') return value;
  if (mhz === null) invalid(where, `a value in ${unit} needs the profile clock (cpu.clock.value), which is null`);
  return unit === 'ns' ? (value * mhz) / 1000 : value * mhz;
}

/** The exit paths a profile can price: those with an entry (dispatch and resume are then required). */
export function supportedPaths(params: ReadonlyMap<ParamId, Parameter>): ExitPath[] {
  return EXIT_PATHS.filter((p) => params.has(`entry.${p}`));
}

function checkScenarioSupported(s: Scenario, paths: ExitPath[], where: string): void {
  const path = s.mechanism === 'ring' ? s.doorbell! : s.mechanism === 'batched' ? 'hypercall' : s.mechanism;
  if (!paths.includes(path)) invalid(`${where}.mechanism`, `${s.mechanism}${s.mechanism === 'ring' ? ` via ${path}` : ''} needs entry.${path}, which this profile does not define`);
}

type RawParam = ReturnType<typeof paramShape>;

/** Validates parameters; `checkIds` are the checks a fit may name (null: a set, no fits). */
function toParams(raw: Map<string, RawParam>, mhz: number | null, checkIds: ReadonlySet<string> | null, inheritedFrom?: string, setBorrowedFrom?: string): Map<ParamId, Parameter> {
  const params = new Map<ParamId, Parameter>();
  for (const [id, p] of raw) {
    const where = `parameters.${id}`;
    if ((id === 'guest.clockScale') !== (p.unit === 'ratio')) invalid(`${where}.unit`, id === 'guest.clockScale' ? 'expected ratio' : 'ratio is only for guest.clockScale');
    if (p.kind === 'derived' && p.derivation === undefined) invalid(`${where}.derivation`, 'a derived parameter must write out its derivation');
    const fitTo = p.fitTo ?? [];
    if (p.role === 'fit' && checkIds === null) invalid(`${where}.role`, 'a parameter set holds no fits (role must be "check")');
    if (p.role === 'fit' && fitTo.length === 0) invalid(`${where}.fitTo`, 'a fitted parameter must name the checks whose published figures set it');
    if (p.role === 'check' && fitTo.length > 0) invalid(`${where}.fitTo`, 'only role "fit" parameters name fitTo checks');
    fitTo.forEach((c, i) => checkIds?.has(c) || invalid(`${where}.fitTo[${i}]`, `no check with id "${c}" in this profile`));
    const value = toCycles(p.value, p.unit, mhz, `${where}.unit`);
    const param: Parameter = { id: id as ParamId, value, published: { value: p.value, unit: p.unit }, kind: p.kind, role: p.role, fitTo, source: p.source };
    if (p.derivation !== undefined) param.derivation = p.derivation;
    if (inheritedFrom !== undefined) param.inheritedFrom = inheritedFrom;
    const borrowed = p.borrowedFrom ?? setBorrowedFrom;
    if (borrowed !== undefined) param.borrowedFrom = borrowed;
    params.set(id as ParamId, param);
  }
  return params;
}

const setShape = object({
  $schema: optional(nonEmptyString(200)),
  id: nonEmptyString(64),
  title: nonEmptyString(200),
  description: text,
  /** Every parameter of the set is another CPU's or source's figure: named here. */
  borrowedFrom: optional(nonEmptyString(200)),
  parameters: recordOf(paramShape, knownParam),
});

/** Validates a shared parameter set (profiles/sets/*.json). Values must be in cycles (a set
 * has no clock). */
export function parseParamSet(json: unknown): ParamSet {
  requireTopLevelObject(json, 'parameter set');
  const raw = setShape(json, '');
  if (!PROFILE_ID.test(raw.id)) invalid('id', `expected lower-case letters, digits, '.', '_' or '-', got "${raw.id}"`);
  return { id: raw.id, title: raw.title, description: raw.description, params: toParams(raw.parameters, null, null, raw.id, raw.borrowedFrom) };
}

function toClock(raw: ReturnType<typeof profileShape>['cpu']['clock']): Clock {
  if (raw.value !== null && raw.unit === undefined) invalid('cpu.clock.unit', 'expected MHz or GHz with a clock value');
  if (raw.value === 0) invalid('cpu.clock.value', 'expected a clock above 0');
  if (raw.value === null) return { mhz: null, published: null, kind: raw.kind, source: raw.source };
  const unit = raw.unit!;
  return { mhz: unit === 'GHz' ? raw.value * 1000 : raw.value, published: { value: raw.value, unit }, kind: raw.kind, source: raw.source };
}

/** Inherited sets in order, then the profile's own parameters; then the per-path rules: a path
 * with an entry needs dispatch and resume; without one, dispatch/resume brought by a set are
 * dropped and the profile's own file may not define them. */
function mergeParams(inherits: string[], own: Map<ParamId, Parameter>, sets: ReadonlyMap<string, ParamSet>): Map<ParamId, Parameter> {
  const params = new Map<ParamId, Parameter>();
  for (const [i, setId] of inherits.entries()) {
    const set = sets.get(setId);
    if (!set) invalid(`inherits[${i}]`, `no parameter set "${setId}" (known: ${[...sets.keys()].join(', ') || 'none'})`);
    for (const [id, p] of set.params) params.set(id, p);
  }
  for (const [id, p] of own) params.set(id, p);
  for (const path of EXIT_PATHS) {
    const hasEntry = params.has(`entry.${path}`);
    for (const c of ['dispatch', 'resume'] as const) {
      const id: ParamId = `${c}.${path}`;
      if (hasEntry && !params.has(id)) invalid(`parameters.${id}`, `missing: entry.${path} is defined, so mechanism ${path} also needs dispatch.${path} and resume.${path}`);
      if (!hasEntry && own.has(id)) invalid(`parameters.${id}`, `defined without entry.${path}`);
      if (!hasEntry) params.delete(id);
    }
  }
  for (const id of REQUIRED_PARAMS) if (!params.has(id)) invalid(`parameters.${id}`, 'missing (every profile prices fetch, decode, permission, userspace, emulate, batch.op, ring.op and guest.clockScale)');
  return params;
}

/** Validates a parsed JSON profile; `origin` is recorded in the result ('built-in' or the path);
 * `sets` are the parameter sets it may inherit. */
export function parseProfile(json: unknown, origin: string, sets: ReadonlyMap<string, ParamSet>): Profile {
  requireTopLevelObject(json, 'profile');
  const raw = profileShape(json, '');
  const inherits = raw.inherits ?? [];
  const clock = toClock(raw.cpu.clock);
  const mhz = clock.mhz;

  const checkIds = new Set<string>();
  raw.checks.forEach((c, i) => {
    if (checkIds.has(c.id)) invalid(`checks[${i}].id`, `duplicate check id "${c.id}"`);
    checkIds.add(c.id);
  });
  const params = mergeParams(inherits, toParams(raw.parameters, mhz, checkIds), sets);
  const paths = supportedPaths(params);
  if (paths.length === 0) invalid('parameters', 'defines no exit path (entry/dispatch/resume for trap, vmx, svm or hypercall)');
  if (raw.stringIo && !paths.includes('vmx') && !paths.includes('svm')) invalid('stringIo', 'only a profile with a hardware exit path (entry.vmx or entry.svm) has a string-I/O policy');
  if (raw.era && !paths.includes('vmx') && !paths.includes('svm')) invalid('era', 'only a profile with a hardware exit path (entry.vmx or entry.svm) states a hypervisor era');

  const checks: ProfileCheck[] = raw.checks.map((c, i) => {
    const where = `checks[${i}]`;
    if (c.expect === 'within' && c.tolerance === undefined) invalid(`${where}.tolerance`, 'a "within" check needs a tolerance (fraction of the published value)');
    if ((c.published.unit === 'ratio') !== (c.per !== undefined)) invalid(`${where}.per`, 'a ratio check needs "per" (the denominator), and only a ratio check has one');
    if ((c.published.unit === 'ns' || c.published.unit === 'us') && mhz === null) invalid(`${where}.published.unit`, `a figure in ${c.published.unit} needs the profile clock`);
    checkScenarioSupported(c.scenario, paths, `${where}.scenario`);
    if (c.per) checkScenarioSupported(c.per.scenario, paths, `${where}.per.scenario`);
    const derivedFrom = c.derivedFrom ?? [];
    derivedFrom.forEach((d, j) => (checkIds.has(d) && d !== c.id) || invalid(`${where}.derivedFrom[${j}]`, `no other check with id "${d}" in this profile`));
    const check: ProfileCheck = {
      id: c.id, what: c.what, published: c.published, expect: c.expect, tolerance: c.tolerance ?? 0,
      source: c.source, scenario: c.scenario, derivedFrom,
    };
    if (c.components) check.components = c.components;
    if (c.per) check.per = c.per.components ? { scenario: c.per.scenario, components: c.per.components } : { scenario: c.per.scenario };
    return check;
  });

  return {
    id: raw.id, title: raw.title, cpu: { model: raw.cpu.model, clock }, description: raw.description,
    guestCycleTable: raw.guestCycleTable, stringIo: raw.stringIo ?? { mode: 'decode', source: null }, era: (raw.era as Era | undefined) ?? null, inherits, params, checks, origin,
  };
}
