// Test helper: a trace file in schema version 2 (migrations 1-2 only: wide `exits` rows and an
// `exit_costs` row per priced exit), written the way version 2 wrote exits, so tests can check
// that migration 3 converts such files and that the version-3 views read back the same rows.
import Database from 'better-sqlite3';
import { EXIT_COLUMNS } from '../../src/core/trace/exit-columns';
import type { ExitRecord } from '../../src/core/trace/exit-record';
import { MIGRATIONS } from '../../src/core/trace/store/migrations';
import { EXITSCOPE_APPLICATION_ID } from '../../src/core/trace/store/open-trace-db';

export function createV2File(path: string): Database.Database {
  const db = new Database(path);
  db.exec(MIGRATIONS[0]!);
  db.exec(MIGRATIONS[1]!);
  db.pragma(`application_id = ${EXITSCOPE_APPLICATION_ID}`);
  db.pragma('user_version = 2');
  return db;
}

const sqlOf = (v: unknown): unknown =>
  v === null ? null : typeof v === 'boolean' ? (v ? 1 : 0) : v instanceof Uint8Array ? Buffer.from(v) : v;

/** Adds a trace and its exits in the version-2 layout; returns the trace id. */
export function insertV2Trace(db: Database.Database, kind: 'imported' | 'emulated', records: readonly ExitRecord[]): number {
  const traceId = Number(db.prepare("INSERT INTO traces (name, kind, status, format, created_at, exit_count) VALUES (?, ?, 'complete', 'test', '2026-01-01T00:00:00Z', ?)")
    .run(`${kind} trace`, kind, records.length).lastInsertRowid);
  const base = EXIT_COLUMNS.filter((c) => c.table === undefined);
  const costs = EXIT_COLUMNS.filter((c) => c.table === 'exit_costs');
  const exits = db.prepare(`INSERT INTO exits (trace_id, ${base.map((c) => c.sql).join(', ')}) VALUES (?, ${base.map(() => '?').join(', ')})`);
  const priced = db.prepare(`INSERT INTO exit_costs (trace_id, seq, ${costs.map((c) => c.sql).join(', ')}) VALUES (?, ?, ${costs.map(() => '?').join(', ')})`);
  db.transaction(() => {
    for (const r of records) {
      exits.run(traceId, ...base.map((c) => sqlOf(r[c.field])));
      if (r.costTotal !== null) priced.run(traceId, r.seq, ...costs.map((c) => sqlOf(r[c.field])));
    }
  })();
  return traceId;
}
