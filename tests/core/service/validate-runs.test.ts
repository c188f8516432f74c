// Validation of the run commands' payloads at the boundary: every field checked, the bad one named.
import { describe, expect, it } from 'vitest';
import { validateRequest } from '../../../src/core/service/validate-request';

const good = { runId: 'r', workload: 'io_forms', mechanisms: ['trap', 'hypercall'], profileId: 'p4-2007', params: { iterations: 5, ioBitmap: 'deny' } };

describe('runs/* validators', () => {
  it('accepts a well-formed runs/start and returns exactly its fields', () => {
    expect(validateRequest('runs/start', good)).toEqual(good);
  });

  it.each([
    [{ ...good, mechanisms: [] }, 'mechanisms: expected at least one mechanism'],
    [{ ...good, mechanisms: ['trap', 'trap'] }, 'mechanisms: each mechanism may appear once'],
    [{ ...good, mechanisms: ['virtio'] }, 'mechanisms[0]: expected one of trap, vmx, svm, hypercall, batched, ring, got string'],
    [{ ...good, params: { iterations: Number.NaN } }, 'params.iterations: expected a number or a string of at most 4096 characters'],
    [{ ...good, params: { 'a b': 1 } }, 'params.a b: not a parameter name (letters and digits)'],
    [{ ...good, params: [] }, 'params: expected an object of parameter values'],
    [{ ...good, runId: '' }, 'runId: expected a non-empty string of at most 100 characters, got string'],
    [{ ...good, extra: 1 }, 'extra: unknown field'],
    [{ ...good, deviceLocations: { nic: 'kernel' } }, 'deviceLocations.nic: not a device'],
    [{ ...good, deviceLocations: { ne2000: 'vmm' } }, 'deviceLocations.ne2000: expected one of kernel, userspace'],
  ])('rejects %j', (payload, message) => {
    expect(() => validateRequest('runs/start', payload)).toThrow(message);
  });

  it('takes device placements for the platform\u2019s devices', () => {
    expect(validateRequest('runs/start', { ...good, deviceLocations: { ne2000: 'kernel', pic: 'userspace' } })).toEqual({ ...good, deviceLocations: { ne2000: 'kernel', pic: 'userspace' } });
  });

  it('runs/savings takes a traceId or a runGroup, not both', () => {
    expect(validateRequest('runs/savings', { traceId: 3 })).toEqual({ traceId: 3 });
    expect(validateRequest('runs/savings', { runGroup: 'g' })).toEqual({ runGroup: 'g' });
    expect(() => validateRequest('runs/savings', { runGroup: 'g', traceId: 3 })).toThrow('traceId: unknown field');
    expect(() => validateRequest('runs/savings', {})).toThrow('traceId: expected a positive integer');
  });

  it('runs/cancel, runs/breakdown and the lists', () => {
    expect(validateRequest('runs/cancel', { runId: 'r' })).toEqual({ runId: 'r' });
    expect(() => validateRequest('runs/breakdown', { traceId: 0 })).toThrow('traceId: expected a positive integer');
    expect(validateRequest('workloads/list', undefined)).toEqual({});
    expect(() => validateRequest('profiles/list', { x: 1 })).toThrow('x: unknown field');
  });
});
