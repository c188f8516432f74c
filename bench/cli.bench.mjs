#!/usr/bin/env node
// `npm run bench:cli [-- --runs N]`: start-up time of the compiled `exitscope` CLI. Times, as
// separate processes in the same run, `node -e 0` (the floor: starting Node itself),
// `exitscope --version` and `exitscope traces --db SMALL` (SMALL: a trace file holding one
// imported fixture trace, made first), interleaved so load on the machine hits all alike.
// Prints each one's median and its ratio to `node -e 0`. Target: < 0.3 s and within ~3x.
// It builds the bundle first when it is missing or stale (as `npm test` does).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const bin = join(root, 'bin', 'exitscope.mjs');
const argv = process.argv.slice(2);
if (argv.includes('--help')) {
  console.log('usage: npm run bench:cli [-- --runs N]   (median start-up time of the CLI next to `node -e 0`)');
  process.exit(0);
}
const runsAt = argv.indexOf('--runs');
const runs = runsAt >= 0 ? Number(argv[runsAt + 1]) : 15;
if (!Number.isInteger(runs) || runs < 1) {
  console.error(`bench:cli: --runs expects a positive integer, got ${argv[runsAt + 1]}`);
  process.exit(2);
}

const check = (r, what) => {
  if (r.status !== 0) {
    console.error(`bench:cli: ${what} failed (exit ${r.status}):\n${r.stderr}`);
    process.exit(1);
  }
  return r;
};
check(spawnSync(process.execPath, [join(root, 'scripts', 'build-cli.mjs'), '--quiet'], { encoding: 'utf8' }), 'building the CLI');
const dir = mkdtempSync(join(tmpdir(), 'exitscope-bench-cli-'));
const db = join(dir, 'small.exitscope');
check(spawnSync(process.execPath, [bin, 'import', join(root, 'tests/fixtures/kvm/trace-cmd-vmx.txt'), '--db', db], { encoding: 'utf8' }), 'making SMALL');

const cases = [
  { name: 'node -e 0', args: ['-e', '0'] },
  { name: 'exitscope --version', args: [bin, '--version'] },
  { name: 'exitscope traces --db SMALL', args: [bin, 'traces', '--db', db] },
];
const times = cases.map(() => []);
for (let i = 0; i < runs; i++) {
  cases.forEach((c, k) => {
    const t0 = process.hrtime.bigint();
    check(spawnSync(process.execPath, c.args, { encoding: 'utf8' }), c.name);
    times[k].push(Number(process.hrtime.bigint() - t0) / 1e6);
  });
}
rmSync(dir, { recursive: true, force: true });
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const base = median(times[0]);
console.log(`median of ${runs} runs each (interleaved), Node ${process.version}:`);
cases.forEach((c, k) => {
  const m = median(times[k]);
  console.log(`  ${c.name.padEnd(30)} ${m.toFixed(0).padStart(5)} ms   ${(m / base).toFixed(2)}x node -e 0` +
    (k > 0 ? `   ${m < 300 ? 'under' : 'OVER'} the 300 ms target` : ''));
});
