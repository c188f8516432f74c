// `npm run bench:exits`: exits stored per second end to end — guest + hypervisor model
// (decode, pricing) + SQLite — on an exit-heavy microbenchmark, beside the raw better-sqlite3
// insert rate of the same exit rows measured in the same process, and their ratio.
//   end to end: runMechanism(outl_to_kernel under M) with recordRun's SQLite writer as the sink
//   raw insert: the same ExitRecords, collected first, written with the same writer in one
//               transaction into a fresh trace file (no guest, no pricing)
// Targets (hypervisor-model issue): ≥ 1,000,000 exits/s end to end and a ratio ≥ 0.6.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findProfile, loadProfiles } from '../src/core/cost/index';
import type { Mechanism } from '../src/core/cost/index';
import type { ExitRecord } from '../src/core/trace/exit-record';
import { SqliteExitWriter } from '../src/core/trace/store/exit-writer';
import { openTraceDb } from '../src/core/trace/store/open-trace-db';
import { recordRun } from '../src/core/trace/store/record-run';
import { runMechanism } from '../src/core/vmm/index';
import { parseArgs } from '../src/core/cli/args';

const args = parseArgs(process.argv.slice(2), { values: ['iterations', 'mechanism', 'profile', 'workload'] });
const iterations = Number(args.values.get('iterations') ?? 300_000);
const mechanism = (args.values.get('mechanism') ?? 'vmx') as Mechanism;
const workload = args.values.get('workload') ?? 'outl_to_kernel';
const profile = findProfile(loadProfiles({ dir: null }), args.values.get('profile') ?? 'kvm-2012');
const dir = mkdtempSync(join(tmpdir(), 'exitscope-bench-exits-'));

// End to end.
const t0 = performance.now();
const stored = await recordRun(join(dir, 'e2e.exitscope'), { name: 'bench', format: 'exitscope-run', meta: {} }, async (sink) => {
  const r = await runMechanism({ workload, mechanism, profile, params: { iterations }, sink });
  if (r.stop.kind !== 'done') throw new Error(r.stop.message);
  return { cancelled: false };
});
const e2eSeconds = (performance.now() - t0) / 1000;
const e2eRate = stored.exits / e2eSeconds;

// The same rows, collected, then inserted raw.
const rows: ExitRecord[] = [];
await runMechanism({ workload, mechanism, profile, params: { iterations }, sink: { push: (e) => rows.push({ ...e }) } });
const db = openTraceDb(join(dir, 'raw.exitscope'));
const traceId = Number(db.prepare("INSERT INTO traces (name, kind, status, format, created_at) VALUES ('raw', 'emulated', 'complete', 'bench', '')").run().lastInsertRowid);
const t1 = performance.now();
db.exec('BEGIN');
const writer = new SqliteExitWriter(db, traceId);
for (const r of rows) writer.push(r);
writer.flush();
db.exec('COMMIT');
const rawSeconds = (performance.now() - t1) / 1000;
const rawRate = rows.length / rawSeconds;
db.close();
rmSync(dir, { recursive: true, force: true });

const fmt = (n: number): string => Math.round(n).toLocaleString('en-US');
console.log(`${workload} under ${mechanism} (${profile.id}), ${fmt(stored.exits)} exits`);
console.log(`end to end (guest + VMM + pricing + SQLite): ${fmt(e2eRate)} exits/s (${e2eSeconds.toFixed(2)} s, incl. the summaries)`);
console.log(`raw insert of the same rows:                ${fmt(rawRate)} exits/s (${rawSeconds.toFixed(2)} s)`);
console.log(`ratio end-to-end / raw: ${(e2eRate / rawRate).toFixed(2)}`);
