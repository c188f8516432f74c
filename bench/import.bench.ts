// `npm run bench:import [-- --lines N --format tracefs|trace-cmd|perf-script --runs R]`
// Measures end-to-end KVM trace import throughput: a generated, realistic trace text file
// (bench/gen-kvm-trace.ts) is imported into a fresh SQLite trace file with the same code path
// as `exitscope import` (read → parse → pair → insert → summarize → commit). Prints lines/s,
// MB/s and exits/s per run and the median, plus the process's peak resident memory to show
// the file is streamed, not held.
import { mkdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { parseArgs } from '../src/core/cli/args';
import { importKvmTextFile } from '../src/core/trace/import/import-kvm-file';
import type { TraceTextFormat } from '../src/shared/dto';
import { writeKvmTraceFile } from './gen-kvm-trace';
import { runBench } from './bench-cli';

function writeTrace(path: string, format: TraceTextFormat, lines: number): Promise<void> {
  return writeKvmTraceFile(path, format, lines, 1);
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2), { values: ['lines', 'format', 'runs'] });
  const lines = Number(args.values.get('lines') ?? 2_000_000);
  const format = (args.values.get('format') ?? 'tracefs') as TraceTextFormat;
  const runs = Number(args.values.get('runs') ?? 3);
  const dir = join(tmpdir(), 'exitscope-bench-import');
  mkdirSync(dir, { recursive: true });
  const tracePath = join(dir, `trace-${format}-${lines}.txt`);
  console.log(`generating ${lines.toLocaleString('en-US')} lines of ${format} text ...`);
  await writeTrace(tracePath, format, lines);
  const bytes = statSync(tracePath).size;
  console.log(`trace file: ${(bytes / 1e6).toFixed(1)} MB`);
  const rates: number[] = [];
  for (let r = 0; r < runs; r++) {
    const dbPath = join(dir, `bench-${r}.exitscope`);
    rmSync(dbPath, { force: true });
    const t0 = performance.now();
    const outcome = await importKvmTextFile(dbPath, tracePath);
    const s = (performance.now() - t0) / 1000;
    const rate = outcome.stats.lines / s;
    rates.push(rate);
    console.log(`run ${r + 1}: ${Math.round(rate).toLocaleString('en-US')} lines/s, ${(bytes / 1e6 / s).toFixed(1)} MB/s, ` +
      `${Math.round(outcome.stats.exits / s).toLocaleString('en-US')} exits/s (${outcome.stats.exits.toLocaleString('en-US')} exits in ${s.toFixed(2)} s)`);
    for (const ext of ['', '-wal', '-shm']) rmSync(dbPath + ext, { force: true });
  }
  rmSync(tracePath, { force: true });
  console.log(`peak RSS: ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
  console.log(`import throughput (median of ${runs}): ${Math.round(median(rates)).toLocaleString('en-US')} lines/s`);
}

await runBench('npm run bench:import [-- --lines N --format tracefs|trace-cmd|perf-script --runs R]', main);
