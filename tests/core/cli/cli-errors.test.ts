// The CLI's answers to user mistakes, as a user meets them (the real bin in a child process):
// one exact line on stderr, exit code 2 (cannot be done as given) or 1 (failed), never a stack
// trace unless --debug; plus --version, per-command --help, and a closed pipe ending quietly.
import { spawnSync } from 'node:child_process';
import { mkdirSync, symlinkSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { COMMANDS } from '../../../src/core/cli/commands/index';
import { BIN, exitscope } from '../../helpers/cli-process';
import { SAMPLE_TRACEFS } from '../../helpers/sample-trace';
import { useTempDir } from '../../helpers/temp-dir';
import { appVersion } from '../../../src/core/app-version';

const tempPath = useTempDir();
let db: string;

function expectOneLine(r: { status: number | null; stderr: string }, status: number, line: string): void {
  expect(r.stderr).toBe(line + '\n');
  expect(r.stderr).not.toMatch(/\n\s+at /);
  expect(r.status).toBe(status);
}

beforeAll(() => {
  db = tempPath() + '.exitscope';
  const file = tempPath() + '.txt';
  writeFileSync(file, SAMPLE_TRACEFS);
  expect(exitscope(['import', file, '--db', db]).status).toBe(0);
});

describe('exitscope --version and --help', () => {
  it('prints the version from package.json', () => {
    const r = exitscope(['--version']);
    expect(r).toEqual({ status: 0, stdout: `exitscope ${appVersion()}\n`, stderr: '' });
    expect(JSON.parse(exitscope(['--version', '--json']).stdout)).toEqual({ name: 'exitscope', version: appVersion() });
  });

  it('describes every registered command with --help and with help COMMAND', () => {
    for (const c of COMMANDS) {
      const r = exitscope([c.name, '--help']);
      expect(r.status, c.name).toBe(0);
      expect(r.stdout.startsWith(`exitscope ${c.name}: ${c.summary}\n\nusage: ${c.usage}\n`), c.name).toBe(true);
    }
    expect(exitscope(['help', 'export']).stdout).toBe(exitscope(['export', '--help']).stdout);
    expectOneLine(exitscope(['help', 'frobnicate']), 2, 'exitscope help: unknown command "frobnicate"\n\n' + exitscope(['help']).stdout.trimEnd());
  }, 300_000); // one process per command: slow on a loaded machine
});

describe('exitscope: mistakes get one line', () => {
  it('rejects a mechanism named twice', () => {
    expectOneLine(exitscope(['run', '--workload', 'vmcall', '--mechanism', 'trap,trap', '--profile', 'p4-2007', '--db', tempPath() + '.exitscope']), 2,
      'exitscope run: --mechanism: "trap" is named twice (each mechanism runs once)');
  });

  it('rejects prototype keys and numbers in undocumented forms', () => {
    expectOneLine(exitscope(['run', '--workload', 'vmcall', '--param', '__proto__=1']), 2,
      'exitscope run: --param __proto__=1: "__proto__" is not a parameter name (letters and digits)');
    expectOneLine(exitscope(['run', '--workload', 'vmcall', '--param', 'iterations=0x10']), 2,
      'exitscope run: --param iterations=0x10: expected a whole number in decimal digits (in iterations, 1 to 10000000)');
    expectOneLine(exitscope(['run', '--workload', 'vmcall', '--max-instructions', '1e6']), 2,
      'exitscope run: --max-instructions: expected a whole number from 1 to any size in decimal digits, got "1e6"');
    expectOneLine(exitscope(['traces', 'show', '0x1', '--db', db]), 2,
      'exitscope traces: traces show: trace id: expected a whole number from 1 to any size in decimal digits, got "0x1"');
  });

  it('export into a directory that does not exist', () => {
    const dir = join(tempPath(), 'missing');
    expectOneLine(exitscope(['export', '1', '--csv', join(dir, 'x.csv'), '--db', db]), 2, `exitscope export: --csv ${join(dir, 'x.csv')}: the directory ${dir} does not exist`);
  });

  it('export of an unknown trace leaves no empty file', () => {
    const out = tempPath() + '.csv';
    expectOneLine(exitscope(['export', '9', '--csv', out, '--db', db]), 2, 'exitscope export: no trace with id 9');
    expect(existsSync(out)).toBe(false);
  });

  it('export --csv - into a pipe closed early ends quietly', () => {
    // `head -c 10` reads ten bytes and exits; the export then writes into a closed pipe.
    const r = spawnSync('sh', ['-c', `"${process.execPath}" "${BIN}" export 1 --csv - --db "${db}" | head -c 10 >/dev/null; echo "status=\${PIPESTATUS:-done}"`], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });

  it('a profiles directory holding a directory named x.json or a dangling symlink breaks only those entries', () => {
    const dir = tempPath();
    mkdirSync(join(dir, 'x.json'), { recursive: true });
    symlinkSync(join(dir, 'gone.json.target'), join(dir, 'y.json'));
    const r = exitscope(['profiles', '--dir', dir]);
    expect(r.status).toBe(2);
    expect(r.stdout).toContain('p4-2007');
    expect(r.stderr).toBe(`profile file ${join(dir, 'x.json')}: is a directory, not a profile file\n` +
      `profile file ${join(dir, 'y.json')}: cannot be read: a symbolic link to a file that does not exist\n`);
  });

  it('a bug is reported with its stack; --debug adds the stack to a user error', () => {
    const r = exitscope(['traces', 'show', '9', '--db', db, '--debug']);
    expect(r.status).toBe(2);
    expect(r.stderr.split('\n')[0]).toBe('exitscope traces: no trace with id 9');
    expect(r.stderr).toMatch(/\n\s+at /);
  });
});
