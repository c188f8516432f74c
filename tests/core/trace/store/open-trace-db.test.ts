import { writeFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { EXITSCOPE_APPLICATION_ID, openTraceDb } from '../../../../src/core/trace/store/open-trace-db';
import { MIGRATIONS } from '../../../../src/core/trace/store/migrations';
import { useTempDir } from '../../../helpers/temp-dir';

const tempPath = useTempDir();

describe('openTraceDb', () => {
  it('creates a new trace file with the current schema, WAL and our application id', () => {
    const path = tempPath() + '.exitscope';
    const db = openTraceDb(path);
    expect(db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
    expect(db.pragma('application_id', { simple: true })).toBe(EXITSCOPE_APPLICATION_ID);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    const tables = (db.prepare("SELECT name FROM sqlite_schema WHERE type IN ('table', 'view') ORDER BY name").all() as { name: string }[]).map((r) => r.name);
    // exits and exits_priced are views over exit_rows + exit_kinds since migration 3.
    expect(tables).toEqual(expect.arrayContaining(['traces', 'exits', 'exits_priced', 'exit_rows', 'exit_kinds', 'summary_form', 'summary_device', 'summary_mechanism', 'summary_components', 'summary_reason', 'summary_port', 'summary_histogram', 'summary_slowest', 'summary_events', 'import_issues']));
    db.close();
    // Reopening applies nothing and keeps the version.
    const again = openTraceDb(path);
    expect(again.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
    again.close();
  });

  it('refuses a file that is not a SQLite database, naming it', () => {
    const path = tempPath() + '.exitscope';
    writeFileSync(path, 'kvm_exit: this is a text file, not a database\n'.repeat(10));
    expect(() => openTraceDb(path)).toThrow(`${path} is not an ExitScope trace file: it is not a SQLite database`);
  });

  it("refuses another application's SQLite database and leaves it untouched", () => {
    const path = tempPath() + '.db';
    const other = new Database(path);
    other.exec('CREATE TABLE contacts (name TEXT); INSERT INTO contacts VALUES (\'ada\')');
    other.close();
    expect(() => openTraceDb(path)).toThrow(/is a SQLite database but not an ExitScope trace file/);
    const check = new Database(path);
    expect(check.prepare('SELECT name FROM contacts').all()).toEqual([{ name: 'ada' }]);
    expect(check.pragma('user_version', { simple: true })).toBe(0);
    check.close();
  });

  it('refuses a trace file written by a newer schema', () => {
    const path = tempPath() + '.exitscope';
    openTraceDb(path).close();
    const raw = new Database(path);
    raw.pragma(`user_version = ${MIGRATIONS.length + 5}`);
    raw.close();
    expect(() => openTraceDb(path)).toThrow(/written by a newer ExitScope/);
  });

  it('reports a damaged file as damaged', () => {
    const path = tempPath() + '.exitscope';
    const db = openTraceDb(path);
    db.pragma('journal_mode = DELETE');
    db.close();
    // Keep the 100-byte header valid, overwrite the schema page's content.
    const bytes = Buffer.alloc(4096 * 2, 0xab);
    Buffer.from('SQLite format 3\u0000').copy(bytes, 0);
    bytes.writeUInt16BE(4096, 16);
    writeFileSync(path, bytes);
    expect(() => openTraceDb(path)).toThrow(new RegExp(`${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
  });

  it('does not create a file when create is false', () => {
    const path = tempPath() + '.exitscope';
    expect(() => openTraceDb(path, { create: false })).toThrow(`trace file ${path} does not exist`);
  });
});
