import { describe, expect, it } from 'vitest';
import { conflicts, DEFAULT_RUN, defaultRunChoice, imposedNote, initialPlacement, initialTexts, mechanismChoices, paramHint, paramsToSend, placementToSend, profileClock } from '../../../src/renderer/src/state/run-form';
import { profileInfo, workloadInfo } from '../run-fixtures';

const w = workloadInfo();

describe('New run form', () => {
  it('starts from the defaults and sends only what changed', () => {
    const texts = initialTexts(w);
    expect(texts).toEqual({ cpl: '0', ioBitmap: 'allow', iterations: '10000', port: '0x4d0', width: '1' });
    expect(paramsToSend(w, texts)).toEqual({ params: {}, errors: [] });
    expect(paramsToSend(w, { ...texts, iterations: '500', width: '0x4' })).toEqual({ params: { iterations: 500, width: 4 }, errors: [] });
    expect(paramsToSend(w, { ...texts, port: '1232' })).toEqual({ params: {}, errors: [] }); // 1232 = 0x4d0, the default
  });

  it('names every bad field', () => {
    const { errors } = paramsToSend(w, { ...initialTexts(w), iterations: '0', width: '3', ioBitmap: 'maybe' });
    expect(errors).toEqual([
      'ioBitmap: expected one of allow, deny, none',
      'iterations: expected an integer from 1 to 10,000,000',
      'width: expected one of 1, 2, 4',
    ]);
  });

  it('hints ranges and what the chosen mechanisms impose', () => {
    expect(paramHint(w.params[2]!)).toBe('1 … 10,000,000 iterations');
    expect(paramHint(w.params[4]!)).toBe('one of 1, 2, 4 bytes');
    expect(imposedNote(w.params[0]!, ['trap', 'hypercall'])).toBe('trap sets 3');
    expect(imposedNote(w.params[0]!, ['hypercall'])).toBeNull();
  });

  it('flags a changed parameter that a chosen mechanism imposes otherwise', () => {
    expect(conflicts(w, { cpl: 1, iterations: 5 }, ['trap', 'hypercall'])).toEqual(['cpl: trap runs the guest with cpl = 3']);
    expect(conflicts(w, { cpl: 3 }, ['trap'])).toEqual([]);
    expect(conflicts(w, { cpl: 1 }, ['hypercall'])).toEqual([]);
  });

  it('offers only the mechanisms the profile prices', () => {
    const choices = mechanismChoices(profileInfo(['trap', 'hypercall', 'batched']));
    expect(choices.filter((c) => c.priced).map((c) => c.mechanism)).toEqual(['trap', 'hypercall', 'batched']);
    expect(choices.find((c) => c.mechanism === 'ring')?.why).toBe('p4-2007 has no published figure for the hypercall path');
    expect(choices.find((c) => c.mechanism === 'vmx')?.why).toBe('p4-2007 has no published figure for the vmx path');
    expect(mechanismChoices(null).every((c) => !c.priced)).toBe(true);
    expect(profileClock(profileInfo([]))).toBe('Pentium 4 · 2,800 MHz');
  });
});

describe('device placement', () => {
  it('starts at every device\u2019s default and sends only the devices moved from it', () => {
    const w = workloadInfo();
    const placement = initialPlacement(w);
    expect(placement).toEqual({ pic: 'kernel', ne2000: 'userspace' });
    expect(placementToSend(w, placement)).toEqual({});
    expect(placementToSend(w, { ...placement, ne2000: 'kernel' })).toEqual({ ne2000: 'kernel' });
  });
});


describe('the dialog\'s first choice', () => {
  const ne = { ...workloadInfo(), id: 'ne2000_tx' };
  const kvm = { ...profileInfo(['vmx', 'hypercall', 'batched', 'ring']), id: 'kvm-2012' };
  const p4 = profileInfo(['trap', 'hypercall', 'batched', 'ring']);

  it('compares ne2000_tx under kvm-2012\'s hardware exit and its hypercall, not four identical runs', () => {
    expect(defaultRunChoice([workloadInfo(), ne], [p4, kvm])).toEqual({ workloadId: 'ne2000_tx', profileId: 'kvm-2012', mechanisms: [...DEFAULT_RUN.mechanisms] });
    expect(DEFAULT_RUN.mechanisms).not.toContain('batched');
  });

  it('falls back to the first workload and profile, with every mechanism that profile prices', () => {
    expect(defaultRunChoice([workloadInfo()], [p4])).toEqual({ workloadId: 'outl_to_kernel', profileId: 'p4-2007', mechanisms: ['trap', 'hypercall', 'batched', 'ring'] });
    expect(defaultRunChoice([], [])).toEqual({ workloadId: '', profileId: '', mechanisms: [] });
  });
});
