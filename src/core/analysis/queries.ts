// The SQL behind the run and savings views: one small function per figure, reading the
// `traces` table's meta_json and the per-run summaries written when the run was stored
// (summary_form / summary_components through run-summaries.ts, summary_histogram, and the
// exit_kinds dictionary for one representative exit per form), so opening a run never scans its
// exits. Traces stored before schema 3 have no per-form summaries: for them formTotals falls back
// to grouping the `exits_priced` view.
import type { Db } from '../trace/store/open-trace-db';
import { componentTotals, formSummary } from '../trace/store/run-summaries';
import { ExitScopeError } from '../errors';
import { COST_COMPONENTS } from '../../shared/runs';
import type { CostComponent } from '../../shared/runs';
import type { TraceStatus as Status } from '../../shared/dto';
import { parseRunMeta } from './run-meta';
import type { RunMeta } from './run-meta';

export interface TraceRunRow {
  traceId: number;
  status: Status;
  meta: RunMeta;
}

/** One form's exits in a trace: count and Σ of every cost component. */
export interface FormTotalsRow {
  formId: number | null;
  /** The mnemonic, or the reason for exits without a port operation. */
  label: string;
  exits: number;
  /** Port operations of the form as the producer counted them; null where not known. */
  ops: number | null;
  cycles: Record<CostComponent, number>;
  totalCycles: number;
}

/** A stored exit chosen to stand for its form (the facts priceExit needs). */
export interface RepresentativeExit {
  formId: number | null;
  mechanism: string | null;
  port: number | null;
  count: number | null;
  deviceLocation: string | null;
  stepBytes: number | null;
  stepPrefixes: number | null;
  stepBranches: number | null;
  stepTableLookups: number | null;
  stepWalkLevels: number | null;
  stepTlbHits: number | null;
  costTotal: number | null;
}

export function traceRun(db: Db, traceId: number): TraceRunRow {
  const row = db.prepare('SELECT id, status, meta_json FROM traces WHERE id = ?').get(traceId) as { id: number; status: Status; meta_json: string } | undefined;
  if (!row) throw new ExitScopeError('NotFound', `no trace with id ${traceId}`);
  return { traceId: row.id, status: row.status, meta: parseRunMeta(row.meta_json) };
}

/** The traces of one run group, in the order the mechanisms ran. */
export function groupRuns(db: Db, runGroup: string): TraceRunRow[] {
  const rows = db.prepare("SELECT id, status, meta_json FROM traces WHERE json_extract(meta_json, '$.runGroup') = ? ORDER BY id")
    .all(runGroup) as { id: number; status: Status; meta_json: string }[];
  return rows.map((r) => ({ traceId: r.id, status: r.status, meta: parseRunMeta(r.meta_json) }))
    .sort((a, b) => (a.meta.groupIndex ?? 0) - (b.meta.groupIndex ?? 0) || a.traceId - b.traceId);
}

/** meta_json of every emulated trace, by id (for the trace list). */
export function emulatedMetas(db: Db): Map<number, RunMeta> {
  const rows = db.prepare("SELECT id, meta_json FROM traces WHERE kind IN ('emulated', 'derived')").all() as { id: number; meta_json: string }[];
  return new Map(rows.map((r) => [r.id, parseRunMeta(r.meta_json)]));
}

/** Exits and Σ cost components per form of one trace, forms in id order (no-form exits last). */
export function formTotals(db: Db, traceId: number): FormTotalsRow[] {
  const forms = formSummary(db, traceId);
  const exitCount = (db.prepare('SELECT exit_count FROM traces WHERE id = ?').get(traceId) as { exit_count: number } | undefined)?.exit_count ?? 0;
  if (forms.length === 0 && exitCount > 0) return formTotalsByScan(db, traceId);
  const zero = (): Record<CostComponent, number> => Object.fromEntries(COST_COMPONENTS.map((c) => [c, 0])) as Record<CostComponent, number>;
  const rows: FormTotalsRow[] = forms.map((f) => {
    const cycles = zero();
    for (const c of COST_COMPONENTS) cycles[c] = f.components?.[c] ?? 0;
    return { formId: f.formId, label: f.mnemonic, exits: f.exits, ops: f.ops, cycles, totalCycles: f.costTotal ?? 0 };
  });
  // Exits without a port operation (null hypercalls, a reflected fault): what the run's totals
  // hold beyond the forms' — the summaries partition the run's exits.
  const formExits = rows.reduce((n, r) => n + r.exits, 0);
  if (exitCount > formExits) {
    const totals = componentTotals(db, traceId);
    const cycles = zero();
    for (const c of COST_COMPONENTS) cycles[c] = (totals[c] ?? 0) - rows.reduce((n, r) => n + r.cycles[c], 0);
    const totalCycles = (totals.total ?? 0) - rows.reduce((n, r) => n + r.totalCycles, 0);
    const labels = db.prepare('SELECT DISTINCT COALESCE(mnemonic, reason) AS label FROM exit_kinds WHERE trace_id = ? AND form_id IS NULL ORDER BY 1').all(traceId) as { label: string }[];
    rows.push({ formId: null, label: labels.map((r) => r.label).join(', ') || 'no port operation', exits: exitCount - formExits, ops: 0, cycles, totalCycles });
  }
  return rows;
}

const SUMS = COST_COMPONENTS.map((c) => `COALESCE(SUM(cost_${c}), 0) AS ${c}`).join(', ');

/** formTotals by grouping the stored exits (traces without per-form summaries). */
function formTotalsByScan(db: Db, traceId: number): FormTotalsRow[] {
  const rows = db.prepare(`
    SELECT form_id, COALESCE(MIN(mnemonic), MIN(reason)) AS label, COUNT(*) AS exits, ${SUMS}, COALESCE(SUM(cost_total), 0) AS total
    FROM exits_priced WHERE trace_id = ? GROUP BY form_id ORDER BY form_id IS NULL, form_id`).all(traceId) as (Record<CostComponent, number> & { form_id: number | null; label: string; exits: number; total: number })[];
  return rows.map((r) => ({
    formId: r.form_id, label: r.label, exits: r.exits, ops: null, totalCycles: r.total,
    cycles: Object.fromEntries(COST_COMPONENTS.map((c) => [c, r[c]])) as Record<CostComponent, number>,
  }));
}

/** The run's latency histogram buckets as summarized when it was stored (bucket, count). */
export function latencyBuckets(db: Db, traceId: number): { bucket: number; count: number }[] {
  return db.prepare('SELECT bucket, count FROM summary_histogram WHERE trace_id = ? ORDER BY bucket').all(traceId) as { bucket: number; count: number }[];
}

/**
 * The first exit kind of each form in a trace (kinds are numbered in order of first appearance,
 * so this is the form's first exit, with the values its kind records): what its components'
 * sources are derived from.
 */
export function representativeExits(db: Db, traceId: number): RepresentativeExit[] {
  return db.prepare(`
    SELECT form_id AS formId, mechanism, port, count, device_location AS deviceLocation, step_bytes AS stepBytes,
           step_prefixes AS stepPrefixes, step_branches AS stepBranches, step_table_lookups AS stepTableLookups,
           step_walk_levels AS stepWalkLevels, step_tlb_hits AS stepTlbHits, cost_total AS costTotal
    FROM exit_kinds WHERE trace_id = ? AND kind IN (SELECT MIN(kind) FROM exit_kinds WHERE trace_id = ? GROUP BY form_id)
    ORDER BY form_id IS NULL, form_id`).all(traceId, traceId) as RepresentativeExit[];
}
