// Evaluates a profile against the published figures it lists (profile.checks): prices each
// check's scenario, converts to the published unit, and says whether it passes and whether it
// is a prediction at all. The basis is computed, never declared, so a fit cannot be shown as a
// prediction:
//   fit          some parameter used was set from this very figure (param.fitTo has the check)
//   consistency  the figure is the source's own arithmetic on figures this profile was fitted to
//                (check.derivedFrom names them and a used parameter is fitted to one of them)
//   prediction   no parameter used was set from this figure or the figures it came from
import { COMPONENTS } from './types';
import type { ComponentName, ParamId, Profile, ProfileCheck, Scenario } from './types';
import { fmt } from './format';
import { priceGuest } from './guest-pricing';
import { priceExit } from './pricing';

export type CheckBasis = 'fit' | 'consistency' | 'prediction';

export interface CheckResult {
  check: ProfileCheck;
  /** In the published unit (cycles, ns, µs or a ratio). */
  computed: number;
  published: number;
  unit: ProfileCheck['published']['unit'];
  /** (computed − published) / published. */
  deviation: number;
  pass: boolean;
  basis: CheckBasis;
  /** Parameters used, and those among them fitted to this figure (or its sources). */
  params: ParamId[];
  fittedParams: ParamId[];
  /** How `computed` was obtained, with the numbers. */
  derivation: string;
}

interface Measured {
  cycles: number;
  params: ParamId[];
  derivation: string;
}

function measure(profile: Profile, scenario: Scenario, components: ComponentName[] | undefined): Measured {
  const cost = priceExit(scenario, profile);
  const picked = components ?? [...COMPONENTS];
  const parts = picked.map((c) => `${c} ${fmt(cost.components[c].cycles)}`);
  let cycles = picked.reduce((s, c) => s + cost.components[c].cycles, 0);
  const params = picked.flatMap((c) => cost.components[c].params);
  if (!components && scenario.guest) {
    const guest = priceGuest(scenario.guest, profile);
    cycles += guest.cycles;
    params.push(...guest.params);
    parts.push(`guest ${fmt(guest.cycles)} (${scenario.guestLoop ?? 'loop'}: ${guest.derivation})`);
  }
  return { cycles, params: [...new Set(params)], derivation: `${scenario.mechanism}: ${parts.join(' + ')} = ${fmt(cycles)} cycles` };
}

function toUnit(cycles: number, unit: string, profile: Profile): number {
  const mhz = profile.cpu.clock.mhz;
  if (unit === 'cycles' || unit === 'ratio' || mhz === null) return cycles;
  return unit === 'ns' ? (cycles * 1000) / mhz : cycles / mhz;
}

export function runCheck(profile: Profile, check: ProfileCheck): CheckResult {
  const num = measure(profile, check.scenario, check.components);
  const den = check.per ? measure(profile, check.per.scenario, check.per.components) : null;
  const params = [...new Set([...num.params, ...(den?.params ?? [])])];
  const computed = den ? num.cycles / den.cycles : toUnit(num.cycles, check.published.unit, profile);
  const published = check.published.value;
  const deviation = published === 0 ? (computed === 0 ? 0 : Infinity) : (computed - published) / published;
  const pass = check.expect === 'within' ? Math.abs(deviation) <= check.tolerance + 1e-12 : check.expect === 'below' ? computed < published : computed > published;
  const fittedTo = (ids: readonly string[]): ParamId[] => params.filter((p) => profile.params.get(p)!.fitTo.some((c) => ids.includes(c)));
  const direct = fittedTo([check.id]);
  const indirect = fittedTo(check.derivedFrom);
  const basis: CheckBasis = direct.length > 0 ? 'fit' : indirect.length > 0 ? 'consistency' : 'prediction';
  const derivation = den ? `(${num.derivation}) / (${den.derivation})` : num.derivation;
  return { check, computed, published, unit: check.published.unit, deviation, pass, basis, params, fittedParams: direct.length > 0 ? direct : indirect, derivation };
}

export function runChecks(profile: Profile): CheckResult[] {
  return profile.checks.map((c) => runCheck(profile, c));
}
