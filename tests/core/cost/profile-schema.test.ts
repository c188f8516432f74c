// Validation of profile files (src/core/cost/profile-schema.ts): every error names the field.
import { describe, expect, it } from 'vitest';
import { parseParamSet, parseProfile } from '../../../src/core/cost/profile-schema';
import { builtinSets, params, testProfile, testProfileJson } from './fixtures';

const src = { citation: 'test', note: 'n' };
const fails = (mutate: (j: Record<string, unknown>) => void): string => {
  const j = testProfileJson();
  mutate(j);
  try {
    parseProfile(j, 'test', builtinSets());
  } catch (err) {
    return (err as Error).message;
  }
  throw new Error('expected a validation error');
};
const outCheck = (extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  id: 'c1', what: 'an out', published: { value: 2000, unit: 'cycles' }, expect: 'within', tolerance: 0.05, source: src,
  scenario: { mechanism: 'vmx', ops: [{ form: 'out dx, al' }], location: 'kernel' }, ...extra,
});

describe('parseProfile', () => {
  it('accepts a complete profile and converts published units with the clock', () => {
    const p = testProfile((j) => {
      params(j)['entry.trap'] = { value: 1.5, unit: 'us', kind: 'measured', role: 'check', source: src };
    });
    expect(p.params.get('entry.trap')!.value).toBe(1500); // 1 GHz
    expect(p.params.get('entry.trap')!.published).toEqual({ value: 1.5, unit: 'us' });
    expect(p.cpu.clock.mhz).toBe(1000);
    expect(p.origin).toBe('test');
  });

  it('reads the string-I/O policy: default decode, validated, only with a hardware exit path', () => {
    expect(testProfile().stringIo).toEqual({ mode: 'decode', source: null });
    expect(testProfile((j) => { j.stringIo = { mode: 'instruction-info', source: src }; }).stringIo).toEqual({ mode: 'instruction-info', source: src });
    expect(fails((j) => { j.stringIo = { mode: 'guess', source: src }; })).toMatch(/^stringIo\.mode/);
    expect(fails((j) => { j.stringIo = { mode: 'decode' }; })).toMatch(/^stringIo\.source/);
    expect(fails((j) => {
      j.stringIo = { mode: 'decode', source: src };
      for (const k of ['entry.vmx', 'dispatch.vmx', 'resume.vmx', 'entry.svm', 'dispatch.svm', 'resume.svm']) delete params(j)[k];
    })).toMatch(/^stringIo: only a profile with a hardware exit path/);
  });

  it('names the field of a shape error', () => {
    expect(fails((j) => { params(j)['entry.trap']!.kind = 'guessed'; })).toBe('parameters.entry.trap.kind: expected one of measured, manual, derived, assumed, got string');
    expect(fails((j) => { params(j)['entry.vmx']!.value = -1; })).toMatch(/^parameters\.entry\.vmx\.value: expected a number ≥ 0/);
    expect(fails((j) => { j.colour = 'red'; })).toBe('colour: unknown field');
    expect(fails((j) => { params(j)['entry.trap']!.source = { note: 'n' }; })).toBe('parameters.entry.trap.source: a source needs a url or a citation');
    expect(fails((j) => { j.id = 'Bad Id'; })).toMatch(/^id: expected lower-case/);
    expect(() => parseProfile([], 'test', builtinSets())).toThrow('expected a JSON object (a profile) at the top level, got an array');
  });

  it('rejects unknown, missing and incomplete parameters', () => {
    expect(fails((j) => { params(j)['entry.tarp'] = params(j)['entry.trap']!; })).toMatch(/^parameters\.entry\.tarp: unknown parameter/);
    expect(fails((j) => { delete params(j)['emulate.access']; })).toMatch(/^parameters\.emulate\.access: missing/);
    expect(fails((j) => { delete params(j)['resume.vmx']; })).toMatch(/^parameters\.resume\.vmx: missing: entry\.vmx is defined/);
    expect(fails((j) => { delete params(j)['entry.vmx']; })).toBe('parameters.dispatch.vmx: defined without entry.vmx');
    expect(fails((j) => { params(j)['guest.clockScale']!.unit = 'cycles'; })).toBe('parameters.guest.clockScale.unit: expected ratio');
  });

  it('requires derivations and honest fit bookkeeping', () => {
    expect(fails((j) => { params(j)['entry.trap']!.kind = 'derived'; })).toBe('parameters.entry.trap.derivation: a derived parameter must write out its derivation');
    expect(fails((j) => { params(j)['entry.trap']!.role = 'fit'; })).toMatch(/^parameters\.entry\.trap\.fitTo: a fitted parameter must name the checks/);
    expect(fails((j) => { Object.assign(params(j)['entry.trap']!, { role: 'fit', fitTo: ['nope'] }); })).toBe('parameters.entry.trap.fitTo[0]: no check with id "nope" in this profile');
    expect(fails((j) => { Object.assign(params(j)['entry.trap']!, { fitTo: ['c1'] }); j.checks = [outCheck()]; })).toMatch(/only role "fit" parameters name fitTo/);
  });

  it('needs a clock for figures in time units', () => {
    expect(fails((j) => {
      (j.cpu as { clock: unknown }).clock = { value: null, kind: 'assumed', source: src };
      params(j)['entry.trap']!.unit = 'ns';
    })).toMatch(/^parameters\.entry\.trap\.unit: a value in ns needs the profile clock/);
  });

  it('validates checks and their scenarios', () => {
    expect(fails((j) => { j.checks = [outCheck(), outCheck()]; })).toBe('checks[1].id: duplicate check id "c1"');
    expect(fails((j) => { j.checks = [outCheck({ tolerance: undefined })]; })).toMatch(/^checks\[0\]\.tolerance: a "within" check needs a tolerance/);
    expect(fails((j) => { j.checks = [outCheck({ published: { value: 16, unit: 'ratio' } })]; })).toMatch(/^checks\[0\]\.per: a ratio check needs "per"/);
    expect(fails((j) => { j.checks = [outCheck({ scenario: { mechanism: 'vmx', ops: [{ form: 'out dx, all' }], location: 'kernel' } })]; }))
      .toMatch(/^checks\[0\]\.scenario\.ops\[0\]\.form: expected a form id 0\.\.23 or a mnemonic/);
    expect(fails((j) => { j.checks = [outCheck({ scenario: { mechanism: 'vmx', ops: [{ form: 9, count: 3 }], location: 'kernel' } })]; }))
      .toBe('checks[0].scenario.ops[0].count: out dx, al moves exactly one element, got 3');
    expect(fails((j) => { j.checks = [outCheck({ scenario: { mechanism: 'vmx', ops: [], location: 'kernel', guest: 'no-such-loop' } })]; }))
      .toMatch(/^checks\[0\]\.scenario\.guest: unknown guest loop "no-such-loop"/);
    expect(fails((j) => { j.checks = [outCheck({ scenario: { mechanism: 'vmx', ops: [], location: 'kernel', guest: [{ class: 'fly' }] } })]; }))
      .toMatch(/^checks\[0\]\.scenario\.guest\[0\]\.class: unknown instruction class "fly"/);
    expect(fails((j) => { j.checks = [outCheck({ derivedFrom: ['c1'] })]; })).toBe('checks[0].derivedFrom[0]: no other check with id "c1" in this profile');
    expect(fails((j) => {
      for (const k of ['entry.svm', 'dispatch.svm', 'resume.svm']) delete params(j)[k];
      j.checks = [outCheck({ scenario: { mechanism: 'svm', ops: [], location: 'kernel' } })];
    })).toBe('checks[0].scenario.mechanism: svm needs entry.svm, which this profile does not define');
  });

  it('merges inherited sets under the profile\'s own parameters and drops unusable ones', () => {
    const p = testProfile((j) => {
      j.inherits = ['micro-386'];
      for (const k of ['fetch.byte', 'decode.branch', 'entry.svm', 'dispatch.svm', 'resume.svm']) delete params(j)[k];
    });
    expect(p.params.get('fetch.byte')).toMatchObject({ value: 4, inheritedFrom: 'micro-386' });
    expect(p.params.get('decode.branch')!.value).toBe(7);
    expect(p.params.get('entry.trap')!.value).toBe(1000); // own value wins
    expect(p.params.has('dispatch.svm')).toBe(false); // from the set, but svm is not supported here
    expect(fails((j) => { j.inherits = ['no-such-set']; })).toMatch(/^inherits\[0\]: no parameter set "no-such-set"/);
  });
});

describe('parseParamSet', () => {
  it('refuses fits in a set', () => {
    const set = { id: 'mine', title: 't', description: 'd', parameters: { 'fetch.byte': { value: 1, unit: 'cycles', kind: 'assumed', role: 'fit', fitTo: ['x'], source: src } } };
    expect(() => parseParamSet(set)).toThrow('parameters.fetch.byte.role: a parameter set holds no fits (role must be "check")');
    expect(() => parseParamSet({ ...set, parameters: { 'fetch.byte': { value: 1, unit: 'ns', kind: 'assumed', role: 'check', source: src } } })).toThrow(/needs the profile clock/);
  });
});
