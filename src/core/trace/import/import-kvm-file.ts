// Imports one KVM trace text file into a trace file, as one transaction:
//   read lines and parse/pair them into packed exit batches (kvm-parse, in a worker thread
//   where possible: kvm-parse-source) → insert the exits (store/SqliteExitWriter) → record
//   counts, events and parse issues → summarize → COMMIT.
// Any failure or cancellation rolls the transaction back, so the database is exactly as it was.
// The import uses its own connection, so readers of the same file (the app listing traces
// while an import runs) see only committed data (WAL).
import { basename } from 'node:path';
import { statSync } from 'node:fs';
import { ExitScopeError } from '../../errors';
import type { KvmImportStats } from '../kvm/kvm-text-importer';
import { openTraceDb } from '../store/open-trace-db';
import { SqliteExitWriter } from '../store/exit-writer';
import { summarizeTrace } from '../store/summarize';
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
}

export interface KvmImportOutcome {
  traceId: number;
  stats: KvmImportStats;
  bytes: number;
  seconds: number;
}

function cancelled(label: string): ExitScopeError {
  return new ExitScopeError('Cancelled', `import of ${label} was cancelled; nothing was stored`);
}

export async function importKvmTextFile(dbPath: string, path: string, options: KvmImportOptions = {}): Promise<KvmImportOutcome> {
  const label = options.sourceLabel ?? path;
  let totalBytes: number;
  try {
    const st = statSync(path);
    if (!st.isFile()) throw new ExitScopeError('ImportError', `${label} is not a file`);
    totalBytes = st.size;
  } catch (err) {
    if (err instanceof ExitScopeError) throw err;
    throw new ExitScopeError('ImportError', `cannot read ${label}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  const started = performance.now();
  const db = openTraceDb(dbPath);
  try {
    db.exec('BEGIN IMMEDIATE');
    try {
      const traceId = Number(db.prepare(`
        INSERT INTO traces (name, kind, status, format, source_path, created_at)
        VALUES (?, 'imported', 'complete', 'kvm-text', ?, ?)`).run(options.name ?? basename(label), label, new Date().toISOString()).lastInsertRowid);
      const writer = new SqliteExitWriter(db, traceId);
      const interval = options.progressIntervalMs ?? 100;
      let lastTick = 0;
      let stats: KvmImportStats | null = null;
      let bytesRead = 0;
      let lineNo = 0;
      for await (const ev of parseKvmFileEvents(path, { signal: options.signal, inThread: options.inThread })) {
        if (options.signal?.aborted) throw cancelled(label);
        if (ev.kind === 'batch') writer.pushPacked(ev.batch);
        else if (ev.kind === 'done') stats = ev.stats;
        ({ bytesRead, lines: lineNo } = ev.progress);
        const now = performance.now();
        if (options.onProgress && now - lastTick >= interval) {
          lastTick = now;
          options.onProgress({ bytesRead, totalBytes, lines: lineNo, exits: writer.written });
        }
      }
      if (!stats) throw cancelled(label);
      writer.flush();
      if (options.signal?.aborted) throw cancelled(label);
      const kvmEvents = stats.events.filter((e) => e.event.startsWith('kvm_')).reduce((n, e) => n + e.count, 0);
      if (stats.exits === 0) {
        const shown = stats.issues.slice(0, 3).map((i) => `line ${i.line}: ${i.message}`).join('; ');
        throw new ExitScopeError('ImportError',
          `no recognisable KVM exits in ${label} (${stats.lines} lines read, ${kvmEvents} kvm_* events). ` +
          'Expected kvm_exit / kvm_entry lines as printed by tracefs (trace, trace_pipe), `trace-cmd report` or `perf script`' +
          (shown ? `. First problems: ${shown}` : ''));
      }
      db.prepare(`
        UPDATE traces SET format = ?, line_count = ?, skipped_lines = ?, exit_count = ?, io_exit_count = ?,
          vcpu_count = ?, first_ns = ?, last_ns = ?, meta_json = ? WHERE id = ?`).run(
        stats.format ?? 'kvm-text', stats.lines, stats.skippedLines, stats.exits, stats.ioExits, stats.vcpus,
        stats.firstTimeNs, stats.lastTimeNs, JSON.stringify({ bytes: bytesRead }), traceId);
      const ev = db.prepare('INSERT INTO summary_events (trace_id, event, count, handled) VALUES (?, ?, ?, ?)');
      for (const e of stats.events) ev.run(traceId, e.event, e.count, e.handled ? 1 : 0);
      const issue = db.prepare('INSERT INTO import_issues (trace_id, line, message, text) VALUES (?, ?, ?, ?)');
      for (const i of stats.issues) issue.run(traceId, i.line, i.message, i.text);
      summarizeTrace(db, traceId, writer.aggregates);
      if (options.signal?.aborted) throw cancelled(label);
      db.exec('COMMIT');
      options.onProgress?.({ bytesRead: totalBytes, totalBytes, lines: lineNo, exits: writer.written });
      return { traceId, stats, bytes: totalBytes, seconds: (performance.now() - started) / 1000 };
    } catch (err) {
      if (db.inTransaction) db.exec('ROLLBACK');
      if (err instanceof ExitScopeError) throw err;
      const code = (err as NodeJS.ErrnoException).code;
      if (code && /^E[A-Z]+$/.test(code)) throw new ExitScopeError('ImportError', `cannot read ${label}: ${(err as Error).message}`);
      throw err;
    }
  } finally {
    db.close();
  }
}
