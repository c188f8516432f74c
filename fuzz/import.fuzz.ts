// `npm run fuzz:import [-- --cases N --seed S --time-limit-ms T]`: imports N mutated trace files
// (fuzz/mutate.ts over tests/fixtures/kvm, case i uses seed S + i) and prints how many were
// imported, refused with an ExitScopeError, and how many failed: internal errors, hangs (a case
// over the time limit), changed libraries after a refused import, unreadable imported traces.
// Cases run in a child process watched by this one, so even a case that blocks its thread for
// ever is caught: the child is killed, the case counted as a hang, and a new child goes on.
// Exits 1 when any case failed, printing each failure's seed, fixture and mutations.
import { fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from '../src/core/cli/args';
import type { CaseResult } from './run-case';

type ToParent = { kind: 'start'; seed: number } | { kind: 'result'; seed: number; ms: number; result: CaseResult } | { kind: 'ready' };

async function child(): Promise<void> {
  const { loadFixtures, makeLibrary, runCase } = await import('./run-case');
  const dir = mkdtempSync(join(tmpdir(), 'exitscope-fuzz-'));
  const fixtures = loadFixtures();
  const dbPath = await makeLibrary(dir, fixtures);
  const send = (m: ToParent): void => void process.send!(m);
  process.on('message', async (m: { from: number; to: number }) => {
    for (let seed = m.from; seed < m.to; seed++) {
      send({ kind: 'start', seed });
      const t0 = performance.now();
      const result = await runCase(dir, dbPath, fixtures, seed);
      send({ kind: 'result', seed, ms: performance.now() - t0, result });
    }
    rmSync(dir, { recursive: true, force: true });
    process.exit(0);
  });
  send({ kind: 'ready' });
}

async function parent(): Promise<void> {
  const args = parseArgs(process.argv.slice(2), { values: ['cases', 'seed', 'time-limit-ms'] });
  const cases = Number(args.values.get('cases') ?? 1000);
  const first = Number(args.values.get('seed') ?? 1);
  const limitMs = Number(args.values.get('time-limit-ms') ?? 20_000);
  const end = first + cases;
  const counts: Record<string, number> = { imported: 0, refused: 0, internal: 0, changed: 0, unreadable: 0, hang: 0 };
  const failures: string[] = [];
  let slowest = 0;
  let next = first;
  const started = performance.now();
  while (next < end) {
    await new Promise<void>((resolve) => {
      const proc = fork(fileURLToPath(import.meta.url), ['--child'], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
      let current = -1;
      let timer: NodeJS.Timeout | null = null;
      const arm = (): void => {
        if (timer) clearTimeout(timer);
        timer = setTimeout(() => {
          counts.hang!++;
          failures.push(`seed ${current}: hang (over ${limitMs} ms)`);
          next = current + 1;
          proc.kill('SIGKILL');
        }, limitMs);
      };
      proc.on('message', (m: ToParent) => {
        if (m.kind === 'ready') {
          arm();
          proc.send({ from: next, to: end });
        } else if (m.kind === 'start') {
          current = m.seed;
          arm();
        } else {
          counts[m.result.outcome]!++;
          slowest = Math.max(slowest, m.ms);
          if (!['imported', 'refused'].includes(m.result.outcome)) {
            failures.push(`seed ${m.seed}: ${m.result.outcome} (${m.result.fixture}: ${m.result.steps.join(' + ')})\n  ${m.result.message.split('\n').slice(0, 6).join('\n  ')}`);
          }
          next = m.seed + 1;
          const done = next - first;
          if (done % 500 === 0) process.stderr.write(`  ${done} / ${cases} cases\n`);
        }
      });
      proc.on('exit', (code) => {
        if (timer) clearTimeout(timer);
        if (code !== 0 && code !== null && current >= 0 && next <= current) {
          counts.internal!++;
          failures.push(`seed ${current}: the case process died (exit code ${code})`);
          next = current + 1;
        }
        if (next <= current && code === 0) next = end;
        resolve();
      });
    });
  }
  const seconds = (performance.now() - started) / 1000;
  console.log(`import fuzz: ${cases} cases (seeds ${first}..${end - 1}) in ${seconds.toFixed(1)} s, time limit ${limitMs} ms per case`);
  console.log(`  imported ${counts.imported}, refused with an ExitScopeError ${counts.refused}`);
  console.log(`  internal errors ${counts.internal}, hangs ${counts.hang}, changed files after a failure ${counts.changed}, unreadable after success ${counts.unreadable}`);
  console.log(`  slowest case ${slowest.toFixed(0)} ms`);
  for (const f of failures.slice(0, 30)) console.log(f);
  process.exitCode = failures.length > 0 ? 1 : 0;
}

await (process.argv.includes('--child') ? child() : parent());
