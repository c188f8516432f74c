// The vocabulary of the cost model (DESIGN.md "Cost model"): exit mechanisms, the eight cost
// components of an exit, the names of the profile parameters that price them, and the shape
// of a CPU profile once loaded. profile-schema.ts validates JSON into these types;
// pricing.ts turns a profile plus an exit's facts into components; profile-checks-run.ts
// evaluates a profile against the published figures it lists.
//
// Invariants of a loaded Profile: every parameter value is in cycles (values published in
// ns/µs were converted with the profile clock on load) except guest.clockScale (a ratio);
// every 'derived' parameter has a derivation; every 'fit' parameter names the checks whose
// published figures set it (fitTo), and those checks exist in the profile.
import type { CostClass } from '../cpu/cycles';

export const MECHANISMS = ['trap', 'vmx', 'svm', 'hypercall', 'batched', 'ring'] as const;
export type Mechanism = (typeof MECHANISMS)[number];
/** Mechanisms that are one exit of their own (batched and ring are built on these). */
export type ExitPath = 'trap' | 'vmx' | 'svm' | 'hypercall';
export const EXIT_PATHS: readonly ExitPath[] = ['trap', 'vmx', 'svm', 'hypercall'];

export const COMPONENTS = ['entry', 'dispatch', 'fetch', 'decode', 'permission', 'userspace', 'emulate', 'resume'] as const;
export type ComponentName = (typeof COMPONENTS)[number];

/** Parameter ids with a fixed name; per-device extras are `emulate.device.<class>`. */
export const FIXED_PARAMS = [
  'entry.trap', 'entry.vmx', 'entry.svm', 'entry.hypercall',
  'dispatch.trap', 'dispatch.vmx', 'dispatch.svm', 'dispatch.hypercall',
  'resume.trap', 'resume.vmx', 'resume.svm', 'resume.hypercall',
  'fetch.byte', 'fetch.walkLevel', 'fetch.tlbHit',
  'decode.invoke', 'decode.byte', 'decode.prefix', 'decode.branch', 'decode.tableLookup',
  'permission.check',
  'userspace.roundTrip',
  'emulate.access', 'emulate.element',
  'batch.op', 'ring.op',
  'guest.clockScale',
] as const;
export type FixedParamId = (typeof FIXED_PARAMS)[number];
export const DEVICE_PARAM_PREFIX = 'emulate.device.';
export type ParamId = FixedParamId | `emulate.device.${string}`;

/** Parameters every profile must define (directly or through a set). The per-mechanism ones are
 * optional: a profile supports an exit path when it defines entry.<path>, and must then define
 * dispatch.<path> and resume.<path> too. */
export const REQUIRED_PARAMS: readonly FixedParamId[] = [
  'fetch.byte', 'fetch.walkLevel', 'fetch.tlbHit',
  'decode.invoke', 'decode.byte', 'decode.prefix', 'decode.branch', 'decode.tableLookup',
  'permission.check', 'userspace.roundTrip', 'emulate.access', 'emulate.element',
  'batch.op', 'ring.op', 'guest.clockScale',
];

export type ParamKind = 'measured' | 'manual' | 'derived' | 'assumed';
export type ParamRole = 'fit' | 'check';
export type CostUnit = 'cycles' | 'ns' | 'us';

export interface Source {
  /** A URL, or a citation when there is no URL (a mailing-list post without an archive copy). */
  url?: string;
  citation?: string;
  /** The id of the row in research/cost-facts.md, when the figure came from there. */
  fact?: string;
  note: string;
}

export interface Parameter {
  id: ParamId;
  /** In cycles after loading (ratio for guest.clockScale). */
  value: number;
  /** The value and unit as written in the profile file (e.g. 0.78 us). */
  published: { value: number; unit: CostUnit | 'ratio' };
  kind: ParamKind;
  /** fit: set from published figures this profile checks (fitTo names them); check: not set
   * from any of them, so checks that use only such parameters are predictions. */
  role: ParamRole;
  fitTo: string[];
  source: Source;
  derivation?: string;
  /** Set when the parameter came from a shared parameter set (profiles/sets/<id>.json). */
  inheritedFrom?: string;
  /** The figure belongs to another CPU, hypervisor or source than this profile's (e.g.
   * "kvm-2012", "the 80386 manual"): shown as "borrowed from X" wherever the parameter is. */
  borrowedFrom?: string;
}

/** A shared block of parameters that profiles list in `inherits` (assumptions common to many
 * profiles). Set parameters are never fits: role is always 'check'. */
export interface ParamSet {
  id: string;
  title: string;
  description: string;
  params: ReadonlyMap<ParamId, Parameter>;
}

export interface Clock {
  /** MHz; null when the source does not state the clock (times are then not shown). */
  mhz: number | null;
  published: { value: number; unit: 'MHz' | 'GHz' } | null;
  kind: ParamKind;
  source: Source;
}

/** One port operation an exit (or a batch) carried. */
export interface IoOperation {
  /** 0..23, src/core/cpu/io-form-table.ts */
  formId: number;
  /** Elements moved: 1 for IN/OUT, the REP count (may be 0) or 1 for INS/OUTS. */
  count: number;
  /** Device class, for `emulate.device.<class>` extras (e.g. pic, lance, pmtimer). */
  deviceClass?: string;
}

/** One guest instruction class for scenario guest loops, priced with the guest cycle table. */
export interface GuestInsn {
  class: CostClass;
  memory?: boolean;
  taken?: boolean;
  times?: number;
}

/** The fetch side of the VMM's decode (counted as in src/core/vmm/decode-steps.ts). */
export interface FetchSteps {
  /** Instruction bytes read from guest memory (prefixes, opcode, imm8). */
  bytes: number;
  /** Paging-structure entries read by the page walks for those bytes. */
  walkLevels: number;
  /** Translations served by the VMM's code-translation cache without a walk (0..2). */
  tlbHits: number;
}

/** The decode side: bytes consumed, prefix bytes, data-dependent decisions, table lookups. */
export interface DecodeSteps {
  bytes: number;
  prefixes: number;
  branches: number;
  tableLookups: number;
}

/** What the hypervisor model knows about an exit: everything the pricing reads. */
export interface ExitFacts {
  mechanism: Mechanism;
  /** For ring: the exit path of the doorbell (a non-string OUT, or a hypercall). */
  doorbell?: ExitPath;
  /** The port operations carried: 0 (a null exit, e.g. a bare vmcall) or 1 for trap, vmx,
   * svm and hypercall; any number for batched and ring. */
  ops: IoOperation[];
  /** Instruction fetch done by the VMM (null: none, as for vmx non-string or hypercalls). */
  fetch?: FetchSteps | null;
  /** Decoder steps taken (null: no decode). */
  decode?: DecodeSteps | null;
  /** Page-table levels read walking the guest buffer of string forms. */
  bufferWalkLevels?: number;
  location: 'kernel' | 'userspace';
  /** Round trips to the userspace device model; default 1 when location is userspace, else 0. */
  userspaceTrips?: number;
}

export interface Scenario extends ExitFacts {
  /** Guest instructions run per exit around it (a benchmark loop), priced with the guest table. */
  guest?: GuestInsn[];
  /** The name of the loop in guest-loops.ts when the file named one. */
  guestLoop?: string;
}

export type CheckExpect = 'within' | 'below' | 'above';

export interface ProfileCheck {
  id: string;
  what: string;
  published: { value: number; unit: CostUnit | 'ratio' };
  /** within: |computed − published| ≤ tolerance × published; below/above: a bound. */
  expect: CheckExpect;
  tolerance: number;
  source: Source;
  /** The scenario priced; `components` (default: the total plus guest instructions) picks
   * which parts are compared. */
  scenario: Scenario;
  components?: ComponentName[];
  /** For ratio checks: the denominator. */
  per?: { scenario: Scenario; components?: ComponentName[] };
  /** Ids of this profile's checks the source computed this figure from (the commit's own
   * arithmetic, say): if those were fitted, this check is only a consistency check. */
  derivedFrom: string[];
}

/** How a hardware-exit VMM (vmx/svm) learns a string form's address size and segment: `decode`
 * fetches and decodes the instruction (KVM and Xen emulate INS/OUTS); `instruction-info` reads
 * them from the VM-exit instruction-information field (VT-x) / EXITINFO1 (AMD-V), with no fetch
 * or decode. Either way the VMM walks the buffer per page and honours (E)CX and DF. */
export type StringIoMode = 'decode' | 'instruction-info';
export const STRING_IO_MODES: readonly StringIoMode[] = ['decode', 'instruction-info'];

export interface StringIoPolicy {
  mode: StringIoMode;
  /** Why this profile's VMM does so (null: the default, `decode`, not stated by the file). */
  source: Source | null;
}

/** How the hypervisor of a hardware-exit profile moves string PIO (docs/cost-model.md "String
 * I/O by era"):
 *  - `kvm-emulator`: KVM's x86 emulator (arch/x86/kvm/emulate.c x86_emulate_insn, em_out,
 *    pio_in_emulated; x86.c emulator_pio_in_out, x86_emulate_instruction): OUTS goes one element
 *    per pio_out_emulated call, so to a userspace device every element is a KVM_EXIT_IO round trip
 *    and the guest re-executes the instruction (a new VM exit and decode per element); INS fills a
 *    read-ahead buffer of at most 1024 bytes within the page (one userspace trip), and once it is
 *    used up RIP stays on the instruction (a new exit and decode per chunk); to an in-kernel device
 *    the emulator loops in the kernel and re-enters the guest every 1024 iterations.
 *  - `page-chunks`: one exit per instruction; a userspace device model is visited once per 1024
 *    bytes of each page chunk. Not tied to a hypervisor's source: the model used before eras. */
export type StringPioModel = 'kvm-emulator' | 'page-chunks';
export const STRING_PIO_MODELS: readonly StringPioModel[] = ['kvm-emulator', 'page-chunks'];

/** Which hypervisor and version a hardware-exit profile's figures were measured on, and the
 * behaviour of that version the model follows. Stated by the profile with its source, never
 * inferred from which figures it fits. */
export interface Era {
  /** The hypervisor: kvm, xen, or another. */
  vmm: 'kvm' | 'xen' | 'other';
  /** The version as the source states it (e.g. "Linux 3.7-era KVM, Dec 2012"); null: not stated. */
  version: string | null;
  /** Non-string IN completes without the emulator (kvm_fast_pio_in); false: IN is decoded. */
  fastPioIn: boolean;
  stringPio: StringPioModel;
  source: Source;
}

export interface Profile {
  id: string;
  title: string;
  cpu: { model: string; clock: Clock };
  description: string;
  /** Name of the guest instruction cycle table (src/core/cpu/cycles.ts); 'i386' today. */
  guestCycleTable: string;
  /** vmx/svm string forms: decode the instruction or read the instruction-information field. */
  stringIo: StringIoPolicy;
  /** The hypervisor version the hardware-exit figures come from (null: not stated by the file;
   * the model then uses the default era, DEFAULT_ERA in profile-schema.ts, shown as such). */
  era: Era | null;
  /** Parameter sets merged under the profile's own parameters, in order. */
  inherits: string[];
  params: ReadonlyMap<ParamId, Parameter>;
  checks: ProfileCheck[];
  /** Where it was loaded from: 'built-in' or the file path. */
  origin: string;
}
