// The pricing model: an exit's facts + a CPU profile → the eight cost components, from the one
// formula in price-terms.ts (docs/cost-model.md "Formulas"). Pure functions, no I/O.
//   priceExit        validates the facts; each component lists the profile parameters it used
//                    (for the UI's "where does this number come from") and a one-line derivation
//   priceExitCycles  the same numbers into a Float64Array, no strings, for every exit of a run;
//                    it trusts its facts (the hypervisor model builds them)
// Invariant: total = Σ components; every cycle count is ≥ 0; both functions agree.
import { ExitScopeError } from '../errors';
import { fmt } from './format';
import { emitTerms, ENTRY, exitPathOf, hardwareChecked } from './price-terms';
import type { TermSink } from './price-terms';
import { validateFactsShape } from './scenario-schema';
import { COMPONENTS } from './types';
import type { ComponentName, ExitFacts, ExitPath, ParamId, Profile } from './types';

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

/** Index of each component in priceExitCycles' output (the COMPONENTS order). */
export const COMPONENT_INDEX: Readonly<Record<ComponentName, number>> = Object.fromEntries(COMPONENTS.map((c, i) => [c, i])) as Record<ComponentName, number>;

function missing(profile: Profile, id: ParamId): never {
  throw new ExitScopeError('ValidationError', `profile ${profile.id} has no parameter ${id}`);
}

function requirePath(profile: Profile, f: ExitFacts, path: ExitPath): void {
  if (profile.params.has(ENTRY[path])) return;
  const via = f.mechanism === path ? '' : ` (its exit path is ${path})`;
  throw new ExitScopeError('ValidationError', `profile ${profile.id} cannot price ${f.mechanism}${via}: it defines no entry.${path}; no figure for it was published for this CPU (add one in a user profile)`);
}

/**
 * One component's terms. Adding a parameter twice adds to its multiplier. Parameters whose
 * value is 0 (a figure carried by another parameter) are listed in `params` but left out of the
 * derivation's arithmetic.
 */
class Terms {
  private readonly times = new Map<ParamId, number>();
  constructor(private readonly profile: Profile) {}
  add(id: ParamId, times: number, optional: boolean): void {
    if (times === 0) return;
    if (!this.profile.params.has(id)) {
      if (optional) return;
      missing(this.profile, id);
    }
    this.times.set(id, (this.times.get(id) ?? 0) + times);
  }
  done(whyZero: string): PricedComponent {
    if (this.times.size === 0) return { cycles: 0, params: [], derivation: whyZero };
    const terms = [...this.times].map(([id, t]) => ({ id, v: this.profile.params.get(id)!.value, t }));
    const cycles = terms.reduce((s, x) => s + x.v * x.t, 0);
    const params = terms.map((x) => x.id);
    const shown = terms.filter((x) => x.v !== 0);
    const zero = terms.filter((x) => x.v === 0).map((x) => x.id);
    const zeroNote = zero.length ? ` (${zero.join(', ')}: 0 in this profile)` : '';
    if (shown.length === 0) return { cycles, params, derivation: `0${zeroNote}` };
    const parts = shown.map((x) => (x.t === 1 ? `${x.id} ${fmt(x.v)}` : `${x.id} ${fmt(x.v)} × ${x.t}`));
    const sum = shown.length === 1 && shown[0]!.t === 1 ? parts[0]! : `${parts.join(' + ')} = ${fmt(cycles)}`;
    return { cycles, params, derivation: sum + zeroNote };
  }
}

function whyZero(c: ComponentName, f: ExitFacts, path: ExitPath): string {
  switch (c) {
    case 'fetch': return f.fetch ? 'no bytes fetched' : `none: ${path === 'hypercall' ? 'the operation arrives in registers' : 'no instruction fetch for this exit'}`;
    case 'decode': return f.decode ? 'no decode steps' : `none: ${path === 'hypercall' ? 'nothing to decode' : 'the exit information sufficed'}`;
    case 'permission': return hardwareChecked(f) ? 'none: the CPU checked the I/O bitmap before exiting (part of entry)' : 'no port operation to authorise';
    case 'userspace': return 'none: the device model is in the kernel/VMM';
    case 'emulate': return 'no port operation';
    default: return '';
  }
}

/** Prices one exit with its explanation. Throws ValidationError when the facts are
 * inconsistent or the profile lacks the mechanism. */
export function priceExit(facts: ExitFacts, profile: Profile): ExitCost {
  validateFactsShape(facts, 'exit');
  const path = exitPathOf(facts);
  requirePath(profile, facts, path);
  const terms = Object.fromEntries(COMPONENTS.map((c) => [c, new Terms(profile)])) as Record<ComponentName, Terms>;
  emitTerms(facts, path, (c, id, times, optional) => terms[c].add(id, times, optional));
  const components = Object.fromEntries(COMPONENTS.map((c) => [c, terms[c].done(whyZero(c, facts, path))])) as Record<ComponentName, PricedComponent>;
  const total = COMPONENTS.reduce((s, c) => s + components[c].cycles, 0);
  return { profileId: profile.id, mechanism: facts.mechanism, path, components, total, totalNs: cyclesToNs(total, profile) };
}

/** Per profile: its values by id and one reusable sink that adds into `out`. */
interface FastPricer {
  out: Float64Array;
  sink: TermSink;
}

const fastPricers = new WeakMap<Profile, FastPricer>();

function fastPricerOf(profile: Profile): FastPricer {
  let f = fastPricers.get(profile);
  if (!f) {
    const values: Readonly<Record<string, number>> = Object.fromEntries([...profile.params].map(([id, p]) => [id, p.value]));
    const pricer: FastPricer = {
      out: new Float64Array(COMPONENTS.length),
      sink: (c, id, times, optional) => {
        if (times === 0) return;
        const v = values[id];
        if (v === undefined) {
          if (optional) return;
          missing(profile, id);
        }
        pricer.out[COMPONENT_INDEX[c]] += v * times;
      },
    };
    f = pricer;
    fastPricers.set(profile, f);
  }
  return f;
}

/**
 * The component cycles of one exit into `out` (length ≥ 8, COMPONENT_INDEX order); returns the
 * total. Same numbers as priceExit without the explanation or the facts validation.
 */
export function priceExitCycles(facts: ExitFacts, profile: Profile, out: Float64Array): number {
  const path = exitPathOf(facts);
  requirePath(profile, facts, path);
  const pricer = fastPricerOf(profile);
  out.fill(0, 0, COMPONENTS.length);
  pricer.out = out;
  emitTerms(facts, path, pricer.sink);
  let total = 0;
  for (let i = 0; i < COMPONENTS.length; i++) total += out[i]!;
  return total;
}

/** Cycles → ns at the profile clock, or null when the clock was not published. */
export function cyclesToNs(cycles: number, profile: Profile): number | null {
  const mhz = profile.cpu.clock.mhz;
  return mhz === null ? null : (cycles * 1000) / mhz;
}
