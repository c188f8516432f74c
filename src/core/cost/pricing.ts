// The pricing model: an exit's facts + a CPU profile → the eight cost components
// (docs/cost-model.md "Formulas"). Pure functions, no I/O. Each component lists the profile
// parameters it used (ids, for the UI's "where does this number come from") and a one-line
// derivation with the numbers filled in.
//
// The exit path P is the mechanism itself for trap/vmx/svm/hypercall, hypercall for batched and
// the doorbell's path for ring. With n = ops.length:
//   entry      = entry.P
//   dispatch   = dispatch.P (+ n × batch.op | ring.op)
//   fetch      = fetch.byte × bytes + fetch.walkLevel × levels + fetch.tlbHit [if hit]   (facts.fetch)
//   decode     = decode.invoke + byte × bytes + prefix × prefixes + branch × branches
//                + tableLookup × lookups                                                (facts.decode)
//   permission = n × permission.check, except single vmx/svm exits (the CPU's I/O bitmap)
//   userspace  = trips × userspace.roundTrip
//   emulate    = Σ ops (emulate.access + [string] count × emulate.element + emulate.device.<class>)
//                + bufferWalkLevels × fetch.walkLevel
//   resume     = resume.P
// Invariant: total = Σ components; every cycle count is ≥ 0.
import { ExitScopeError } from '../errors';
import { I386_CYCLES } from '../cpu/cycles';
import type { CycleTable } from '../cpu/cycles';
import { IO_FORMS } from '../vmm/io-forms';
import { validateFactsShape } from './scenario-schema';
import { COMPONENTS, DEVICE_PARAM_PREFIX } from './types';
import type { ComponentName, ExitFacts, ExitPath, GuestInsn, ParamId, Profile } from './types';

export interface PricedComponent {
  cycles: number;
  /** Profile parameters that contributed (ids into profile.params). */
  params: ParamId[];
  /** One line: the formula with the numbers, or why the component is zero. */
  derivation: string;
}

export interface ExitCost {
  profileId: string;
  mechanism: ExitFacts['mechanism'];
  path: ExitPath;
  components: Record<ComponentName, PricedComponent>;
  /** Σ components, cycles. */
  total: number;
  /** total in nanoseconds at the profile clock; null when the profile has no clock. */
  totalNs: number | null;
}

export function fmt(n: number): string {
  return Number.isInteger(n) ? String(n) : n.toFixed(1);
}

/** Sums `terms` ([param, multiplier]) into one component; terms with multiplier 0 are left out. */
class Terms {
  private readonly used: [ParamId, number, number][] = [];
  constructor(private readonly profile: Profile) {}
  add(id: ParamId, times = 1, optional = false): this {
    if (times === 0) return this;
    const p = this.profile.params.get(id);
    if (!p) {
      if (optional) return this;
      throw new ExitScopeError('ValidationError', `profile ${this.profile.id} has no parameter ${id}`);
    }
    this.used.push([id, p.value, times]);
    return this;
  }
  done(whyZero: string): PricedComponent {
    if (this.used.length === 0) return { cycles: 0, params: [], derivation: whyZero };
    const cycles = this.used.reduce((s, [, v, t]) => s + v * t, 0);
    const parts = this.used.map(([id, v, t]) => (t === 1 ? `${id} ${fmt(v)}` : `${id} ${fmt(v)} × ${t}`));
    const params = [...new Set(this.used.map(([id]) => id))];
    return { cycles, params, derivation: parts.length === 1 && this.used[0]![2] === 1 ? parts[0]! : `${parts.join(' + ')} = ${fmt(cycles)}` };
  }
}

export function exitPathOf(f: ExitFacts): ExitPath {
  if (f.mechanism === 'batched') return 'hypercall';
  if (f.mechanism === 'ring') return f.doorbell!;
  return f.mechanism;
}

function requirePath(profile: Profile, f: ExitFacts, path: ExitPath): void {
  if (profile.params.has(`entry.${path}`)) return;
  const via = f.mechanism === path ? '' : ` (its exit path is ${path})`;
  throw new ExitScopeError('ValidationError', `profile ${profile.id} cannot price ${f.mechanism}${via}: it defines no entry.${path}; no figure for it was published for this CPU (add one in a user profile)`);
}

/** Prices one exit. Throws ValidationError when the facts are inconsistent or the profile
 * lacks the mechanism. */
export function priceExit(facts: ExitFacts, profile: Profile): ExitCost {
  validateFactsShape(facts, 'exit');
  const path = exitPathOf(facts);
  requirePath(profile, facts, path);
  const n = facts.ops.length;
  const t = (): Terms => new Terms(profile);

  const perOp = facts.mechanism === 'batched' ? 'batch.op' : facts.mechanism === 'ring' ? 'ring.op' : null;
  const dispatch = t().add(`dispatch.${path}`);
  if (perOp) dispatch.add(perOp, n);

  const fetch = t();
  if (facts.fetch) {
    fetch.add('fetch.byte', facts.fetch.bytes).add('fetch.walkLevel', facts.fetch.walkLevels).add('fetch.tlbHit', facts.fetch.tlbHit ? 1 : 0);
  }
  const decode = t();
  if (facts.decode) {
    const d = facts.decode;
    decode.add('decode.invoke').add('decode.byte', d.bytes).add('decode.prefix', d.prefixes).add('decode.branch', d.branches).add('decode.tableLookup', d.tableLookups);
  }

  const hardwareChecked = (facts.mechanism === 'vmx' || facts.mechanism === 'svm');
  const permission = t();
  if (!hardwareChecked) permission.add('permission.check', n);

  const trips = facts.userspaceTrips ?? (facts.location === 'userspace' ? 1 : 0);
  const emulate = t();
  for (const op of facts.ops) {
    const form = IO_FORMS[op.formId];
    if (!form) throw new ExitScopeError('ValidationError', `exit.ops: form id ${op.formId} is not 0..23`);
    emulate.add('emulate.access');
    if (form.string) emulate.add('emulate.element', op.count);
    if (op.deviceClass) emulate.add(`${DEVICE_PARAM_PREFIX}${op.deviceClass}`, 1, true);
  }
  emulate.add('fetch.walkLevel', facts.bufferWalkLevels ?? 0);

  const components: Record<ComponentName, PricedComponent> = {
    entry: t().add(`entry.${path}`).done(''),
    dispatch: dispatch.done(''),
    fetch: fetch.done(facts.fetch ? 'no bytes fetched' : `none: ${path === 'hypercall' ? 'the operation arrives in registers' : 'no instruction fetch for this exit'}`),
    decode: decode.done(facts.decode ? 'no decode steps' : `none: ${path === 'hypercall' ? 'nothing to decode' : 'the exit information sufficed'}`),
    permission: permission.done(hardwareChecked ? 'none: the CPU checked the I/O bitmap before exiting (part of entry)' : 'no port operation to authorise'),
    userspace: t().add('userspace.roundTrip', trips).done('none: the device model is in the kernel/VMM'),
    emulate: emulate.done('no port operation'),
    resume: t().add(`resume.${path}`).done(''),
  };
  const total = COMPONENTS.reduce((s, c) => s + components[c].cycles, 0);
  return { profileId: profile.id, mechanism: facts.mechanism, path, components, total, totalNs: cyclesToNs(total, profile) };
}

/** Cycles → ns at the profile clock, or null when the clock was not published. */
export function cyclesToNs(cycles: number, profile: Profile): number | null {
  const mhz = profile.cpu.clock.mhz;
  return mhz === null ? null : (cycles * 1000) / mhz;
}

const GUEST_TABLES: Record<string, CycleTable> = { i386: I386_CYCLES };

/** The guest instruction table a profile names. */
export function guestTableOf(profile: Profile): CycleTable {
  const table = GUEST_TABLES[profile.guestCycleTable];
  if (!table) throw new ExitScopeError('ValidationError', `profile ${profile.id}: unknown guest cycle table ${profile.guestCycleTable}`);
  return table;
}

/** Guest instructions (a benchmark loop around an exit) in host cycles: table clocks × guest.clockScale. */
export function priceGuest(insns: readonly GuestInsn[], profile: Profile): PricedComponent {
  const table = guestTableOf(profile);
  const scale = profile.params.get('guest.clockScale')!.value;
  let clocks = 0;
  const parts: string[] = [];
  for (const i of insns) {
    const times = i.times ?? 1;
    const each = table.classes[i.class][i.memory ? 1 : 0] + (i.taken ? table.branchTaken : 0);
    clocks += each * times;
    parts.push(`${i.class}${i.memory ? '(m)' : ''}${i.taken ? '(taken)' : ''} ${each}${times === 1 ? '' : ` × ${times}`}`);
  }
  const cycles = clocks * scale;
  return { cycles, params: ['guest.clockScale'], derivation: `${table.name} clocks: ${parts.join(' + ') || 'none'} = ${clocks}${scale === 1 ? '' : ` × ${fmt(scale)}`}` };
}
