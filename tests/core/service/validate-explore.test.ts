// The explore commands' requests are checked at the boundary: well-formed ones pass unchanged,
// and each kind of bad field is named (fast-check: arbitrary JSON never gets past as something else).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ExitScopeError } from '../../../src/core/errors';
import { validateRequest } from '../../../src/core/service/validate-request';

describe('explore request checks', () => {
  const page = { traceId: 1, filter: { reasons: ['HLT'], forms: [-1, 3], ports: { lo: 0x3f8, hi: 0x3ff }, vcpus: [0], measure: { min: 1, max: 5 }, fromNs: 10.5, toNs: 20, text: 'com' }, sort: { key: 'latency', dir: 'desc' }, offset: 0, limit: 200 };

  it('passes well-formed requests unchanged', () => {
    expect(validateRequest('exits/page', page)).toEqual(page);
    expect(validateRequest('exits/detail', { traceId: 2, seq: 0 })).toEqual({ traceId: 2, seq: 0 });
    expect(validateRequest('timeline/buckets', { traceId: 2, fromNs: 0, toNs: 1e9, columns: 1200 })).toEqual({ traceId: 2, fromNs: 0, toNs: 1e9, columns: 1200 });
    expect(validateRequest('exits/facets', { traceId: 2 })).toEqual({ traceId: 2 });
  });

  it.each([
    [{ ...page, sort: { key: 'rip', dir: 'asc' } }, 'sort.key: expected one of'],
    [{ ...page, limit: 5000 }, 'limit: expected an integer in 1..1000'],
    [{ ...page, offset: -1 }, 'offset: expected an integer'],
    [{ ...page, filter: { forms: [24] } }, 'filter.forms[0]: expected an integer in -1..23'],
    [{ ...page, filter: { ports: { lo: 9, hi: 1 } } }, 'filter.ports: hi (1) is below lo (9)'],
    [{ ...page, filter: { measure: { min: 5, max: 1 } } }, 'filter.measure: max (1) is below min (5)'],
    [{ ...page, filter: { fromNs: 5, toNs: 1 } }, 'filter.toNs: is before fromNs'],
    [{ ...page, filter: { vcpu: [0] } }, 'filter.vcpu: unknown field'],
    [{ ...page, filter: { text: 'x'.repeat(201) } }, 'filter.text: expected a string of at most 200'],
  ])('rejects %j', (req, message) => {
    expect(() => validateRequest('exits/page', req)).toThrow(message);
  });

  it('rejects a timeline window that ends before it starts, and NaN times', () => {
    expect(() => validateRequest('timeline/buckets', { traceId: 1, fromNs: 5, toNs: 5, columns: 10 })).toThrow('toNs: must be after fromNs');
    expect(() => validateRequest('timeline/buckets', { traceId: 1, fromNs: Number.NaN, toNs: 5, columns: 10 })).toThrow('fromNs: expected a finite number');
  });

  it('arbitrary JSON either validates to the same value or fails with a ValidationError', () => {
    fc.assert(fc.property(fc.jsonValue(), (v) => {
      for (const name of ['exits/page', 'exits/detail', 'timeline/buckets', 'exits/source-lines'] as const) {
        try {
          expect(validateRequest(name, v)).toEqual(v);
        } catch (err) {
          expect(err).toBeInstanceOf(ExitScopeError);
          expect((err as ExitScopeError).kind).toBe('ValidationError');
        }
      }
    }), { numRuns: 300 });
  });
});
