// Test helpers for the cost model: a small valid profile as JSON (every parameter a distinct
// round number, so a component's value shows which parameters it used) and the built-in sets.
import { loadProfiles } from '../../../src/core/cost/load-profiles';
import { parseProfile } from '../../../src/core/cost/profile-schema';
import type { ParamSet, Profile } from '../../../src/core/cost/types';

export function builtinSets(): Map<string, ParamSet> {
  return new Map(loadProfiles({ dir: null }).sets.map((s) => [s.id, s]));
}

const src = { citation: 'test', note: 'test value' };
const p = (value: number, extra: Record<string, unknown> = {}): Record<string, unknown> => ({ value, unit: 'cycles', kind: 'assumed', role: 'check', source: src, ...extra });

/** A profile file's JSON with all four exit paths; parameters are distinct values. */
export function testProfileJson(): Record<string, unknown> {
  return {
    id: 'test-cpu',
    title: 'Test CPU',
    cpu: { model: 'Test', clock: { value: 1, unit: 'GHz', kind: 'assumed', source: src } },
    description: 'for tests',
    guestCycleTable: 'i386',
    parameters: {
      'entry.trap': p(1000), 'dispatch.trap': p(30), 'resume.trap': p(200),
      'entry.vmx': p(1500), 'dispatch.vmx': p(40), 'resume.vmx': p(300),
      'entry.svm': p(1600), 'dispatch.svm': p(50), 'resume.svm': p(400),
      'entry.hypercall': p(100), 'dispatch.hypercall': p(10), 'resume.hypercall': p(110),
      'fetch.byte': p(2), 'fetch.walkLevel': p(25), 'fetch.tlbHit': p(5),
      'decode.invoke': p(7), 'decode.byte': p(3), 'decode.prefix': p(11), 'decode.branch': p(13), 'decode.tableLookup': p(17),
      'permission.check': p(19), 'userspace.roundTrip': p(10000), 'emulate.access': p(60), 'emulate.element': p(4),
      'emulate.device.nic': p(500), 'batch.op': p(8), 'ring.op': p(9),
      'guest.clockScale': { value: 1, unit: 'ratio', kind: 'assumed', role: 'check', source: src },
    },
    checks: [],
  };
}

export function testProfile(mutate?: (json: Record<string, unknown>) => void): Profile {
  const json = testProfileJson();
  mutate?.(json);
  return parseProfile(json, 'test', builtinSets());
}

export function params(json: Record<string, unknown>): Record<string, Record<string, unknown>> {
  return json.parameters as Record<string, Record<string, unknown>>;
}
