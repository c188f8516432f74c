// Leave-one-out validation of a profile (`exitscope validate`): predictions that could fail.
// A profile's independent published figures are its `within` checks of a whole exit (no
// derivedFrom, no component subset, no ratio). Each is a linear function of the profile's
// parameters (pricing is a sum of parameter × count terms plus the guest loop), so for each
// held-out figure h:
//   1. the unknowns are the profile's fitted parameters whose own fitTo figures price them; a
//      fitted parameter whose named figures do not price it (kvm-2012's entry.vmx, set equal to
//      entry.hypercall by assumption) is a tie and keeps its value (listed as such);
//   2. the unknowns are refitted by least squares on the other independent figures;
//   3. h is predictable only if its coefficient vector lies in the span of the others' (else the
//      remaining figures do not determine what h needs: shown as "not predictable", with the
//      parameters only h sets);
//   4. prediction vs published: error = (prediction − published) / published, failing beyond
//      the tolerance given (default VALIDATE_TOLERANCE).
import { priceExit } from './pricing';
import { priceGuest } from './guest-pricing';
import type { ParamId, Parameter, Profile, ProfileCheck } from './types';

/** Default tolerance of a leave-one-out prediction: ±15% of the published figure. */
export const VALIDATE_TOLERANCE = 0.15;

export interface LooRow {
  profileId: string;
  heldOut: string;
  published: number;
  /** The held-out figure as the full fit computes it (every figure used). */
  fitted: number;
  /** From the other figures only; null when they do not determine it. */
  prediction: number | null;
  error: number | null;
  pass: boolean | null;
  /** Parameters refitted, with their leave-one-out values (null when not predictable). */
  refitted: { id: ParamId; full: number; loo: number }[] | null;
  /** Why no prediction: the unknowns the held-out figure needs that nothing else sets. */
  note: string;
}

export interface LooReport {
  profileId: string;
  figures: string[];
  unknowns: ParamId[];
  ties: ParamId[];
  rows: LooRow[];
}

/** The checks that are independent published figures of one whole exit in cycles. */
export function independentFigures(profile: Profile): ProfileCheck[] {
  return profile.checks.filter((c) => c.expect === 'within' && c.derivedFrom.length === 0 && !c.components && !c.per && c.published.unit === 'cycles');
}

function withValues(profile: Profile, values: ReadonlyMap<ParamId, number>): Profile {
  const params = new Map<ParamId, Parameter>(profile.params);
  for (const [id, v] of values) params.set(id, { ...params.get(id)!, value: v });
  return { ...profile, params };
}

function total(profile: Profile, c: ProfileCheck): number {
  const exit = priceExit(c.scenario, profile).total;
  return exit + (c.scenario.guest ? priceGuest(c.scenario.guest, profile).cycles : 0);
}

/** Coefficients of `unknowns` in check c, and the constant (everything else). */
function linear(profile: Profile, c: ProfileCheck, unknowns: readonly ParamId[]): { coef: number[]; constant: number } {
  const zero = new Map(unknowns.map((id) => [id, 0]));
  const constant = total(withValues(profile, zero), c);
  const coef = unknowns.map((id) => total(withValues(profile, new Map([...zero, [id, 1]])), c) - constant);
  return { coef, constant };
}

const EPS = 1e-9;

/** Rank of a matrix (rows), by Gaussian elimination with partial pivoting. */
function rank(rows: number[][]): number {
  const m = rows.map((r) => [...r]);
  const n = m[0]?.length ?? 0;
  let r = 0;
  for (let col = 0; col < n && r < m.length; col++) {
    let best = r;
    for (let i = r + 1; i < m.length; i++) if (Math.abs(m[i]![col]!) > Math.abs(m[best]![col]!)) best = i;
    if (Math.abs(m[best]![col]!) < EPS) continue;
    [m[r], m[best]] = [m[best]!, m[r]!];
    for (let i = r + 1; i < m.length; i++) {
      const f = m[i]![col]! / m[r]![col]!;
      for (let j = col; j < n; j++) m[i]![j]! -= f * m[r]![j]!;
    }
    r++;
  }
  return r;
}

/** Least squares with a vanishing ridge (unique on the identifiable directions). */
function solve(rows: number[][], rhs: number[]): number[] {
  const n = rows[0]!.length;
  const a = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => rows.reduce((s, r) => s + r[i]! * r[j]!, 0) + (i === j ? 1e-9 : 0)));
  const b = Array.from({ length: n }, (_, i) => rows.reduce((s, r, k) => s + r[i]! * rhs[k]!, 0));
  for (let col = 0; col < n; col++) {
    let best = col;
    for (let i = col + 1; i < n; i++) if (Math.abs(a[i]![col]!) > Math.abs(a[best]![col]!)) best = i;
    [a[col], a[best]] = [a[best]!, a[col]!];
    [b[col], b[best]] = [b[best]!, b[col]!];
    for (let i = 0; i < n; i++) {
      if (i === col) continue;
      const f = a[i]![col]! / a[col]![col]!;
      for (let j = col; j < n; j++) a[i]![j]! -= f * a[col]![j]!;
      b[i]! -= f * b[col]!;
    }
  }
  return b.map((v, i) => v / a[i]![i]!);
}

export function leaveOneOut(profile: Profile, tolerance = VALIDATE_TOLERANCE): LooReport | null {
  const figures = independentFigures(profile);
  if (figures.length < 3) return null;
  const byId = new Map(figures.map((c) => [c.id, c]));
  const fitted = [...profile.params.values()].filter((p) => p.role === 'fit');
  const prices = (p: Parameter, c: ProfileCheck): boolean => linear(profile, c, [p.id]).coef[0]! !== 0;
  const unknowns = fitted.filter((p) => p.fitTo.some((id) => byId.has(id) && prices(p, byId.get(id)!))).map((p) => p.id);
  const ties = fitted.filter((p) => !unknowns.includes(p.id)).map((p) => p.id);
  const eq = figures.map((c) => ({ c, ...linear(profile, c, unknowns) }));
  const rows: LooRow[] = eq.map((h) => {
    const rest = eq.filter((e) => e !== h);
    const fittedValue = total(profile, h.c);
    const base = { profileId: profile.id, heldOut: h.c.id, published: h.c.published.value, fitted: fittedValue };
    const a = rest.map((e) => e.coef);
    if (rank(a) !== rank([...a, h.coef])) {
      const only = unknowns.filter((_, j) => h.coef[j] !== 0 && rest.every((e) => e.coef[j] === 0));
      return { ...base, prediction: null, error: null, pass: null, refitted: null, note: `not predictable: the other figures do not determine what it needs${only.length ? ` (${only.join(', ')} priced by no other figure)` : ''}` };
    }
    const x = solve(a, rest.map((e) => e.c.published.value - e.constant));
    const prediction = h.constant + h.coef.reduce((s, k, j) => s + k * x[j]!, 0);
    const error = (prediction - h.c.published.value) / h.c.published.value;
    return {
      ...base, prediction, error, pass: Math.abs(error) <= tolerance,
      refitted: unknowns.map((id, j) => ({ id, full: profile.params.get(id)!.value, loo: x[j]! })),
      note: '',
    };
  });
  return { profileId: profile.id, figures: figures.map((c) => c.id), unknowns, ties, rows };
}
