// Stores one emulated run (a workload under a hypervisor mechanism and a cost profile) as a
// trace of kind 'emulated' (or 'derived', for a re-priced trace linked to its source): its own connection and one transaction around the whole run, the
// SQLite writer as the run's ExitSink (records, or packed batches from a run thread through
// writer.pushPacked), the same summaries as imported traces plus the per-form/device/mechanism
// costs, all written at the end from what the writer collected (no scan of the exits). A run that fails
// is rolled back (nothing stored); a cancelled run is kept, marked 'cancelled', with the exits
// recorded up to the cancel — the file stays consistent either way.
import { ExitScopeError } from '../../errors';
import { openTraceDb } from './open-trace-db';
import { SqliteExitWriter } from './exit-writer';
import { summarizeTrace } from './summarize';

export interface RunToRecord {
  name: string;
  /** What produced the exits, e.g. 'exitscope-run'. */
  format: string;
  /** Everything needed to understand and repeat the run (workload, build, mechanism, profile, params, ...). */
  meta: Record<string, unknown>;
  /** 'derived' with the source trace's id for a re-priced trace; default an emulated run. */
  derivedFrom?: number;
}

export interface RecordedRun {
  traceId: number;
  exits: number;
  status: 'complete' | 'cancelled';
}

/**
 * Runs `produce` with a writer for a new trace and stores what it pushed. `produce` returns
 * whether the run was cancelled and any metadata learned while running (results, stop reason).
 */
export async function recordRun(
  dbPath: string,
  run: RunToRecord,
  produce: (sink: SqliteExitWriter) => Promise<{ cancelled: boolean; meta?: Record<string, unknown> }>,
): Promise<RecordedRun> {
  const db = openTraceDb(dbPath);
  try {
    db.exec('BEGIN IMMEDIATE');
    try {
      const traceId = Number(db.prepare(`
        INSERT INTO traces (name, kind, status, format, created_at, meta_json, derived_from)
        VALUES (?, ?, 'complete', ?, ?, ?, ?)`).run(run.name, run.derivedFrom === undefined ? 'emulated' : 'derived', run.format,
        new Date().toISOString(), JSON.stringify(run.meta), run.derivedFrom ?? null).lastInsertRowid);
      const writer = new SqliteExitWriter(db, traceId);
      const outcome = await produce(writer);
      writer.flush();
      const span = writer.aggregates.span();
      const status = outcome.cancelled ? 'cancelled' : 'complete';
      db.prepare(`
        UPDATE traces SET status = ?, exit_count = ?, io_exit_count = ?, vcpu_count = ?, first_ns = ?, last_ns = ?, meta_json = ?
        WHERE id = ?`).run(status, writer.written, span.ioExits, span.vcpus, span.firstNs, span.lastNs,
        JSON.stringify({ ...run.meta, ...outcome.meta }), traceId);
      summarizeTrace(db, traceId, writer.aggregates);
      db.exec('COMMIT');
      return { traceId, exits: writer.written, status };
    } catch (err) {
      if (db.inTransaction) db.exec('ROLLBACK');
      if (err instanceof ExitScopeError) throw err;
      throw new ExitScopeError('ValidationError', `the run "${run.name}" failed and nothing was stored: ${(err as Error).message}`, { cause: err });
    }
  } finally {
    db.close();
  }
}
