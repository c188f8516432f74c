// Imports one KVM trace text file into a trace file:
//   check the file (import-file-check.ts) → insert the trace row, marked importing (hidden from
//   listings) → read lines and parse/pair them into packed exit batches (kvm-parse, in a worker
//   thread where possible: kvm-parse-source) → insert each batch in its own short write
//   transaction (store/SqliteExitWriter) → record counts, events, issues, facts and summaries
//   and mark the trace complete, in one last transaction.
// The write lock is held only while a batch is written (write-lock.ts), never while reading or
// parsing, so a second import, a run or a delete waits its turn; when the library stays busy the
// import ends with a "busy, retry" error. Any failure or cancellation deletes the trace again,
// so the library holds exactly what it held before (a trace left importing by a process that
// died is deleted by the next import: abandoned-imports.ts).
// The import uses its own connection, so readers of the same file see only committed data (WAL).
import { basename } from 'node:path';
import { ExitScopeError } from '../../errors';
import type { ImportFacts } from '../../../shared/dto';
import type { KvmImportStats } from '../kvm/kvm-text-importer';
import { SqliteExitWriter } from '../store/exit-writer';
import { summarizeTrace } from '../store/summarize';
import { deleteAbandonedImports, IMPORTING_META } from '../store/abandoned-imports';
import { openTraceDbForWrite, withWriteLock } from '../store/write-lock';
import { importFactsOf } from './import-facts';
import { checkImportFile, describeReadError, noExitsError } from './import-file-check';
import { parseKvmFileEvents } from './kvm-parse-source';

export interface ImportProgressTick {
  bytesRead: number;
  totalBytes: number;
  lines: number;
  exits: number;
}

export interface KvmImportOptions {
  /** Name stored for the trace (default: the file's base name). */
  name?: string;
  /**
   * What messages call the file and what is stored as its source (default: the path). An upload
   * passes the user's file name here, so no server temp path reaches the user or the library.
   */
  sourceLabel?: string;
  signal?: AbortSignal;
  onProgress?: (p: ImportProgressTick) => void;
  /** Minimum time between progress callbacks (default 100 ms). */
  progressIntervalMs?: number;
  /** Parse in the importing thread instead of a worker thread. */
  inThread?: boolean;
  /** Join lines broken by a mailer back together before parsing (kvm/rejoin.ts). */
  rejoin?: boolean;
  /** How long to wait for another writer of the library before a "busy, retry" error (default 30 s). */
  busyWaitMs?: number;
}

export interface KvmImportOutcome {
  traceId: number;
  stats: KvmImportStats;
  facts: ImportFacts;
  bytes: number;
  seconds: number;
}

function cancelled(label: string): ExitScopeError {
  return new ExitScopeError('Cancelled', `import of ${label} was cancelled; nothing was stored`);
}

/** Issues stored per trace: the first parse issues and the flagged exits. */
const STORED_ISSUES = 1000;

export async function importKvmTextFile(dbPath: string, path: string, options: KvmImportOptions = {}): Promise<KvmImportOutcome> {
  const label = options.sourceLabel ?? path;
  const totalBytes = checkImportFile(path, label);
  const started = performance.now();
  const db = openTraceDbForWrite(dbPath);
  const lock = { waitMs: options.busyWaitMs };
  // Commits are many and small: let the WAL grow during the import and be checkpointed when the
  // connection closes (as with one big transaction) instead of fsyncing a checkpoint every 4 MB.
  db.pragma('wal_autocheckpoint = 0');
  let traceId: number | null = null;
  try {
    await withWriteLock(db, dbPath, () => deleteAbandonedImports(db), lock);
    traceId = await withWriteLock(db, dbPath, () => Number(db.prepare(`
      INSERT INTO traces (name, kind, status, format, source_path, created_at, meta_json)
      VALUES (?, 'imported', 'failed', 'kvm-text', ?, ?, ?)`).run(
      options.name ?? basename(label), label, new Date().toISOString(), JSON.stringify(IMPORTING_META())).lastInsertRowid), lock);
    const id = traceId;
    const writer = new SqliteExitWriter(db, id);
    const interval = options.progressIntervalMs ?? 100;
    let lastTick = 0;
    let stats: KvmImportStats | null = null;
    let bytesRead = 0;
    let lineNo = 0;
    for await (const ev of parseKvmFileEvents(path, { signal: options.signal, inThread: options.inThread, rejoin: options.rejoin })) {
      if (options.signal?.aborted) throw cancelled(label);
      if (ev.kind === 'batch') await withWriteLock(db, dbPath, () => writer.pushPacked(ev.batch), lock);
      else if (ev.kind === 'done') stats = ev.stats;
      ({ bytesRead, lines: lineNo } = ev.progress);
      const now = performance.now();
      if (options.onProgress && now - lastTick >= interval) {
        lastTick = now;
        options.onProgress({ bytesRead, totalBytes, lines: lineNo, exits: writer.written });
      }
    }
    if (!stats) throw cancelled(label);
    if (options.signal?.aborted) throw cancelled(label);
    if (stats.exits === 0) throw noExitsError(label, stats, options.rejoin ?? false);
    const done = stats;
    const facts = importFactsOf(done);
    await withWriteLock(db, dbPath, () => {
      writer.flush();
      const ev = db.prepare('INSERT INTO summary_events (trace_id, event, count, handled) VALUES (?, ?, ?, ?)');
      for (const e of done.events) ev.run(id, e.event, e.count, e.handled ? 1 : 0);
      const issue = db.prepare('INSERT INTO import_issues (trace_id, line, message, text) VALUES (?, ?, ?, ?)');
      for (const i of [...done.issues, ...done.flagged].slice(0, STORED_ISSUES)) issue.run(id, i.line, i.message, i.text);
      // The trace's span first: summarizeTrace's explore index buckets time over first_ns..last_ns.
      // One transaction: the trace becomes visible (status complete) only at COMMIT.
      db.prepare(`
        UPDATE traces SET status = 'complete', format = ?, line_count = ?, skipped_lines = ?, exit_count = ?, io_exit_count = ?,
          vcpu_count = ?, first_ns = ?, last_ns = ?, meta_json = ? WHERE id = ?`).run(
        done.format ?? 'kvm-text', done.lines, done.skippedLines, done.exits, done.ioExits, done.vcpus,
        done.firstTimeNs, done.lastTimeNs, JSON.stringify({ bytes: bytesRead, facts }), id);
      summarizeTrace(db, id, writer.aggregates);
      if (options.signal?.aborted) throw cancelled(label);
    }, lock);
    options.onProgress?.({ bytesRead: totalBytes, totalBytes, lines: lineNo, exits: writer.written });
    return { traceId: id, stats: done, facts, bytes: totalBytes, seconds: (performance.now() - started) / 1000 };
  } catch (err) {
    if (traceId !== null) {
      const id = traceId;
      try {
        await withWriteLock(db, dbPath, () => db.prepare('DELETE FROM traces WHERE id = ?').run(id), { patient: true });
      } catch {
        // Still hidden (marked importing); the next import deletes it once this process is gone.
      }
    }
    if (err instanceof ExitScopeError) throw err;
    throw describeReadError(err, label, path, dbPath);
  } finally {
    db.close();
  }
}
