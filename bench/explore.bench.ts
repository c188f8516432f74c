// `npm run bench:explore [-- --exits N --skip-before --keep | --queries-only --db FILE]`: the exit table,
// exit detail and timeline on a big trace. Generates (and caches under the temp dir) a KVM text
// trace of about N exits (bench/gen-kvm-trace.ts) and imports it, and runs an emulated workload
// (io_forms under vmx, kvm-2012) of about N exits, each twice: without the explore index (the
// buildExploreIndex turned off) and with it, printing the import/run
// speed of both. Then, in a fresh child process holding only the service (as `serve` would):
//   overview open     traces/summary + exits/facets + the first exits/page + the overview timeline
//   page p95          exits/page, sorted and filtered, at random depths (40 requests per trace)
//   filter change p95 a new filter's first page with its total count (15 per trace)
//   timeline p95      timeline/buckets for random zoom/pan windows, 1600 columns (60 per trace)
//   RSS               of that process after the queries
//   bytes per exit    of the trace file (after a WAL checkpoint)
// Targets (issue 11): open < 1 s, page p95 < 100 ms, filter change < 1 s, timeline p95 < 50 ms,
// RSS < 1 GB. Default N = 10,000,000; on a shared 2-core machine pass a smaller N and say so.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from '../src/core/cli/args';
import { executeRun } from '../src/core/runs/execute-run';
import { ExitScopeService } from '../src/core/service/exitscope-service';
import { importKvmTextFile } from '../src/core/trace/import/import-kvm-file';
import { exploreBuildTime, setExploreIndexing } from '../src/core/trace/store/explore-index';
import { openTraceDb } from '../src/core/trace/store/open-trace-db';
import type { ExitFilter, ExitSortKey } from '../src/shared/explore';
import { EXIT_SORT_KEYS } from '../src/shared/explore';
import { writeKvmTraceFile } from './gen-kvm-trace';

const args = parseArgs(process.argv.slice(2), { values: ['exits', 'db'], booleans: ['skip-before', 'queries-only', 'keep'] });
const fmt = (n: number): string => Math.round(n).toLocaleString('en-US');
const ms = (x: number): string => `${x.toFixed(1)} ms`;
const pct = (xs: number[], p: number): number => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil((p / 100) * xs.length) - 1)]!;

/** A deterministic PRNG so every run asks the same questions. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Lines of generated text per exit (measured on the generator's output: kvm_exit, kvm_entry, pio, noise). */
const LINES_PER_EXIT = 3.4;
/** io_forms exits per iteration (all 24 forms; measured: 12,500 iterations gave 437,500 exits). */
const IO_FORMS_EXITS_PER_ITERATION = 35;

function writeTrace(path: string, lines: number): Promise<void> {
  return writeKvmTraceFile(path, 'tracefs', lines, 11);
}

function removeDb(path: string): void {
  for (const ext of ['', '-wal', '-shm']) rmSync(path + ext, { force: true });
}

/** A fresh trace file with explore building off: the store as it was before. */
function withoutExplore(path: string): void {
  removeDb(path);
  openTraceDb(path).close();
  setExploreIndexing(false);
}

async function build(dir: string, n: number, skipBefore: boolean): Promise<string> {
  const lib = join(dir, `library-${n}.exitscope`);
  removeDb(lib);
  const lines = Math.round(n * LINES_PER_EXIT);
  const text = join(dir, `trace-tracefs-${lines}.txt`);
  if (!existsSync(text)) {
    console.log(`generating ${fmt(lines)} lines of tracefs text into ${text} ...`);
    await writeTrace(text, lines);
  } else console.log(`using the cached ${text}`);
  console.log(`trace text: ${(statSync(text).size / 1e6).toFixed(0)} MB`);

  const timeImport = async (path: string): Promise<{ s: number; exits: number; lines: number }> => {
    const t0 = performance.now();
    const o = await importKvmTextFile(path, text);
    return { s: (performance.now() - t0) / 1000, exits: o.stats.exits, lines: o.stats.lines };
  };
  const iterations = Math.max(1, Math.round(n / IO_FORMS_EXITS_PER_ITERATION));
  const timeRun = async (path: string): Promise<{ s: number; exits: number }> => {
    const t0 = performance.now();
    const o = await executeRun({ dbPath: path, workload: 'io_forms', mechanisms: ['vmx'], profileId: 'kvm-2012', params: { iterations } });
    const run = o.runs[0]!;
    if (run.stop.kind !== 'done') throw new Error(run.stop.message);
    return { s: (performance.now() - t0) / 1000, exits: run.exits };
  };

  if (!skipBefore) {
    const before = join(dir, 'before.exitscope');
    withoutExplore(before);
    const bi = await timeImport(before);
    console.log(`import without explore index: ${fmt(bi.exits)} exits in ${bi.s.toFixed(1)} s = ${fmt(bi.lines / bi.s)} lines/s, ${fmt(bi.exits / bi.s)} exits/s`);
    withoutExplore(before);
    const br = await timeRun(before);
    console.log(`run without explore index:    ${fmt(br.exits)} exits in ${br.s.toFixed(1)} s = ${fmt(br.exits / br.s)} exits/s`);
    removeDb(before);
    setExploreIndexing(true);
  }
  const built = (): string => `; of which building the explore tables ${(exploreBuildTime.ms / 1000).toFixed(1)} s (exit_latency ${(exploreBuildTime.latencyMs / 1000).toFixed(1)} s)`;
  const ai = await timeImport(lib);
  console.log(`import with explore index:    ${fmt(ai.exits)} exits in ${ai.s.toFixed(1)} s = ${fmt(ai.lines / ai.s)} lines/s, ${fmt(ai.exits / ai.s)} exits/s${built()}`);
  exploreBuildTime.ms = 0;
  exploreBuildTime.latencyMs = 0;
  const ar = await timeRun(lib);
  console.log(`run with explore index:       ${fmt(ar.exits)} exits in ${ar.s.toFixed(1)} s = ${fmt(ar.exits / ar.s)} exits/s${built()}`);
  return lib;
}

async function timed<T>(f: () => Promise<T>): Promise<[T, number]> {
  const t0 = performance.now();
  const v = await f();
  return [v, performance.now() - t0];
}

async function queries(lib: string): Promise<void> {
  const db = openTraceDb(lib);
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  const bytes = statSync(lib).size;
  const t0 = performance.now();
  const service = new ExitScopeService({ libraryPath: lib, host: 'serve', version: 'bench' });
  const opened = performance.now() - t0;
  const traces = await service.call('traces/list', {});
  const total = traces.reduce((s, t) => s + t.exitCount, 0);
  console.log(`\ntrace file: ${(bytes / 1e6).toFixed(0)} MB for ${fmt(total)} exits = ${(bytes / total).toFixed(1)} bytes per exit (all tables and indexes; service opened in ${ms(opened)})`);
  const r = rng(42);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  for (const t of traces) {
    console.log(`\n${t.kind} trace ${t.id} "${t.name}": ${fmt(t.exitCount)} exits, ${t.vcpuCount} vCPU(s)`);
    const [, open] = await timed(async () => {
      await service.call('traces/summary', { traceId: t.id });
      const f = await service.call('exits/facets', { traceId: t.id });
      await service.call('exits/page', { traceId: t.id, filter: {}, sort: { key: 'time', dir: 'asc' }, offset: 0, limit: 200 });
      await service.call('timeline/buckets', { traceId: t.id, fromNs: f.firstNs!, toNs: f.lastNs! + 1, columns: 1600 });
    });
    const facets = await service.call('exits/facets', { traceId: t.id });
    const first = facets.firstNs!;
    const span = facets.lastNs! - first + 1;
    const filters: ExitFilter[] = [
      {},
      { reasons: [facets.reasons[0]!.value] },
      { vcpus: [facets.vcpus[0]!.value] },
      ...(facets.devices.length > 0 ? [{ devices: [pick(facets.devices).value] }] : []),
      { text: 'pic' },
      { reasons: [pick(facets.reasons).value], vcpus: [pick(facets.vcpus).value] },
      { fromNs: first + span * 0.3, toNs: first + span * 0.4 },
      ...(facets.forms.length > 1 ? [{ forms: [pick(facets.forms).value, pick(facets.forms).value] }] : []),
      { measure: { min: facets.measure === 'ns' ? 2000 : 500 } },
    ];
    const plans = new Map<string, number[]>();
    const pages: number[] = [];
    for (let i = 0; i < 40; i++) {
      const filter = pick(filters);
      const key: ExitSortKey = pick(EXIT_SORT_KEYS);
      const dir = r() < 0.5 ? 'asc' : 'desc';
      const probe = await service.call('exits/page', { traceId: t.id, filter, sort: { key, dir }, offset: 0, limit: 1 });
      const offset = Math.floor(r() * Math.max(0, probe.total.value - 200));
      const [page, took] = await timed(() => service.call('exits/page', { traceId: t.id, filter, sort: { key, dir }, offset, limit: 200 }));
      pages.push(took);
      const plan = page.plan.split(':')[0]!;
      plans.set(plan, [...(plans.get(plan) ?? []), took]);
    }
    const changes: number[] = [];
    for (let i = 0; i < 15; i++) {
      const filter = { ...pick(filters), ...(r() < 0.5 ? { reasons: [pick(facets.reasons).value] } : {}) };
      const [, took] = await timed(() => service.call('exits/page', { traceId: t.id, filter, sort: { key: pick(EXIT_SORT_KEYS), dir: 'asc' }, offset: 0, limit: 200 }));
      changes.push(took);
    }
    const zooms: number[] = [];
    const modes = new Map<string, number>();
    for (let i = 0; i < 60; i++) {
      const width = span / 2 ** Math.floor(r() * 24);
      const from = Math.round(first + r() * Math.max(0, span - width));
      const [tl, took] = await timed(() => service.call('timeline/buckets', { traceId: t.id, fromNs: from, toNs: Math.round(from + Math.max(width, 2)), columns: 1600 }));
      zooms.push(took);
      modes.set(tl.mode, (modes.get(tl.mode) ?? 0) + 1);
    }
    console.log(`overview open:        ${ms(open)} (summary, facets, first page, overview timeline)`);
    console.log(`exit page p95:        ${ms(pct(pages, 95))} (p50 ${ms(pct(pages, 50))}, max ${ms(Math.max(...pages))}; sorted + filtered, 200 rows at random depths)`);
    for (const [plan, xs] of plans) console.log(`  plan ${plan.padEnd(8)} ${String(xs.length).padStart(2)} pages, p95 ${ms(pct(xs, 95))}, max ${ms(Math.max(...xs))}`);
    console.log(`filter change p95:    ${ms(pct(changes, 95))} (max ${ms(Math.max(...changes))}; first page + total count)`);
    console.log(`timeline p95:         ${ms(pct(zooms, 95))} (p50 ${ms(pct(zooms, 50))}, max ${ms(Math.max(...zooms))}; ${[...modes].map(([m, c]) => `${c} ${m}`).join(', ')})`);
  }
  service.close();
  const mem = process.memoryUsage();
  console.log(`\nRSS of the query process: ${(mem.rss / 1e6).toFixed(0)} MB now, peak ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
}

async function main(): Promise<void> {
  if (args.booleans.has('queries-only')) {
    const db = args.values.get('db');
    if (!db) throw new Error('--queries-only needs --db FILE');
    await queries(db);
    return;
  }
  const n = Number(args.values.get('exits') ?? 10_000_000);
  const dir = join(tmpdir(), 'exitscope-bench-explore');
  mkdirSync(dir, { recursive: true });
  const lib = await build(dir, n, args.booleans.has('skip-before'));
  // The queries run in a fresh process holding only the service, as `exitscope serve` would.
  const child = spawnSync(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), '--queries-only', '--db', lib], { stdio: 'inherit' });
  if (child.status !== 0) throw new Error(`the query process failed (status ${child.status})`);
  if (!args.booleans.has('keep')) removeDb(lib);
}

await main();
