// One fuzz case: import a mutated file into a library that already holds a trace, and judge
// the outcome: imported (and every read the app makes of it works; the trace is then deleted
// so the library stays small), refused (an ExitScopeError, and the library's fingerprint is
// unchanged), or a failure — internal (any other error: a bug), changed (a refused import left
// something behind) or unreadable (an imported trace the app cannot read).
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ExitScopeError } from '../src/core/errors';
import { importKvmTextFile } from '../src/core/trace/import/import-kvm-file';
import { openTraceDb } from '../src/core/trace/store/open-trace-db';
import { deleteTrace } from '../src/core/trace/store/trace-queries';
import { fingerprint, readEverything } from './library-check';
import { mutate } from './mutate';

export type Outcome = 'imported' | 'refused' | 'internal' | 'changed' | 'unreadable';

export interface CaseResult {
  outcome: Outcome;
  message: string;
  steps: string[];
  fixture: string;
}

const FIXTURE_DIR = new URL('../tests/fixtures/kvm/', import.meta.url);

export function loadFixtures(): { name: string; bytes: Buffer }[] {
  return readdirSync(FIXTURE_DIR).filter((f) => f.endsWith('.txt')).sort()
    .map((name) => ({ name, bytes: readFileSync(new URL(name, FIXTURE_DIR)) }));
}

/** A library file holding one good trace, for the cases to import next to. */
export async function makeLibrary(dir: string, fixtures: { name: string; bytes: Buffer }[]): Promise<string> {
  const dbPath = join(dir, 'library.exitscope');
  const seedFile = join(dir, 'seed.txt');
  writeFileSync(seedFile, fixtures[0]!.bytes);
  await importKvmTextFile(dbPath, seedFile, { inThread: true });
  return dbPath;
}

export async function runCase(dir: string, dbPath: string, fixtures: { name: string; bytes: Buffer }[], seed: number): Promise<CaseResult> {
  const fixture = fixtures[Math.abs(seed) % fixtures.length]!;
  const { bytes, steps } = mutate(fixture.bytes, seed);
  const file = join(dir, 'case.txt');
  writeFileSync(file, bytes);
  const before = fingerprint(dbPath);
  const rejoin = (seed & 0x10) !== 0;
  let traceId: number;
  try {
    traceId = (await importKvmTextFile(dbPath, file, { inThread: true, rejoin })).traceId;
  } catch (err) {
    if (!(err instanceof ExitScopeError)) {
      return { outcome: 'internal', message: (err as Error).stack ?? String(err), steps, fixture: fixture.name };
    }
    const after = fingerprint(dbPath);
    if (after !== before) return { outcome: 'changed', message: `${err.message}\n before: ${before}\n after:  ${after}`, steps, fixture: fixture.name };
    return { outcome: 'refused', message: err.message, steps, fixture: fixture.name };
  }
  try {
    await readEverything(dbPath, traceId);
  } catch (err) {
    return { outcome: 'unreadable', message: (err as Error).stack ?? String(err), steps, fixture: fixture.name };
  }
  const db = openTraceDb(dbPath);
  try {
    deleteTrace(db, traceId);
  } finally {
    db.close();
  }
  return { outcome: 'imported', message: '', steps, fixture: fixture.name };
}
