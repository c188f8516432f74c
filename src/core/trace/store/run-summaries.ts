// Read side of the per-run summaries written at the end of a run or import (cost-groups.ts):
// exits, elements and cost per form, device and mechanism, and the cost-component totals. Plain
// rows, no scan of the exits. Costs are cycles on the run's profile; every cost field is null for
// a group with no priced exit (imported traces). Traces stored before schema 3 have no such rows
// (the functions then return empty lists).
import type { Db } from './open-trace-db';

export interface CostStats {
  exits: number;
  /** Stored exit records (a batched exit's record describes its first operation). */
  ops: number;
  /** Elements moved: Σ count (1 for an exit without one). */
  elements: number;
  /** Exits with a price. */
  priced: number;
  /** Σ cycles per component over the group's exits. */
  components: Record<string, number> | null;
  costTotal: number | null;
  /** Nearest-rank percentiles and max of the per-exit cost_total, cycles. */
  costP50: number | null;
  costP90: number | null;
  costP99: number | null;
  costMax: number | null;
}

export interface FormSummaryRow extends CostStats { formId: number; mnemonic: string }
export interface DeviceSummaryRow extends CostStats { device: string; location: string | null }
export interface MechanismSummaryRow extends CostStats { mechanism: string }

type GroupRow = Record<string, number | string | null>;

const COMPONENTS = ['entry', 'dispatch', 'fetch', 'decode', 'permission', 'userspace', 'emulate', 'resume'] as const;

function costStats(r: GroupRow): CostStats {
  const priced = r.priced as number;
  return {
    exits: r.exits as number, ops: r.ops as number, elements: r.elements as number, priced,
    components: priced ? Object.fromEntries(COMPONENTS.map((c) => [c, r[`cost_${c}`] as number])) : null,
    costTotal: r.cost_total as number | null, costP50: r.cost_p50 as number | null, costP90: r.cost_p90 as number | null,
    costP99: r.cost_p99 as number | null, costMax: r.cost_max as number | null,
  };
}

export function formSummary(db: Db, traceId: number): FormSummaryRow[] {
  const rows = db.prepare('SELECT * FROM summary_form WHERE trace_id = ? ORDER BY form_id').all(traceId) as GroupRow[];
  return rows.map((r) => ({ formId: r.form_id as number, mnemonic: r.mnemonic as string, ...costStats(r) }));
}

export function deviceSummary(db: Db, traceId: number): DeviceSummaryRow[] {
  const rows = db.prepare('SELECT * FROM summary_device WHERE trace_id = ? ORDER BY exits DESC, device').all(traceId) as GroupRow[];
  return rows.map((r) => ({ device: r.device as string, location: r.device_location as string | null, ...costStats(r) }));
}

export function mechanismSummary(db: Db, traceId: number): MechanismSummaryRow[] {
  const rows = db.prepare('SELECT * FROM summary_mechanism WHERE trace_id = ? ORDER BY exits DESC, mechanism').all(traceId) as GroupRow[];
  return rows.map((r) => ({ mechanism: r.mechanism as string, ...costStats(r) }));
}

/** Cycles per cost component over the whole run, and 'total'; empty for a trace without costs. */
export function componentTotals(db: Db, traceId: number): Record<string, number> {
  const rows = db.prepare('SELECT component, cycles FROM summary_components WHERE trace_id = ?').all(traceId) as { component: string; cycles: number }[];
  return Object.fromEntries(rows.map((r) => [r.component, r.cycles]));
}
