// `exitscope cpu-test FILE...`: run single-instruction CPU test vectors (plain or gzipped JSON,
// format in src/core/cpu/conformance/vectors.ts) and report per-file pass/fail counts, the first
// failures with a readable diff, and a final `N passed, M failed` line. Exit code 0 only when
// every case passed.
import { readFile, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { CliCommand } from '../command';
import { parseVectors } from '../../cpu/conformance/vectors';
import { runVectors, ConformanceMachine } from '../../cpu/conformance/runner';

const USAGE = 'exitscope cpu-test [--show N] FILE|DIR... (JSON or .json.gz vector files; a directory means its *.json and *.json.gz)';

/** Expand directories into their vector files (sorted), keep plain files as given. */
async function expand(paths: string[]): Promise<string[]> {
  const out: string[] = [];
  for (const p of paths) {
    const info = await stat(p).catch(() => null);
    if (info?.isDirectory()) {
      const names = (await readdir(p)).filter((n) => n.endsWith('.json') || n.endsWith('.json.gz')).sort();
      out.push(...names.map((n) => join(p, n)));
    } else out.push(p);
  }
  return out;
}

export const cpuTestCommand: CliCommand = {
  name: 'cpu-test',
  summary: 'Run single-instruction CPU conformance vectors',
  usage: USAGE,
  async run(args, io) {
    let show = 5;
    const files: string[] = [];
    for (let k = 0; k < args.length; k++) {
      if (args[k] === '--show') show = Number(args[++k] ?? '5');
      else files.push(args[k]);
    }
    if (files.length === 0 || !Number.isFinite(show)) {
      io.err(`usage: ${USAGE}\n`);
      return 2;
    }
    const machine = new ConformanceMachine();
    let passed = 0, failed = 0, broken = 0;
    for (const file of await expand(files)) {
      if (io.signal.aborted) break;
      let text: string;
      try {
        const raw = await readFile(file);
        text = (raw[0] === 0x1f && raw[1] === 0x8b ? gunzipSync(raw) : raw).toString('utf8');
      } catch (e) {
        io.err(`${file}: cannot read: ${(e as Error).message}\n`);
        broken++;
        continue;
      }
      let summary;
      try {
        summary = runVectors(parseVectors(text), show, machine);
      } catch (e) {
        io.err(`${file}: ${(e as Error).message}\n`);
        broken++;
        continue;
      }
      passed += summary.passed;
      failed += summary.failed;
      io.out(`${file}: ${summary.passed} passed, ${summary.failed} failed\n`);
      for (const f of summary.failures) {
        io.out(`  FAIL ${f.id}\n`);
        for (const d of f.diffs) io.out(`    ${d}\n`);
      }
    }
    io.out(`${passed} passed, ${failed} failed\n`);
    return failed === 0 && broken === 0 ? 0 : 1;
  },
};
