// Short write transactions on a trace file shared with other writers (the app's runs and
// deletes, another import, another process). SQLite allows one writer at a time; instead of
// letting a connection block its thread (better-sqlite3 waits synchronously up to its busy
// timeout), a writer here tries BEGIN IMMEDIATE with a tiny busy timeout and, while the file is
// busy, waits asynchronously and retries, so the event loop (the desktop and serve main
// threads) keeps running. After BUSY_WAIT_MS (PATIENT_WAIT_MS for clean-up) it gives up with
// a "busy, retry" ExitScopeError. SQLite errors a user can cause (read-only file or directory,
// full disk) become TraceFileErrors naming the file.
import { accessSync, constants, existsSync } from 'node:fs';
import { dirname } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { ExitScopeError } from '../../errors';
import { openTraceDb } from './open-trace-db';
import type { Db } from './open-trace-db';

const BUSY_WAIT_MS = 30_000;
const PATIENT_WAIT_MS = 120_000;
const RETRY_MS = 25;
/** The synchronous wait per attempt: short enough not to stall the thread. */
const SYNC_BUSY_MS = 5;

function sqliteCode(err: unknown): string {
  const code = (err as { code?: unknown }).code;
  return typeof code === 'string' ? code : '';
}

/** An ExitScopeError for a SQLite error a user can cause, or null when it is not one. */
export function describeSqliteError(err: unknown, dbPath: string): ExitScopeError | null {
  const code = sqliteCode(err);
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) {
    return new ExitScopeError('Busy', `trace file ${dbPath} is busy (another import, run or program is writing to it); retry when it is done`);
  }
  if (code.startsWith('SQLITE_READONLY')) return new ExitScopeError('TraceFileError', `trace file ${dbPath} is read-only: cannot store anything in it`);
  if (code === 'SQLITE_FULL') return new ExitScopeError('TraceFileError', `cannot write trace file ${dbPath}: the disk is full`);
  if (code.startsWith('SQLITE_IOERR')) return new ExitScopeError('TraceFileError', `cannot write trace file ${dbPath}: ${(err as Error).message}`);
  if (code.startsWith('SQLITE_CANTOPEN')) return new ExitScopeError('TraceFileError', `cannot open trace file ${dbPath}: ${(err as Error).message}`);
  if (code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB') return new ExitScopeError('TraceFileError', `trace file ${dbPath} is damaged: ${(err as Error).message}`);
  return null;
}

/** Opens a trace file to write to, refusing a read-only file or directory with a clear error first. */
export function openTraceDbForWrite(dbPath: string): Db {
  const target = existsSync(dbPath) ? dbPath : dirname(dbPath);
  try {
    accessSync(target, constants.W_OK);
    if (target === dbPath) accessSync(dirname(dbPath), constants.W_OK);
  } catch {
    throw new ExitScopeError('TraceFileError', target === dbPath
      ? `trace file ${dbPath} (or its directory, which SQLite writes its journal to) is read-only: cannot import into it`
      : `cannot create trace file ${dbPath}: its directory is not writable`);
  }
  let db: Db;
  try {
    db = openTraceDb(dbPath);
  } catch (err) {
    const cause = (err as { cause?: unknown }).cause;
    throw (cause !== undefined ? describeSqliteError(cause, dbPath) : null) ?? err;
  }
  db.pragma(`busy_timeout = ${SYNC_BUSY_MS}`);
  return db;
}

/**
 * Runs fn in one IMMEDIATE transaction, waiting (asynchronously) while another writer holds
 * the file. fn's own errors roll the transaction back and are rethrown (SQLite errors a user
 * can cause as ExitScopeErrors).
 */
export async function withWriteLock<T>(db: Db, dbPath: string, fn: () => T, opts: { patient?: boolean; waitMs?: number } = {}): Promise<T> {
  const deadline = performance.now() + (opts.patient ? PATIENT_WAIT_MS : opts.waitMs ?? BUSY_WAIT_MS);
  for (;;) {
    try {
      db.exec('BEGIN IMMEDIATE');
      break;
    } catch (err) {
      const code = sqliteCode(err);
      if (!code.startsWith('SQLITE_BUSY') || performance.now() > deadline) throw describeSqliteError(err, dbPath) ?? err;
    }
    await sleep(RETRY_MS);
  }
  try {
    const out = fn();
    db.exec('COMMIT');
    return out;
  } catch (err) {
    if (db.inTransaction) db.exec('ROLLBACK');
    throw describeSqliteError(err, dbPath) ?? err;
  }
}
