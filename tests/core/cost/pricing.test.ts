// The pricing formulas (src/core/cost/pricing.ts) on a synthetic profile whose parameters are
// distinct numbers, so each component's value shows which parameters it used.
import { describe, expect, it } from 'vitest';
import { priceGuest } from '../../../src/core/cost/guest-pricing';
import { priceExit } from '../../../src/core/cost/pricing';
import type { ExitCost } from '../../../src/core/cost/pricing';
import { COMPONENTS } from '../../../src/core/cost/types';
import type { ExitFacts } from '../../../src/core/cost/types';
import { IO_FORMS } from '../../../src/core/cpu/io-form-table';
import { params, testProfile } from './fixtures';

const form = (mnemonic: string): number => IO_FORMS.find((f) => f.mnemonic === mnemonic)!.id;
const profile = testProfile();
const byComponent = (cost: ExitCost): Record<string, number> => Object.fromEntries(COMPONENTS.map((k) => [k, cost.components[k].cycles]));
const cycles = (f: ExitFacts): Record<string, number> => byComponent(priceExit(f, profile));

describe('priceExit', () => {
  it('prices a trapped `out dx, al` with every software step', () => {
    const cost = priceExit({
      mechanism: 'trap', ops: [{ formId: form('out dx, al'), count: 1 }], location: 'kernel',
      fetch: { bytes: 1, walkLevels: 2, tlbHits: 0 }, decode: { bytes: 1, prefixes: 0, branches: 3, tableLookups: 1 },
    }, profile);
    expect(byComponent(cost))
      .toEqual({ entry: 1000, dispatch: 30, fetch: 2 + 50, decode: 7 + 3 + 39 + 17, permission: 19, userspace: 0, emulate: 60, resume: 200 });
    expect(cost.total).toBe(1000 + 30 + 52 + 66 + 19 + 60 + 200);
    expect(cost.totalNs).toBeCloseTo(cost.total, 9); // 1 GHz
    expect(cost.components.fetch.params).toEqual(['fetch.byte', 'fetch.walkLevel']);
    expect(cost.components.fetch.derivation).toBe('fetch.byte 2 + fetch.walkLevel 25 × 2 = 52');
    expect(cost.components.decode.params).toEqual(['decode.invoke', 'decode.byte', 'decode.branch', 'decode.tableLookup']);
    expect(cost.components.entry).toEqual({ cycles: 1000, params: ['entry.trap'], derivation: 'entry.trap 1000' });
  });

  it('charges the software TLB probes that hit and the levels of the walks that did not', () => {
    const c = cycles({ mechanism: 'trap', ops: [{ formId: 0, count: 1 }], location: 'kernel', fetch: { bytes: 2, walkLevels: 0, tlbHits: 1 }, decode: null });
    expect(c.fetch).toBe(2 * 2 + 5);
    // an instruction straddling two pages: one cached translation, one 2-level walk
    expect(cycles({ mechanism: 'trap', ops: [], location: 'kernel', fetch: { bytes: 2, walkLevels: 2, tlbHits: 1 } }).fetch).toBe(2 * 2 + 2 * 25 + 5);
    expect(c.decode).toBe(0);
  });

  it('prices a non-string VT-x exit without fetch, decode or software permission check', () => {
    const cost = priceExit({ mechanism: 'vmx', ops: [{ formId: form('in eax, dx'), count: 1 }], location: 'kernel' }, profile);
    expect(byComponent(cost))
      .toEqual({ entry: 1500, dispatch: 40, fetch: 0, decode: 0, permission: 0, userspace: 0, emulate: 60, resume: 300 });
    expect(cost.components.permission.derivation).toMatch(/I\/O bitmap/);
    expect(cost.components.fetch.params).toEqual([]);
  });

  it('prices string elements, buffer walks, device extras and userspace trips', () => {
    const c = cycles({
      mechanism: 'svm', ops: [{ formId: form('rep insw'), count: 256, deviceClass: 'nic' }], location: 'userspace', userspaceTrips: 2,
      bufferWalkLevels: 4, fetch: { bytes: 3, walkLevels: 0, tlbHits: 1 }, decode: { bytes: 3, prefixes: 2, branches: 5, tableLookups: 1 },
    });
    expect(c.emulate).toBe(60 + 256 * 4 + 500 + 4 * 25);
    expect(c.userspace).toBe(20000);
    expect(c.decode).toBe(7 + 9 + 22 + 65 + 17);
  });

  it('defaults to one userspace trip for a userspace device', () => {
    expect(cycles({ mechanism: 'vmx', ops: [{ formId: 3, count: 1 }], location: 'userspace' }).userspace).toBe(10000);
  });

  it('ignores a device class the profile has no extra for', () => {
    expect(cycles({ mechanism: 'vmx', ops: [{ formId: 3, count: 1, deviceClass: 'uart' }], location: 'kernel' }).emulate).toBe(60);
  });

  it('prices a hypercall and a null exit', () => {
    expect(cycles({ mechanism: 'hypercall', ops: [{ formId: form('out dx, al'), count: 1 }], location: 'kernel' }))
      .toEqual({ entry: 100, dispatch: 10, fetch: 0, decode: 0, permission: 19, userspace: 0, emulate: 60, resume: 110 });
    expect(priceExit({ mechanism: 'hypercall', ops: [], location: 'kernel' }, profile).total).toBe(220);
  });

  it('prices a batch: one hypercall, per-operation dispatch, check and device work', () => {
    const ops = [{ formId: form('out dx, al'), count: 1 }, { formId: form('out dx, al'), count: 1 }, { formId: form('rep outsw'), count: 10 }];
    const cost = priceExit({ mechanism: 'batched', ops, location: 'kernel' }, profile);
    expect(cost.path).toBe('hypercall');
    expect(byComponent(cost))
      .toEqual({ entry: 100, dispatch: 10 + 3 * 8, fetch: 0, decode: 0, permission: 3 * 19, userspace: 0, emulate: 3 * 60 + 10 * 4, resume: 110 });
    expect(cost.components.dispatch.derivation).toBe('dispatch.hypercall 10 + batch.op 8 × 3 = 34');
    expect(cost.components.emulate.derivation).toBe('emulate.access 60 × 3 + emulate.element 4 × 10 = 220');
    expect(cost.components.emulate.params).toEqual(['emulate.access', 'emulate.element']);
  });

  it('prices a ring through its doorbell exit path', () => {
    const ops = [{ formId: form('out dx, eax'), count: 1 }, { formId: form('in al, dx'), count: 1 }];
    expect(cycles({ mechanism: 'ring', doorbell: 'vmx', ops, location: 'kernel' }))
      .toEqual({ entry: 1500, dispatch: 40 + 2 * 9, fetch: 0, decode: 0, permission: 2 * 19, userspace: 0, emulate: 120, resume: 300 });
    const trapped = cycles({ mechanism: 'ring', doorbell: 'trap', ops, location: 'kernel', decode: { bytes: 1, prefixes: 0, branches: 3, tableLookups: 1 } });
    expect(trapped.entry).toBe(1000);
    expect(trapped.decode).toBe(7 + 3 + 39 + 17);
  });

  it('keeps total equal to the sum of the components', () => {
    const cost = priceExit({ mechanism: 'trap', ops: [{ formId: 13, count: 7, deviceClass: 'nic' }], location: 'userspace', fetch: { bytes: 2, walkLevels: 2, tlbHits: 0 }, decode: { bytes: 2, prefixes: 1, branches: 5, tableLookups: 1 } }, profile);
    expect(cost.total).toBe(COMPONENTS.reduce((s, c) => s + cost.components[c].cycles, 0));
  });

  it('rejects inconsistent facts', () => {
    expect(() => priceExit({ mechanism: 'vmx', ops: [{ formId: 0, count: 1 }, { formId: 0, count: 1 }], location: 'kernel' }, profile)).toThrow(/at most one port operation/);
    expect(() => priceExit({ mechanism: 'hypercall', ops: [], location: 'kernel', decode: { bytes: 1, prefixes: 0, branches: 0, tableLookups: 0 } }, profile)).toThrow(/no instruction fetch or decode/);
    expect(() => priceExit({ mechanism: 'ring', ops: [], location: 'kernel' }, profile)).toThrow(/doorbell/);
    expect(() => priceExit({ mechanism: 'vmx', ops: [{ formId: 24, count: 1 }], location: 'kernel' }, profile)).toThrow(/form id 24/);
    expect(() => priceExit({ mechanism: 'trap', ops: [], location: 'kernel', fetch: { bytes: 1, walkLevels: 0, tlbHits: 3 } }, profile)).toThrow('exit.fetch.tlbHits: an instruction touches at most 2 pages, got 3 TLB hits');
    expect(() => priceExit({ mechanism: 'trap', ops: [], location: 'kernel', decode: { bytes: 1, prefixes: 0, branches: 1.5, tableLookups: 0 } }, profile)).toThrow('exit.decode.branches: expected a whole number ≥ 0, got 1.5');
    expect(() => priceExit({ mechanism: 'vmx', ops: [{ formId: 9, count: 2 }], location: 'kernel' }, profile)).toThrow('exit.ops[0].count: out dx, al moves exactly one element, got 2');
    expect(() => priceExit({ mechanism: 'vmx', ops: [{ formId: 13, count: -1 }], location: 'kernel' }, profile)).toThrow(/exit\.ops\[0\]\.count: expected a whole number/);
  });

  it('says which parameter is missing when a profile cannot price a mechanism', () => {
    const noTrap = testProfile((j) => {
      for (const k of ['entry.trap', 'dispatch.trap', 'resume.trap']) delete params(j)[k];
    });
    expect(() => priceExit({ mechanism: 'trap', ops: [], location: 'kernel' }, noTrap)).toThrow(/test-cpu cannot price trap: it defines no entry\.trap/);
    expect(() => priceExit({ mechanism: 'ring', doorbell: 'trap', ops: [], location: 'kernel' }, noTrap)).toThrow(/cannot price ring \(its exit path is trap\)/);
  });

  it('lists zero-valued parameters but keeps them out of the arithmetic', () => {
    const lumped = testProfile((j) => {
      for (const k of ['decode.byte', 'decode.branch', 'decode.tableLookup', 'dispatch.vmx']) params(j)[k]!.value = 0;
    });
    const cost = priceExit({ mechanism: 'vmx', ops: [{ formId: 3, count: 1 }], location: 'kernel', decode: { bytes: 1, prefixes: 0, branches: 3, tableLookups: 1 } }, lumped);
    expect(cost.components.decode).toEqual({
      cycles: 7, params: ['decode.invoke', 'decode.byte', 'decode.branch', 'decode.tableLookup'],
      derivation: 'decode.invoke 7 (decode.byte, decode.branch, decode.tableLookup: 0 in this profile)',
    });
    expect(cost.components.dispatch.derivation).toBe('0 (dispatch.vmx: 0 in this profile)');
  });

  it('gives no time without a clock', () => {
    const noClock = testProfile((j) => {
      (j.cpu as { clock: unknown }).clock = { value: null, kind: 'assumed', source: { citation: 'x', note: 'not stated' } };
    });
    expect(priceExit({ mechanism: 'hypercall', ops: [], location: 'kernel' }, noClock).totalNs).toBeNull();
  });
});

describe('priceGuest', () => {
  it('prices guest instructions with the i386 table and the clock scale', () => {
    const g = priceGuest([{ class: 'call' }, { class: 'ret' }, { class: 'jcc', taken: true }, { class: 'alu', memory: true, times: 2 }], profile);
    expect(g.cycles).toBe(7 + 10 + 7 + 14);
    expect(g.params).toEqual(['guest.clockScale']);
    const doubled = testProfile((j) => {
      params(j)['guest.clockScale']!.value = 2;
    });
    expect(priceGuest([{ class: 'ret' }], doubled).cycles).toBe(20);
  });
});
