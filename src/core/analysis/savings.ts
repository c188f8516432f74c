// Savings of one run group: the mechanisms that ran the same workload side by side, each
// against a baseline — the trap run when the group has one, else the mechanism that spent
// the most cycles in exits. Pure functions over the per-form totals (queries.ts) and the runs'
// meta; every figure's derivation is returned with it for the UI's captions.
import type { TraceStatus } from '../../shared/dto';
import type { DerivedResultInfo, FormSavings, GroupCompleteness, MechanismSavings, RunSavings } from '../../shared/runs';
import type { FormTotalsRow } from './queries';

export interface SavingsRun {
  traceId: number;
  mechanism: string;
  status: TraceStatus;
  guestCycles: number | null;
  derived: Record<string, number | null>;
  forms: FormTotalsRow[];
}

export interface SavingsContext {
  runGroup: string;
  workload: string;
  profileId: string;
  /** The workload's derived results (name, unit, formula) in catalogue order. */
  results: readonly DerivedResultInfo[];
  /** Which mechanisms asked for are present (group-completeness.ts); unknown when not given. */
  completeness?: GroupCompleteness;
}

/** "9" for form 9, "none" for exits that carried no port operation (a bare vmcall). */
export function formKey(formId: number | null): string {
  return formId === null ? 'none' : String(formId);
}

export function exitCyclesOf(run: Pick<SavingsRun, 'forms'>): number {
  return run.forms.reduce((sum, f) => sum + f.totalCycles, 0);
}

/** Exit cycles as a share of the guest's cycles, or null when the guest clock is unknown. */
export function shareInExits(exitCycles: number, guestCycles: number | null): number | null {
  return guestCycles !== null && guestCycles > 0 ? exitCycles / guestCycles : null;
}

/**
 * The run the others are compared with: the trap run (the software VMM the paravirtual path
 * replaces); without one, the run with the most exit cycles. Complete runs are preferred over
 * cancelled ones, whose totals are partial.
 */
export function chooseBaseline(runs: readonly SavingsRun[]): { run: SavingsRun; why: string } {
  if (runs.length === 0) throw new RangeError('a savings comparison needs at least one run');
  const complete = runs.filter((r) => r.status === 'complete');
  const pool = complete.length > 0 ? complete : runs;
  const trap = pool.find((r) => r.mechanism === 'trap');
  if (trap) return { run: trap, why: 'the trap run (a software VMM: #GP, instruction fetch and decode)' };
  const top = pool.reduce((a, b) => (exitCyclesOf(b) > exitCyclesOf(a) ? b : a));
  return { run: top, why: `no trap run in this group: the most expensive mechanism, ${top.mechanism} (most cycles in exits)` };
}

/** Per form (union over the runs): exits and cycles per trace, and cycles saved vs the baseline. */
export function savingsPerForm(runs: readonly SavingsRun[], baseline: SavingsRun): FormSavings[] {
  const forms = new Map<string, FormSavings>();
  for (const run of runs) {
    for (const f of run.forms) {
      const key = formKey(f.formId);
      let row = forms.get(key);
      if (!row) forms.set(key, (row = { key, formId: f.formId, label: f.label, exits: {}, cycles: {}, saved: {} }));
      row.exits[run.traceId] = f.exits;
      row.cycles[run.traceId] = f.totalCycles;
    }
  }
  const rows = [...forms.values()];
  for (const row of rows) {
    const base = row.cycles[baseline.traceId] ?? 0;
    for (const run of runs) row.saved[run.traceId] = base - (row.cycles[run.traceId] ?? 0);
  }
  return rows.sort((a, b) => (a.formId ?? 99) - (b.formId ?? 99));
}

export const SAVINGS_DERIVATIONS: RunSavings['derivations'] = {
  exitCycles: 'Σ cost_total over the run\u2019s stored exits (each exit priced per component from the CPU profile), in guest cycles',
  share: 'exit cycles ÷ guest cycles; guest cycles = the guest clock at the end of the run (guest instructions plus every exit\u2019s cost)',
  saved: 'baseline\u2019s exit cycles − this mechanism\u2019s exit cycles (positive: fewer cycles in exits than the baseline)',
  savedPerForm: 'per form: Σ cost_total of the baseline\u2019s exits of that form − Σ cost_total of this mechanism\u2019s exits of that form',
  results: 'the workload\u2019s own figures, measured by the guest with RDTSC around its loop (exit costs are charged to the guest clock), formula per figure',
};

const sameForms = (a: SavingsRun, b: SavingsRun): boolean =>
  a.forms.length === b.forms.length && a.forms.every((f) => b.forms.some((g) => g.formId === f.formId && g.exits === f.exits && g.totalCycles === f.totalCycles));

const PARAVIRT_BATCHING: Record<string, string> = {
  batched: 'no exit carried more than one port operation (batched only differs from hypercall when the workload batches, e.g. ne2000 with batch = 1)',
  ring: 'no doorbell carried more than one port operation',
};

/** Mechanisms of the group that coincide, and forms where one mechanism pays more per exit than another. */
export function savingsNotes(runs: readonly SavingsRun[]): string[] {
  const notes: string[] = [];
  const done = runs.filter((r) => r.status === 'complete');
  for (let i = 0; i < done.length; i++) {
    for (let j = i + 1; j < done.length; j++) {
      const a = done[i]!;
      const b = done[j]!;
      if (!sameForms(a, b)) continue;
      const why = PARAVIRT_BATCHING[a.mechanism] ?? PARAVIRT_BATCHING[b.mechanism] ?? 'the same exits and cycles per form';
      notes.push(`${a.mechanism} and ${b.mechanism} coincide (${a.forms.reduce((n, f) => n + f.exits, 0)} exits, ${exitCyclesOf(a)} cycles): ${why}.`);
    }
  }
  const hc = done.find((r) => r.mechanism === 'hypercall');
  for (const hw of done.filter((r) => r.mechanism === 'vmx' || r.mechanism === 'svm')) {
    if (!hc) break;
    for (const f of hw.forms) {
      const g = hc.forms.find((x) => x.formId === f.formId);
      if (!g || f.exits === 0 || g.exits === 0 || f.formId === null) continue;
      const perHw = f.totalCycles / f.exits;
      const perHc = g.totalCycles / g.exits;
      if (perHc > perHw) {
        notes.push(`${f.label}: a hypercall costs ${Math.round(perHc)} cycles per exit, a ${hw.mechanism} exit ${Math.round(perHw)}: under this profile the hardware exit needs no decode for it (fast PIO) and the hypercall round trip is not cheaper, so the paravirtual path saves nothing on this form.`);
      }
    }
  }
  return notes;
}

export function computeSavings(ctx: SavingsContext, runs: readonly SavingsRun[]): RunSavings {
  const { run: baseline, why } = chooseBaseline(runs);
  const baseCycles = exitCyclesOf(baseline);
  const mechanisms: MechanismSavings[] = runs.map((r) => {
    const exitCycles = exitCyclesOf(r);
    return {
      traceId: r.traceId, mechanism: r.mechanism, status: r.status,
      exits: r.forms.reduce((n, f) => n + f.exits, 0),
      exitCycles, guestCycles: r.guestCycles, shareInExits: shareInExits(exitCycles, r.guestCycles),
      savedCycles: baseCycles - exitCycles,
      results: ctx.results.map((d) => ({ name: d.name, unit: d.unit, formula: d.formula, value: r.derived[d.name] ?? null })),
    };
  });
  return {
    runGroup: ctx.runGroup, workload: ctx.workload, profileId: ctx.profileId,
    completeness: ctx.completeness ?? { requested: null, missing: [], partial: [], complete: null },
    baseline: { traceId: baseline.traceId, mechanism: baseline.mechanism, why },
    mechanisms, forms: savingsPerForm(runs, baseline), derivations: SAVINGS_DERIVATIONS, notes: savingsNotes(runs),
  };
}
