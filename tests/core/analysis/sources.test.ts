// Component sources from a stored exit's facts: the parameters priceExit names, with the
// profile's own value, unit, kind and source; ring exits priced through their doorbell's path.
import { describe, expect, it } from 'vitest';
import type { RepresentativeExit } from '../../../src/core/analysis/queries';
import { componentSources, factsOfExit } from '../../../src/core/analysis/sources';
import { findProfile, loadProfiles } from '../../../src/core/cost/index';

const profile = findProfile(loadProfiles({ dir: null }), 'p4-2007');
const exit = (over: Partial<RepresentativeExit>): RepresentativeExit => ({
  formId: 9, mechanism: 'trap', port: 0x4d0, count: 1, deviceLocation: 'kernel', stepBytes: null, stepPrefixes: null, stepBranches: null,
  stepTableLookups: null, stepWalkLevels: null, stepTlbHits: null, costTotal: null, ...over,
});

describe('component sources', () => {
  it('turns the recorded decoder steps into fetch and decode facts', () => {
    const facts = factsOfExit(exit({ stepBytes: 1, stepPrefixes: 0, stepBranches: 5, stepTableLookups: 2, stepWalkLevels: 2, stepTlbHits: 0 }), null);
    expect(facts).toMatchObject({ mechanism: 'trap', ops: [{ formId: 9, count: 1 }], fetch: { bytes: 1, walkLevels: 2, tlbHits: 0 }, decode: { bytes: 1, branches: 5, tableLookups: 2 } });
  });

  it('names each component\u2019s parameters with the profile\u2019s own figures', () => {
    const sources = componentSources(exit({}), profile, 'trap');
    const entry = sources.find((s) => s.component === 'entry')!;
    const p = profile.params.get('entry.trap')!;
    expect(entry.params).toEqual([{
      id: 'entry.trap', value: p.value, published: p.published, kind: p.kind,
      source: { url: p.source.url ?? null, citation: p.source.citation ?? null, note: p.source.note }, derivation: p.derivation ?? null, inheritedFrom: p.inheritedFrom ?? null, borrowedFrom: p.borrowedFrom ?? null,
    }]);
    expect(sources.find((s) => s.component === 'decode')).toEqual({ component: 'decode', derivation: 'none: the exit information sufficed', params: [] });
  });

  it('prices a ring exit through its doorbell\u2019s hypercall path', () => {
    const sources = componentSources(exit({ mechanism: 'ring' }), profile, 'ring');
    expect(sources.find((s) => s.component === 'entry')?.params.map((p) => p.id)).toEqual(['entry.hypercall']);
    expect(sources.find((s) => s.component === 'dispatch')?.params.map((p) => p.id)).toEqual(['dispatch.hypercall', 'ring.op']);
  });

  it('knows nothing of an exit without a mechanism it models', () => {
    expect(componentSources(exit({ mechanism: null }), profile, null)).toEqual([]);
  });
});

describe('borrowed figures', () => {
  it('a parameter from a set of another CPU\u2019s figures says whose', () => {
    const xen = loadProfiles().profiles.find((x) => x.id === 'k8-xen')!;
    const sources = componentSources(exit({ mechanism: 'svm', deviceLocation: 'userspace' }), xen, 'svm');
    const us = sources.find((s) => s.component === 'userspace')!.params.find((p) => p.id === 'userspace.roundTrip')!;
    expect(us.inheritedFrom).toBe('kvm-2012-userspace');
    expect(us.borrowedFrom).toMatch(/^kvm-2012/);
    const own = sources.find((s) => s.component === 'entry')!.params[0]!;
    expect(own).toMatchObject({ id: 'entry.svm', borrowedFrom: null });
  });
});
