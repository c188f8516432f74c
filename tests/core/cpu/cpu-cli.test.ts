// The cpu-test and cpu-gaps CLI commands, run in-process with captured output.
import { describe, it, expect } from 'vitest';
import { mkdtempSync, writeFileSync, readFileSync, rmSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cpuTestCommand } from '../../../src/core/cli/commands/cpu-test';
import { cpuGapsCommand } from '../../../src/core/cli/commands/cpu-gaps';
import type { CliIo } from '../../../src/core/cli/command';

function capture(): { io: CliIo; out: () => string; err: () => string } {
  let out = '', err = '';
  return {
    io: { out: (t) => void (out += t), err: (t) => void (err += t), isTty: false, signal: new AbortController().signal },
    out: () => out,
    err: () => err,
  };
}

const basic = fileURLToPath(new URL('../../fixtures/cpu/basic.json', import.meta.url));

describe('exitscope cpu-test', () => {
  it('runs plain and gzipped files and directories, printing per-file counts and a final line', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'exitscope-cpu-test-'));
    try {
      const cases = JSON.parse(readFileSync(basic, 'utf8')) as { final: { regs: { eax: number } } }[];
      const some = cases.slice(0, 4);
      some[1].final.regs.eax ^= 1;
      writeFileSync(join(dir, 'a.json.gz'), gzipSync(JSON.stringify(some)));
      writeFileSync(join(dir, 'b.json'), JSON.stringify(cases.slice(4, 7)));
      const c = capture();
      const code = await cpuTestCommand.run([dir], c.io);
      expect(code).toBe(1);
      expect(c.out()).toContain('a.json.gz: 3 passed, 1 failed');
      expect(c.out()).toContain('b.json: 3 passed, 0 failed');
      expect(c.out()).toMatch(/FAIL .*\n\s+eax: expected/);
      expect(c.out().trimEnd().split('\n').at(-1)).toBe('6 passed, 1 failed');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('exits 0 when everything passes and 2 without files', async () => {
    const c = capture();
    expect(await cpuTestCommand.run([basic], c.io)).toBe(0);
    expect(await cpuTestCommand.run([], capture().io)).toBe(2);
  });
});

describe('exitscope cpu-gaps', () => {
  it('prints the unimplemented encodings and features', async () => {
    const c = capture();
    expect(await cpuGapsCommand.run([], c.io)).toBe(0);
    expect(c.out()).toContain('x87');
    expect(c.out()).toContain('Architectural features not implemented');
  });
});
