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
import { parseArgs, parseIntArg } from '../args';

const USAGE = 'exitscope cpu-test [--show N] [--json] FILE|DIR... (JSON or .json.gz vector files; a directory means its *.json and *.json.gz)';

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
  details: '--show N: how many failures to print per file (default 5).\n' +
    '--json: {"files": [{"file", "passed", "failed", "failures": [{"id", "diffs"}]} | {"file", "error"}], "passed", "failed"}',
  async run(args, io) {
    const parsed = parseArgs(args, { values: ['show'], booleans: ['json'] });
    const show = parseIntArg('--show', parsed.values.get('show') ?? '5', 0, 100_000);
    const files = parsed.positionals;
    const json = parsed.booleans.has('json');
    const report: ({ file: string; passed: number; failed: number; failures: { id: string; diffs: string[] }[] } | { file: string; error: string })[] = [];
    if (files.length === 0) {
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
        report.push({ file, error: `cannot read: ${(e as Error).message}` });
        broken++;
        continue;
      }
      let summary;
      try {
        summary = runVectors(parseVectors(text), show, machine);
      } catch (e) {
        io.err(`${file}: ${(e as Error).message}\n`);
        report.push({ file, error: (e as Error).message });
        broken++;
        continue;
      }
      passed += summary.passed;
      failed += summary.failed;
      report.push({ file, passed: summary.passed, failed: summary.failed, failures: summary.failures.map((f) => ({ id: f.id, diffs: f.diffs })) });
      if (json) continue;
      io.out(`${file}: ${summary.passed} passed, ${summary.failed} failed\n`);
      for (const f of summary.failures) {
        io.out(`  FAIL ${f.id}\n`);
        for (const d of f.diffs) io.out(`    ${d}\n`);
      }
    }
    io.out(json ? JSON.stringify({ files: report, passed, failed }, null, 2) + '\n' : `${passed} passed, ${failed} failed\n`);
    return failed === 0 && broken === 0 ? 0 : 1;
  },
};
