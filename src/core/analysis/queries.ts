// The SQL behind the run and savings views: one small function per figure, reading the
// `traces` table's meta_json and the `exits_priced` view (columns form_id, mnemonic, mechanism,
// cost_entry … cost_resume, cost_total, latency_ns). Each function is the single place its
// figure is read, so it can be switched to per-run summary tables without touching callers.
import type { Db } from '../trace/store/open-trace-db';
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

const SUMS = COST_COMPONENTS.map((c) => `COALESCE(SUM(cost_${c}), 0) AS ${c}`).join(', ');

/** Exits and Σ cost components per form of one trace, forms in id order (no-form exits last). */
export function formTotals(db: Db, traceId: number): FormTotalsRow[] {
  const rows = db.prepare(`
    SELECT form_id, COALESCE(MIN(mnemonic), MIN(reason)) AS label, COUNT(*) AS exits, ${SUMS}, COALESCE(SUM(cost_total), 0) AS total
    FROM exits_priced WHERE trace_id = ? GROUP BY form_id ORDER BY form_id IS NULL, form_id`).all(traceId) as (Record<CostComponent, number> & { form_id: number | null; label: string; exits: number; total: number })[];
  return rows.map((r) => ({
    formId: r.form_id, label: r.label, exits: r.exits, totalCycles: r.total,
    cycles: Object.fromEntries(COST_COMPONENTS.map((c) => [c, r[c]])) as Record<CostComponent, number>,
  }));
}

/** How many exits of a trace had each latency (emulated runs have few distinct values). */
export function latencyCounts(db: Db, traceId: number): { latencyNs: number; count: number }[] {
  return db.prepare('SELECT latency_ns AS latencyNs, COUNT(*) AS count FROM exits_priced WHERE trace_id = ? AND latency_ns IS NOT NULL GROUP BY latency_ns ORDER BY latency_ns')
    .all(traceId) as { latencyNs: number; count: number }[];
}

/** The first exit of each form in a trace: what its components' sources are derived from. */
export function representativeExits(db: Db, traceId: number): RepresentativeExit[] {
  return db.prepare(`
    SELECT form_id AS formId, mechanism, port, count, device_location AS deviceLocation, step_bytes AS stepBytes,
           step_prefixes AS stepPrefixes, step_branches AS stepBranches, step_table_lookups AS stepTableLookups,
           step_walk_levels AS stepWalkLevels, step_tlb_hits AS stepTlbHits, cost_total AS costTotal
    FROM exits_priced WHERE trace_id = ? AND seq IN (SELECT MIN(seq) FROM exits WHERE trace_id = ? GROUP BY form_id)
    ORDER BY form_id IS NULL, form_id`).all(traceId, traceId) as RepresentativeExit[];
}
