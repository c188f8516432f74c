// The pure savings functions: baseline choice (trap, else the most expensive; complete runs
// first), shares, and cycles saved per form including forms only some mechanisms had.
import { describe, expect, it } from 'vitest';
import { chooseBaseline, computeSavings, formKey, savingsNotes, savingsPerForm, shareInExits } from '../../../src/core/analysis/savings';
import type { SavingsRun } from '../../../src/core/analysis/savings';
import type { FormTotalsRow } from '../../../src/core/analysis/queries';

function form(formId: number | null, exits: number, total: number): FormTotalsRow {
  const cycles = { entry: total, dispatch: 0, fetch: 0, decode: 0, permission: 0, userspace: 0, emulate: 0, resume: 0 };
  return { formId, label: formId === null ? 'HYPERCALL' : `form ${formId}`, exits, ops: exits, cycles, totalCycles: total };
}

function run(traceId: number, mechanism: string, forms: FormTotalsRow[], extra: Partial<SavingsRun> = {}): SavingsRun {
  return { traceId, mechanism, status: 'complete', guestCycles: 10_000, derived: { cyclesPerIteration: 7 }, forms, ...extra };
}

const trap = run(1, 'trap', [form(9, 10, 2000), form(12, 1, 500)]);
const vmx = run(2, 'vmx', [form(9, 10, 900), form(12, 1, 300)]);
const hc = run(3, 'hypercall', [form(9, 10, 300), form(null, 2, 40)]);

describe('chooseBaseline', () => {
  it('prefers the trap run', () => {
    expect(chooseBaseline([vmx, hc, trap]).run.traceId).toBe(1);
    expect(chooseBaseline([vmx, hc, trap]).why).toMatch(/^the trap run/);
  });

  it('without a trap run takes the mechanism with the most exit cycles and says so', () => {
    const b = chooseBaseline([hc, vmx]);
    expect(b.run.mechanism).toBe('vmx');
    expect(b.why).toBe('no trap run in this group: the most expensive mechanism, vmx (most cycles in exits)');
  });

  it('skips a cancelled trap run when a complete run exists', () => {
    expect(chooseBaseline([{ ...trap, status: 'cancelled' }, vmx, hc]).run.mechanism).toBe('vmx');
  });
});

describe('savings figures', () => {
  it('shareInExits divides by guest cycles, null without them', () => {
    expect(shareInExits(2500, 10_000)).toBe(0.25);
    expect(shareInExits(1, null)).toBeNull();
    expect(shareInExits(1, 0)).toBeNull();
  });

  it('saves per form against the baseline, a form missing from a run counting 0 cycles', () => {
    const rows = savingsPerForm([trap, vmx, hc], trap);
    expect(rows.map((r) => r.key)).toEqual(['9', '12', 'none']);
    expect(rows[0]!.saved).toEqual({ 1: 0, 2: 1100, 3: 1700 });
    expect(rows[1]!.saved).toEqual({ 1: 0, 2: 200, 3: 500 });
    expect(rows[2]!.saved).toEqual({ 1: 0, 2: 0, 3: -40 }); // a vmcall only the hypercall build makes costs it 40
    expect(formKey(null)).toBe('none');
  });

  it('computeSavings totals exit cycles, shares, saved cycles and result figures', () => {
    const s = computeSavings({ runGroup: 'g', workload: 'w', profileId: 'p', results: [{ name: 'cyclesPerIteration', unit: 'cycles', formula: 'f' }] }, [trap, vmx, hc]);
    expect(s.baseline).toMatchObject({ traceId: 1, mechanism: 'trap' });
    expect(s.mechanisms.map((m) => [m.mechanism, m.exits, m.exitCycles, m.savedCycles, m.shareInExits])).toEqual([
      ['trap', 11, 2500, 0, 0.25], ['vmx', 11, 1200, 1300, 0.12], ['hypercall', 12, 340, 2160, 0.034],
    ]);
    expect(s.mechanisms[0]!.results).toEqual([{ name: 'cyclesPerIteration', unit: 'cycles', formula: 'f', value: 7 }]);
    expect(s.derivations.share).toContain('exit cycles ÷ guest cycles');
  });
});

describe('savingsNotes', () => {
  it('says when batched coincides with hypercall, and why', () => {
    const batched = run(4, 'batched', [form(9, 10, 300), form(null, 2, 40)]);
    const notes = savingsNotes([trap, hc, batched]);
    expect(notes).toHaveLength(1);
    expect(notes[0]).toMatch(/^hypercall and batched coincide \(12 exits, 340 cycles\): no exit carried more than one port operation/);
  });

  it('says where a hypercall costs more per exit than the hardware exit of the same form', () => {
    const cheapVmx = run(2, 'vmx', [form(9, 10, 200)]);
    const notes = savingsNotes([cheapVmx, hc]);
    expect(notes).toEqual([expect.stringMatching(/^form 9: a hypercall costs 30 cycles per exit, a vmx exit 20/)]);
    expect(savingsNotes([vmx, hc])).toEqual([]); // vmx 90 per exit > hypercall 30: nothing to explain
  });

  it('leaves cancelled runs out', () => {
    expect(savingsNotes([hc, run(4, 'batched', [form(9, 10, 300), form(null, 2, 40)], { status: 'cancelled' })])).toEqual([]);
  });
});
