// Where each cost component of a form comes from: the form's representative exit (its first
// stored exit) is priced again with priceExit under the run's profile, which names the profile
// parameters of every component and writes its derivation; each parameter is reported with its
// value, unit, kind and source exactly as the profile file gives them. Nothing is invented: a
// component priced by no parameter says why (priceExit's own words).
import { COMPONENTS, opOfRecord, priceExit, stepsFromCounters } from '../cost/index';
import type { ExitFacts, Mechanism, Parameter, Profile } from '../cost/index';
import { MECHANISMS } from '../cost/types';
import { MECHANISM_EXIT_PATH } from '../vmm/mechanisms/catalogue';
import type { ComponentSource, ParamSourceInfo } from '../../shared/runs';
import type { RepresentativeExit } from './queries';

export const SOURCES_DERIVATION =
  'each form\u2019s first stored exit priced again with priceExit under the run\u2019s profile (its mechanism, port operation, device location ' +
  'and the decoder steps it recorded); guest buffer page walks of string forms are not stored per exit and are left out, and a ' +
  'batched or ring exit is priced as carrying one operation (its stored record describes the first), so its per-operation terms show × 1';

export function paramSource(p: Parameter): ParamSourceInfo {
  return {
    id: p.id, value: p.value, published: { value: p.published.value, unit: p.published.unit }, kind: p.kind,
    source: { url: p.source.url ?? null, citation: p.source.citation ?? null, note: p.source.note },
    derivation: p.derivation ?? null, inheritedFrom: p.inheritedFrom ?? null, borrowedFrom: p.borrowedFrom ?? null,
  };
}

function isMechanism(m: string | null): m is Mechanism {
  return m !== null && (MECHANISMS as readonly string[]).includes(m);
}

/** The cost model's facts for a stored exit (null when its mechanism is not one the model knows). */
export function factsOfExit(x: RepresentativeExit, fallbackMechanism: string | null): ExitFacts | null {
  const mechanism = isMechanism(x.mechanism) ? x.mechanism : isMechanism(fallbackMechanism) ? fallbackMechanism : null;
  if (mechanism === null) return null;
  const op = opOfRecord({ formId: x.formId, count: x.count, port: x.port });
  const facts: ExitFacts = { mechanism, ops: op ? [op] : [], location: x.deviceLocation === 'userspace' ? 'userspace' : 'kernel' };
  // priceExit wants a ring exit's doorbell named: the path its runs are priced on.
  if (mechanism === 'ring') facts.doorbell = MECHANISM_EXIT_PATH.ring;
  if (x.stepBytes !== null) {
    const s = stepsFromCounters({
      bytesFetched: x.stepBytes, walkLevels: x.stepWalkLevels ?? 0, tlbHits: x.stepTlbHits ?? 0,
      prefixes: x.stepPrefixes ?? 0, branches: x.stepBranches ?? 0, tableLookups: x.stepTableLookups ?? 0,
    });
    facts.fetch = s.fetch;
    facts.decode = s.decode;
  }
  return facts;
}

export function componentSources(x: RepresentativeExit, profile: Profile, fallbackMechanism: string | null): ComponentSource[] {
  const facts = factsOfExit(x, fallbackMechanism);
  if (facts === null) return [];
  let cost;
  try {
    cost = priceExit(facts, profile);
  } catch (err) {
    const why = `cannot be priced under ${profile.id}: ${(err as Error).message}`;
    return COMPONENTS.map((component) => ({ component, derivation: why, params: [] }));
  }
  return COMPONENTS.map((component) => {
    const c = cost.components[component];
    const params = c.params.map((id) => profile.params.get(id)).filter((p): p is Parameter => p !== undefined).map(paramSource);
    return { component, derivation: c.derivation, params };
  });
}
