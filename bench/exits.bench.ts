// `npm run bench:exits [-- --mechanism M --profile P --workload W --iterations N]`: exits stored
// per second end to end — guest + hypervisor model (decode, pricing) + SQLite — on an
// exit-heavy microbenchmark, beside the raw better-sqlite3 insert rate of the same rows measured
// in the same process, and their ratio.
//   end to end: executeRun (the guest in a worker thread, this thread writing SQLite, one
//               transaction, the per-run summaries) into a fresh trace file; measured twice: cold
//               (the first run of the process starts the run thread — from the TypeScript sources
//               through tsx that alone takes about a second) and warm (the next run reuses it)
//   raw insert: exactly the exit_rows and exit_kinds rows that run stored, read back first, then
//               inserted with plain prepared 64-row INSERTs (the writer's batch size, column sets
//               and literal trace id) into a fresh trace file in one transaction — nothing else timed
// Default: outl_to_kernel under vmx with kvm-2012, 1,000,000 iterations (one exit each).
// Targets (hypervisor-model issue): ≥ 1,000,000 exits/s end to end and a ratio ≥ 0.6.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Mechanism } from '../src/core/cost/index';
import { parseArgs } from '../src/core/cli/args';
import { executeRun } from '../src/core/runs/execute-run';
import type { RunSummary } from '../src/core/runs/execute-run';
import { openTraceDb } from '../src/core/trace/store/open-trace-db';
import type { Db } from '../src/core/trace/store/open-trace-db';

const args = parseArgs(process.argv.slice(2), { values: ['iterations', 'mechanism', 'profile', 'workload'] });
const iterations = Number(args.values.get('iterations') ?? 1_000_000);
const mechanism = (args.values.get('mechanism') ?? 'vmx') as Mechanism;
const workload = args.values.get('workload') ?? 'outl_to_kernel';
const profileId = args.values.get('profile') ?? 'kvm-2012';
const dir = mkdtempSync(join(tmpdir(), 'exitscope-bench-exits-'));

// End to end, cold and then warm.
async function endToEnd(path: string): Promise<{ seconds: number; run: RunSummary }> {
  const t0 = performance.now();
  const outcome = await executeRun({ dbPath: path, workload, mechanisms: [mechanism], profileId, params: { iterations } });
  const seconds = (performance.now() - t0) / 1000;
  const run = outcome.runs[0]!;
  if (run.stop.kind !== 'done') throw new Error(run.stop.message);
  return { seconds, run };
}
const cold = await endToEnd(join(dir, 'cold.exitscope'));
const e2ePath = join(dir, 'e2e.exitscope');
const { seconds: e2eSeconds, run } = await endToEnd(e2ePath);
const e2eRate = run.exits / e2eSeconds;
const coldRate = cold.run.exits / cold.seconds;

// The same rows, read back, then inserted raw. Each row set binds the columns the writer bound.
const ROW_SETS: readonly (readonly string[])[] = [
  ['seq', 'time_ns', 'kind'],
  ['seq', 'time_ns', 'kind', 'rip', 'value'],
  ['seq', 'time_ns', 'kind', 'rip', 'value', 'count', 'buffer_addr', 'latency_ns', 'line', 'info1', 'info2'],
];
const WIDE_NULL = 'count IS NULL AND buffer_addr IS NULL AND latency_ns IS NULL AND line IS NULL AND info1 IS NULL AND info2 IS NULL';
const ROW_FILTERS = [`rip IS NULL AND value IS NULL AND ${WIDE_NULL}`, `(rip IS NOT NULL OR value IS NOT NULL) AND ${WIDE_NULL}`, `NOT (${WIDE_NULL})`];
const src = openTraceDb(e2ePath, { readonly: true });
const rowSets = ROW_SETS.map((cols, i) => src.prepare(`SELECT ${cols.join(', ')} FROM exit_rows WHERE ${ROW_FILTERS[i]} ORDER BY seq`).raw(true).all() as unknown[][]);
const kindCols = (src.prepare('SELECT * FROM exit_kinds LIMIT 0').columns()).map((c) => c.name);
const kinds = src.prepare('SELECT * FROM exit_kinds').raw(true).all() as unknown[][];
src.close();

/** 64-row INSERTs of `rows`; `fixed` columns are literals in the statement (as the writer writes
 * the trace id), the rest bound per row. */
function insertAll(db: Db, table: string, fixed: Record<string, number>, cols: readonly string[], rows: readonly unknown[][]): void {
  const names = [...Object.keys(fixed), ...cols];
  const one = `(${[...Object.values(fixed).map(String), ...cols.map(() => '?')].join(', ')})`;
  const sql = (n: number): string => `INSERT INTO ${table} (${names.join(', ')}) VALUES ${Array.from({ length: n }, () => one).join(', ')}`;
  const full = db.prepare(sql(64));
  const params: unknown[] = new Array(cols.length * 64);
  let i = 0;
  for (; i + 64 <= rows.length; i += 64) {
    let q = 0;
    for (let r = i; r < i + 64; r++) for (const v of rows[r]!) params[q++] = v;
    full.run(params);
  }
  if (i < rows.length) db.prepare(sql(rows.length - i)).run(rows.slice(i).flat());
}

const db = openTraceDb(join(dir, 'raw.exitscope'));
db.prepare("INSERT INTO traces (id, name, kind, status, format, created_at) VALUES (?, 'raw', 'emulated', 'complete', 'bench', '')").run(run.traceId);
const rowCount = rowSets.reduce((n, r) => n + r.length, 0);
const t1 = performance.now();
db.exec('BEGIN');
insertAll(db, 'exit_kinds', {}, kindCols, kinds);
ROW_SETS.forEach((cols, i) => insertAll(db, 'exit_rows', { trace_id: run.traceId }, cols, rowSets[i]!));
db.exec('COMMIT');
const rawSeconds = (performance.now() - t1) / 1000;
const rawRate = rowCount / rawSeconds;
db.close();
rmSync(dir, { recursive: true, force: true });

const fmt = (n: number): string => Math.round(n).toLocaleString('en-US');
console.log(`${workload} under ${mechanism} (${profileId}), ${fmt(run.exits)} exits, ${kinds.length} kinds; rows by column set: ${rowSets.map((r) => fmt(r.length)).join(' / ')}`);
console.log(`end to end (guest + VMM + pricing + SQLite): ${fmt(e2eRate)} exits/s (${e2eSeconds.toFixed(2)} s, incl. the summaries; run thread already started)`);
console.log(`  cold, incl. starting the run thread:       ${fmt(coldRate)} exits/s (${cold.seconds.toFixed(2)} s)`);
console.log(`raw insert of the same rows:                ${fmt(rawRate)} exits/s (${rawSeconds.toFixed(2)} s)`);
console.log(`ratio end-to-end / raw: ${(e2eRate / rawRate).toFixed(2)} (cold: ${(coldRate / rawRate).toFixed(2)})`);
