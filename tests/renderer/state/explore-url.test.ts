// The explore state in the URL hash: what the app writes reads back the same (fast-check over
// filters, sorts, selections and windows), and any hash a user can type parses without throwing.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { exploreHash, parseExploreHash, parsePortRange } from '../../../src/renderer/src/state/explore-url';
import type { ExploreState } from '../../../src/renderer/src/state/explore-url';
import { EXIT_SORT_KEYS } from '../../../src/shared/explore';

const name = fc.string({ minLength: 1, maxLength: 20 });
const list = <T>(a: fc.Arbitrary<T>): fc.Arbitrary<T[]> => fc.array(a, { minLength: 1, maxLength: 3 });

const stateArb: fc.Arbitrary<ExploreState> = fc.record({
  traceId: fc.integer({ min: 1, max: 1e6 }),
  view: fc.constant('explore'),
  filter: fc.record({
    reasons: list(name), forms: list(fc.integer({ min: -1, max: 23 })),
    ports: fc.tuple(fc.integer({ min: 0, max: 0xffff }), fc.integer({ min: 0, max: 0xffff })).map(([a, b]) => ({ lo: Math.min(a, b), hi: Math.max(a, b) })),
    devices: list(name), locations: list(fc.constantFrom('kernel', 'userspace', 'unknown')), vcpus: list(fc.integer({ min: 0, max: 255 })),
    mechanisms: list(name), measure: fc.record({ min: fc.integer({ min: 0, max: 1e6 }), max: fc.integer({ min: 0, max: 1e9 }) }, { requiredKeys: [] }),
    fromNs: fc.double({ min: 0, max: 1e15, noNaN: true }), toNs: fc.double({ min: 0, max: 1e15, noNaN: true }), text: name,
  }, { requiredKeys: [] }),
  sort: fc.record({ key: fc.constantFrom(...EXIT_SORT_KEYS), dir: fc.constantFrom('asc' as const, 'desc' as const) }),
  selected: fc.option(fc.integer({ min: 0, max: 1e9 }), { nil: null }),
  window: fc.option(fc.tuple(fc.integer({ min: 0, max: 1e12 }), fc.integer({ min: 1, max: 1e12 })).map(([from, len]) => ({ from, to: from + len })), { nil: null }),
});

describe('explore URL state', () => {
  it('reads back what it writes', () => {
    fc.assert(fc.property(stateArb, (s) => {
      const back = parseExploreHash(exploreHash(s));
      const measure = s.filter.measure && Object.keys(s.filter.measure).length === 0 ? undefined : s.filter.measure;
      const filter = Object.fromEntries(Object.entries({ ...s.filter, measure }).filter(([, v]) => v !== undefined));
      expect(back).toEqual({ ...s, filter });
    }), { numRuns: 300 });
  });

  it('parses any hash without throwing, and only trace ids that are positive integers', () => {
    fc.assert(fc.property(fc.string(), (h) => {
      const s = parseExploreHash(h);
      if (s !== null) expect(Number.isSafeInteger(s.traceId) && s.traceId > 0).toBe(true);
    }));
    expect(parseExploreHash('#trace=0')).toBeNull();
    expect(parseExploreHash('#trace=3&form=99&vcpu=-1&sort=rip&dir=up&port=zz')).toEqual({
      traceId: 3, view: null, filter: { forms: [], vcpus: [] }, sort: { key: 'time', dir: 'asc' }, selected: null, window: null,
    });
  });

  it('reads ports and port ranges in hex or decimal', () => {
    expect(parsePortRange('0x3f8')).toEqual({ lo: 0x3f8, hi: 0x3f8 });
    expect(parsePortRange('0x3f8-0x3ff')).toEqual({ lo: 0x3f8, hi: 0x3ff });
    expect(parsePortRange('96 - 100')).toEqual({ lo: 96, hi: 100 });
    expect(parsePortRange('0x3ff-0x3f8')).toBeNull();
    expect(parsePortRange('com1')).toBeNull();
    expect(parsePortRange('1-2-3')).toBeNull();
  });
});
