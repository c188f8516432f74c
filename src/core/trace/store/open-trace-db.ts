// Opens (or creates) an ExitScope trace file: checks that an existing file really is a SQLite
// database made by ExitScope (application_id), refuses files from a newer schema, applies the
// missing migrations in one transaction, and sets WAL + foreign keys. Every failure becomes a
// TraceFileError that names the file and says what is wrong with it.
import Database from 'better-sqlite3';
import { closeSync, existsSync, openSync, readSync, statSync } from 'node:fs';
import { ExitScopeError } from '../../errors';
import { MIGRATIONS } from './migrations';
import { sqliteNativeBinding } from './sqlite-binding';

export type Db = Database.Database;

/** 'ExSc' — marks a SQLite file as an ExitScope trace file. */
export const EXITSCOPE_APPLICATION_ID = 0x45785363;
const SQLITE_MAGIC = 'SQLite format 3\u0000';

export interface OpenOptions {
  /** Create the file if missing (default true). */
  create?: boolean;
  readonly?: boolean;
}

function readHeader(path: string): string {
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.alloc(16);
    const n = readSync(fd, buf, 0, 16, 0);
    return buf.subarray(0, n).toString('latin1');
  } finally {
    closeSync(fd);
  }
}

export function openTraceDb(path: string, options: OpenOptions = {}): Db {
  const exists = existsSync(path);
  if (!exists && options.create === false) {
    throw new ExitScopeError('TraceFileError', `trace file ${path} does not exist`);
  }
  if (exists) {
    const st = statSync(path);
    if (st.isDirectory()) throw new ExitScopeError('TraceFileError', `${path} is a directory, not a trace file`);
    if (st.size > 0 && readHeader(path) !== SQLITE_MAGIC) {
      throw new ExitScopeError('TraceFileError', `${path} is not an ExitScope trace file: it is not a SQLite database`);
    }
  }
  let db: Db;
  try {
    const binding = sqliteNativeBinding();
    db = new Database(path, {
      readonly: options.readonly ?? false,
      fileMustExist: options.create === false,
      ...(binding ? { nativeBinding: binding } : {}),
    });
  } catch (err) {
    throw new ExitScopeError('TraceFileError', `cannot open trace file ${path}: ${(err as Error).message}`, { cause: err });
  }
  try {
    prepare(db, path, options.readonly ?? false);
  } catch (err) {
    db.close();
    if (err instanceof ExitScopeError) throw err;
    throw new ExitScopeError('TraceFileError', `trace file ${path} is damaged: ${(err as Error).message}`, { cause: err });
  }
  return db;
}

function prepare(db: Db, path: string, readonly: boolean): void {
  const appId = db.pragma('application_id', { simple: true }) as number;
  const version = db.pragma('user_version', { simple: true }) as number;
  if (appId !== 0 && appId !== EXITSCOPE_APPLICATION_ID) {
    throw new ExitScopeError('TraceFileError', `${path} is a SQLite database of another application (application_id 0x${appId.toString(16)}), not an ExitScope trace file`);
  }
  if (appId === 0) {
    const tables = db.prepare("SELECT count(*) AS n FROM sqlite_schema WHERE type = 'table'").get() as { n: number };
    if (tables.n > 0) {
      throw new ExitScopeError('TraceFileError', `${path} is a SQLite database but not an ExitScope trace file (it has ${tables.n} tables of its own)`);
    }
  }
  if (version > MIGRATIONS.length) {
    throw new ExitScopeError('TraceFileError', `${path} was written by a newer ExitScope (schema ${version}; this version knows ${MIGRATIONS.length})`);
  }
  // A quick structural check catches most corruption before we trust the file.
  const check = db.pragma('quick_check(1)', { simple: true }) as string;
  if (check !== 'ok') throw new ExitScopeError('TraceFileError', `trace file ${path} is damaged: ${check}`);
  if (readonly) {
    if (version < MIGRATIONS.length) throw new ExitScopeError('TraceFileError', `${path} uses an older schema (${version}) and was opened read-only`);
    return;
  }
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  if (version < MIGRATIONS.length) {
    db.transaction(() => {
      for (let v = version; v < MIGRATIONS.length; v++) db.exec(MIGRATIONS[v]!);
      db.pragma(`application_id = ${EXITSCOPE_APPLICATION_ID}`);
      db.pragma(`user_version = ${MIGRATIONS.length}`);
    }).immediate();
  }
}
