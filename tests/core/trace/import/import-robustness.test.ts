// Files that must not hurt the library: each of the walls issue 9 lists (damaged numbers,
// non-text files, damaged gzip, over-long lines, mail-wrapped text, a busy library) ends in an
// ExitScopeError naming the file, or in a trace every summary read of which works; a failed
// import leaves the library's fingerprint unchanged.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { importKvmTextFile } from '../../../../src/core/trace/import/import-kvm-file';
import { ExitScopeError } from '../../../../src/core/errors';
import { describeSqliteError } from '../../../../src/core/trace/store/write-lock';
import { openTraceDb } from '../../../../src/core/trace/store/open-trace-db';
import { getTraceSummary } from '../../../../src/core/trace/store/trace-queries';
import { fingerprint, readEverything } from '../../../../fuzz/library-check';
import { LineSplitter } from '../../../../src/core/trace/import/line-reader';
import { SAMPLE_TRACEFS } from '../../../helpers/sample-trace';
import { useTempDir } from '../../../helpers/temp-dir';

const tempPath = useTempDir();
const FIXTURE = (name: string): string => readFileSync(new URL(`../../../fixtures/kvm/${name}`, import.meta.url), 'latin1');

async function library(): Promise<string> {
  const dbPath = tempPath() + '.exitscope';
  const good = tempPath() + '.txt';
  writeFileSync(good, SAMPLE_TRACEFS);
  await importKvmTextFile(dbPath, good, { inThread: true });
  return dbPath;
}

/** Import `content` into a library holding one trace; returns the error (asserting the library is unchanged) or the trace id. */
async function attempt(content: string | Buffer, opts: { name?: string; rejoin?: boolean } = {}): Promise<{ err: ExitScopeError | null; traceId: number | null; dbPath: string }> {
  const dbPath = await library();
  const before = fingerprint(dbPath);
  const file = tempPath() + (opts.name ?? '.txt');
  writeFileSync(file, content);
  try {
    const outcome = await importKvmTextFile(dbPath, file, { inThread: true, rejoin: opts.rejoin });
    await readEverything(dbPath, outcome.traceId);
    return { err: null, traceId: outcome.traceId, dbPath };
  } catch (err) {
    expect(err).toBeInstanceOf(ExitScopeError);
    expect(fingerprint(dbPath)).toBe(before);
    return { err: err as ExitScopeError, traceId: null, dbPath };
  }
}

const line = (ts: string, rest: string): string => ` CPU 0/KVM-4321    [002] d.... ${ts}: ${rest}`;
const EXIT = 'kvm_exit: vcpu 0 reason IO_INSTRUCTION rip 0xffffffff8102a1c2 info1 0x0000000003f80000 info2 0x0000000000000000 intr_info 0x00000000 error_code 0x00000000';
const ENTRY = 'kvm_entry: vcpu 0, rip 0xffffffff8102a1c3';

describe('import robustness', () => {
  it('refuses a 309-digit timestamp as a bad line; the summary of what imports reads in finite time', async () => {
    const text = [line('9'.repeat(309) + '.000100', EXIT), line('1000.000101', ENTRY), line('1000.000200', EXIT), line('1000.000205', ENTRY)].join('\n');
    const { err, traceId, dbPath } = await attempt(text);
    expect(err).toBeNull();
    const db = openTraceDb(dbPath);
    const s = getTraceSummary(db, traceId!);
    db.close();
    expect(s.trace.exitCount).toBe(1);
    expect(s.importFacts?.flags.absurdTimestamps).toBe(1);
    expect(s.firstIssues[0]).toMatchObject({ line: 1, message: expect.stringContaining('more than 11 digits of seconds') as string });
    expect(s.histogram.buckets.length).toBeLessThan(10);
  });

  it('a file whose only exit has an absurd or NaN timestamp is refused naming what was found', async () => {
    const { err } = await attempt([line('9'.repeat(309), EXIT), line('NaN', ENTRY)].join('\n'));
    expect(err?.message).toMatch(/no KVM exits in .*: 2 lines read, only other events: kvm_exit \(1\), kvm_entry \(1\).*line 1: kvm_exit timestamp has more than 11 digits/);
  });

  it('flags an entry stamped before its exit (latency unknown) and time going backwards, counting both', async () => {
    const text = [line('1000.000200', EXIT), line('1000.000100', ENTRY), line('1000.000050', EXIT), line('1000.000060', ENTRY)].join('\n');
    const { traceId, dbPath } = await attempt(text);
    const db = openTraceDb(dbPath);
    const s = getTraceSummary(db, traceId!);
    const lat = db.prepare('SELECT line, latency_ns FROM exits WHERE trace_id = ? ORDER BY seq').all(traceId);
    const issues = db.prepare('SELECT line, message FROM import_issues WHERE trace_id = ? ORDER BY line').all(traceId) as { line: number; message: string }[];
    db.close();
    expect(lat).toEqual([{ line: 1, latency_ns: null }, { line: 3, latency_ns: 10_000 }]);
    expect(s.importFacts?.flags).toMatchObject({ negativeLatency: 1, timeBackwards: 1 });
    expect(issues.map((i) => i.line)).toEqual([1, 3]);
    expect(issues[0]!.message).toContain('stamped 100000 ns before its kvm_exit');
  });

  it.each([
    ['trace.dat', Buffer.concat([Buffer.from('\x17\x08\x44tracing6\x00', 'latin1'), Buffer.alloc(100)]), 'run `trace-cmd report -i'],
    ['perf.data', Buffer.concat([Buffer.from('PERFILE2'), Buffer.alloc(100, 1)]), 'run `perf script -i'],
    ['x.bin', Buffer.from([0x41, 0x42, 0, 0x43, 10]), 'holds binary data (a NUL byte at offset 2)'],
    ['empty.txt', Buffer.alloc(0), 'is empty'],
    ['corrupt.gz', Buffer.from([0x1f, 0x8b, 8, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9]), 'gzip file'],
    ['cut.gz', gzipSync(SAMPLE_TRACEFS).subarray(0, 30), 'is a truncated gzip file'],
    ['junk.gz', gzipSync(Buffer.from([1, 2, 0, 3])), 'holds binary data'],
  ])('refuses %s with a message naming it and what to do', async (name, bytes, expected) => {
    const { err } = await attempt(bytes, { name });
    expect(err?.kind).toBe('ImportError');
    expect(err?.message).toContain(expected);
    expect(err?.message).toContain(name);
  });

  it('refuses a directory and a missing file', async () => {
    const dbPath = await library();
    const dir = tempPath();
    mkdirSync(dir);
    await expect(importKvmTextFile(dbPath, dir)).rejects.toThrow(`${dir} is a directory, not a trace file`);
    await expect(importKvmTextFile(dbPath, dir + '/nope.txt')).rejects.toThrow('nope.txt does not exist');
  });

  it('reads a gzip file by its magic whatever its name', async () => {
    const { err } = await attempt(gzipSync(SAMPLE_TRACEFS), { name: '.txt' });
    expect(err).toBeNull();
  });

  it('counts a line over 1 MiB as one bad line and imports the rest', async () => {
    const lines = SAMPLE_TRACEFS.trimEnd().split('\n');
    lines.splice(6, 0, 'x'.repeat(3 << 20));
    const { traceId, dbPath } = await attempt(lines.join('\n') + '\n');
    const db = openTraceDb(dbPath);
    const s = getTraceSummary(db, traceId!);
    db.close();
    expect(s.importFacts?.flags.overLongLines).toBe(1);
    expect(s.firstIssues[0]).toMatchObject({ line: 7, message: expect.stringContaining('3,145,728 characters is longer than the 1 MiB limit') as string });
  });

  it('splits lines in linear time: a 64 MiB line arriving in 1 MiB chunks is dropped as it comes', () => {
    const splitter = new LineSplitter();
    const chunk = 'y'.repeat(1 << 20);
    let out: string[] = [];
    for (let i = 0; i < 64; i++) out = out.concat(splitter.push(chunk));
    out = out.concat(splitter.push('\nnext\r\nlast'), splitter.end());
    expect(out).toEqual([`\n${64 << 20}`, 'next', 'last']);
  });

  it('says a mail-wrapped trace looks wrapped and offers --rejoin, which imports it', async () => {
    const wrapped: string[] = [];
    for (const l of FIXTURE('tracefs-noflags.txt').split('\n')) {
      let rest = l;
      while (rest.length > 72) {
        const sp = rest.lastIndexOf(' ', 72);
        wrapped.push(rest.slice(0, sp));
        rest = rest.slice(sp + 1);
      }
      wrapped.push(rest);
    }
    const first = await attempt(wrapped.join('\n'));
    expect(first.err?.message).toContain('look broken by a mailer');
    expect(first.err?.message).toContain('--rejoin');
    const again = await attempt(wrapped.join('\n'), { rejoin: true });
    expect(again.err).toBeNull();
    const db = openTraceDb(again.dbPath);
    expect(getTraceSummary(db, again.traceId!).trace.exitCount).toBe(4);
    db.close();
  });

  it('waits for another writer, and says "busy, retry" when it keeps the library', async () => {
    const dbPath = await library();
    const file = tempPath() + '.txt';
    writeFileSync(file, SAMPLE_TRACEFS);
    const other = new Database(dbPath);
    other.exec('BEGIN IMMEDIATE');
    const before = fingerprint(dbPath);
    const err = await importKvmTextFile(dbPath, file, { inThread: true, busyWaitMs: 200 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ExitScopeError);
    expect((err as ExitScopeError).kind).toBe('Busy');
    expect((err as ExitScopeError).message).toContain('is busy');
    expect(fingerprint(dbPath)).toBe(before);
    const waiting = importKvmTextFile(dbPath, file, { inThread: true });
    setTimeout(() => other.exec('COMMIT'), 300);
    await expect(waiting).resolves.toMatchObject({ stats: { exits: 5 } });
    other.close();
  });

  it('turns SQLite errors a user can cause into TraceFileErrors naming the file', () => {
    const dbPath = tempPath() + '.sqlite';
    new Database(dbPath).exec('CREATE TABLE t (x)');
    const ro = new Database(dbPath, { readonly: true });
    let err: unknown;
    try {
      ro.exec('INSERT INTO t VALUES (1)');
    } catch (e) {
      err = e;
    }
    ro.close();
    expect(describeSqliteError(err, dbPath)?.message).toBe(`trace file ${dbPath} is read-only: cannot store anything in it`);
  });
});
