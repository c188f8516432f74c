// Re-pricing stand-ins (src/core/cost/reprice.ts): the reference decoder's steps per form and
// what each mechanism decodes; the shipped check scenarios use the same reference steps.
import { describe, expect, it } from 'vitest';
import { findProfile, loadProfiles } from '../../../src/core/cost/load-profiles';
import { priceExit } from '../../../src/core/cost/pricing';
import { deviceClassForPort } from '../../../src/core/cost/device-classes';
import { factsUnder, opOfRecord, referenceSteps, stepsFromCounters } from '../../../src/core/cost/reprice';
import { IO_FORMS } from '../../../src/core/cpu/io-form-table';

const form = (mnemonic: string): number => IO_FORMS.find((f) => f.mnemonic === mnemonic)!.id;
const op = (mnemonic: string, count = 1): { formId: number; count: number } => ({ formId: form(mnemonic), count });

describe('referenceSteps', () => {
  it('counts bytes, prefixes and decisions from the encoding', () => {
    // out imm8, al (E6 ib): prefix dispatch 1 + length test before imm8 1 + class 1 + LOCK 1 + byte form 1
    expect(referenceSteps(form('out imm8, al'))).toEqual({ fetch: { bytes: 2, walkLevels: 0, tlbHits: 1 }, decode: { bytes: 2, prefixes: 0, branches: 5, tableLookups: 2 } });
    // in ax, dx (66 ED): dispatch 2 + length 1 + class 1 + LOCK 1 + byte form 1 + operand size 1
    expect(referenceSteps(form('in ax, dx')).decode).toEqual({ bytes: 2, prefixes: 1, branches: 7, tableLookups: 3 });
    expect(referenceSteps(form('in al, dx')).decode).toEqual({ bytes: 1, prefixes: 0, branches: 4, tableLookups: 2 });
    // rep insw (F3 66 6D): dispatch 3 + length 2 + class 1 + LOCK 1 + size 2 + REP 1 + address size 1
    expect(referenceSteps(form('rep insw')).decode).toEqual({ bytes: 3, prefixes: 2, branches: 11, tableLookups: 4 });
    // outsd (6F): dispatch 1 + class 1 + LOCK 1 + size 2 + REP 1 + address size 1 + segment 1
    expect(referenceSteps(form('outsd')).decode).toEqual({ bytes: 1, prefixes: 0, branches: 8, tableLookups: 2 });
    expect(() => referenceSteps(24)).toThrow(RangeError);
  });

  it('matches the decode steps written in the shipped check scenarios', () => {
    for (const p of loadProfiles({ dir: null }).profiles) {
      for (const c of p.checks) {
        const s = c.scenario;
        if (s.decode) expect(s.decode, `${p.id} ${c.id}`).toEqual(referenceSteps(s.ops[0]!.formId).decode);
      }
    }
  });
});

describe('factsUnder', () => {
  it('decodes under trap, string forms under vmx/svm, nothing for hypercalls', () => {
    expect(factsUnder('trap', [op('out dx, al')], 'kernel').decode).toEqual(referenceSteps(form('out dx, al')).decode);
    expect(factsUnder('vmx', [op('out dx, al')], 'kernel').decode).toBeUndefined();
    expect(factsUnder('svm', [op('rep outsb', 100)], 'kernel').decode).toEqual(referenceSteps(form('rep outsb')).decode);
    expect(factsUnder('vmx', [op('in al, dx')], 'kernel').decode).toBeUndefined();
    expect(factsUnder('vmx', [op('in al, dx')], 'kernel', { decodeNonStringIn: true }).decode).toBeDefined();
    expect(factsUnder('hypercall', [op('rep insw', 256)], 'userspace')).toEqual({ mechanism: 'hypercall', ops: [op('rep insw', 256)], location: 'userspace' });
    expect(factsUnder('batched', [op('out dx, al'), op('in al, dx')], 'kernel').decode).toBeUndefined();
  });

  it('decodes a ring\'s doorbell only when it traps', () => {
    expect(factsUnder('ring', [op('out dx, al')], 'kernel')).toMatchObject({ doorbell: 'hypercall' });
    expect(factsUnder('ring', [op('out dx, al')], 'kernel', { doorbell: 'vmx' }).decode).toBeUndefined();
    expect(factsUnder('ring', [op('out dx, al')], 'kernel', { doorbell: 'trap' }).decode).toEqual(referenceSteps(form('out dx, ax')).decode);
  });

  it('re-prices the kvm-2012 exits like the published scenarios (KVM 2012 decoded IN)', () => {
    const kvm = findProfile(loadProfiles({ dir: null }), 'kvm-2012');
    const total = (mnemonic: string, location: 'kernel' | 'userspace', deviceClass?: string): number => {
      const o = deviceClass ? { ...op(mnemonic), deviceClass } : op(mnemonic);
      return priceExit(factsUnder('vmx', [o], location, { decodeNonStringIn: true }), kvm).total;
    };
    expect(total('out dx, al', 'kernel')).toBe(4451 - 35);
    expect(total('in al, dx', 'kernel')).toBe(7237 - 37);
    expect(total('in eax, dx', 'userspace')).toBe(20574 - 35);
    expect(total('in eax, dx', 'userspace', 'pmtimer')).toBe(24615 - 35);
  });

  it('shows what each mechanism would cost for the same `out dx, al` on the P4', () => {
    const p4 = findProfile(loadProfiles({ dir: null }), 'p4-2007');
    const trap = priceExit(factsUnder('trap', [op('out dx, al')], 'kernel'), p4).total;
    const hypercall = priceExit(factsUnder('hypercall', [op('out dx, al')], 'kernel'), p4).total;
    const batch = priceExit(factsUnder('batched', Array.from({ length: 8 }, () => op('out dx, al')), 'kernel'), p4).total;
    expect(trap).toBe(2000 + 23 + (4 + 9) + (4 + 4 * 7 + 2 * 4) + 20 + 20);
    expect(hypercall).toBe(120 + 11 + 20 + 20 + 120);
    expect(batch / 8).toBeLessThan(hypercall);
  });
});

describe('opOfRecord / deviceClassForPort', () => {
  it('maps well-known ports to the device classes profiles price', () => {
    expect([0xb008, 0x608, 0x20, 0xa1, 0x4d0, 0x3f8, 0x300, 0x1f0, 0x3f6, 0xcfc, 0x80, 0x1234].map(deviceClassForPort))
      .toEqual(['pmtimer', 'pmtimer', 'pic', 'pic', 'elcr', 'uart', 'ne2000', 'ata', 'ata', 'pci-config', 'post', null]);
  });

  it('turns an imported exit into the operation to re-price', () => {
    expect(opOfRecord({ formId: form('in eax, dx'), count: null, port: 0xb008 })).toEqual({ formId: form('in eax, dx'), count: 1, deviceClass: 'pmtimer' });
    expect(opOfRecord({ formId: form('rep insw'), count: 256, port: 0x1f0 })).toEqual({ formId: form('rep insw'), count: 256, deviceClass: 'ata' });
    expect(opOfRecord({ formId: form('rep outsb'), count: null, port: 0x1234 })).toEqual({ formId: form('rep outsb'), count: 1 });
    expect(opOfRecord({ formId: null, count: null, port: null })).toBeNull();
  });
});

describe('stepsFromCounters', () => {
  it('maps the hypervisor decoder\'s counters onto fetch and decode facts', () => {
    const counters = { bytesFetched: 3, pagesTouched: 2, pageWalks: 1, walkLevels: 2, tlbHits: 1, prefixes: 2, branches: 11, tableLookups: 4 };
    expect(stepsFromCounters(counters)).toEqual({
      fetch: { bytes: 3, walkLevels: 2, tlbHits: 1 },
      decode: { bytes: 3, prefixes: 2, branches: 11, tableLookups: 4 },
    });
  });
});
