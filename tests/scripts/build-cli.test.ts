// The compiled CLI (scripts/build-cli.mjs): built from the CLI entry, it holds every registered
// command and the worker-thread entries; it runs with the sources' file layout (workload images,
// package.json); bin/exitscope.mjs uses it only while no source changed since the build.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useTempDir } from '../helpers/temp-dir';
import { appVersion } from '../../src/core/app-version';
import { findWorkerEntry } from '../../src/core/worker-entry';

const tempPath = useTempDir();
let out: string;

beforeAll(async () => {
  // Inside the checkout (dist/ is ignored), where the bundle's packages (better-sqlite3) resolve.
  out = fileURLToPath(new URL(`../../dist/cli-test-${process.pid}`, import.meta.url));
  const { buildCli } = (await import(new URL('../../scripts/build-cli.mjs', import.meta.url).href)) as { buildCli(o: { out: string; quiet: boolean }): Promise<{ built: boolean }> };
  expect(await buildCli({ out, quiet: true })).toMatchObject({ built: true });
}, 120_000);
afterAll(() => rmSync(out, { recursive: true, force: true }));

function runBundle(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  // A script file, not `node -e`: worker threads inherit the parent's exec arguments.
  const script = tempPath() + '.mjs';
  writeFileSync(script, `const { main } = await import(${JSON.stringify(pathToFileURL(join(out, 'exitscope.js')).href)});\nprocess.exitCode = await main(process.argv.slice(2));\n`);
  const r = spawnSync(process.execPath, [script, ...args], { encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('build-cli', () => {
  it('bundles the CLI with every command file and the worker entries', () => {
    const info = JSON.parse(readFileSync(join(out, 'build-info.json'), 'utf8')) as { inputs: string[]; builtAt: number };
    const commands = readdirSync('src/core/cli/commands').filter((f) => f.endsWith('.ts')).map((f) => `src/core/cli/commands/${f}`);
    expect(info.inputs).toEqual(expect.arrayContaining(commands));
    for (const f of ['exitscope.js', 'run-worker.js', 'kvm-parse-worker.js']) expect(existsSync(join(out, f)), f).toBe(true);
  });

  it('runs without tsx: --version reads package.json, run loads the workload images', () => {
    expect(runBundle('--version')).toEqual({ status: 0, stdout: `exitscope ${appVersion()}\n`, stderr: '' });
    const r = runBundle('run', '--workload', 'serial_polled', '--param', 'iterations=1', '--param', 'text=ok', '--json');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect((JSON.parse(r.stdout) as { uartOutput: string }[])[0]!.uartOutput).toBe('ok');
  });

  it('runs an emulated run in the bundle\'s own worker thread', () => {
    const db = tempPath() + '.exitscope';
    const r = runBundle('run', '--workload', 'outl_to_kernel', '--mechanism', 'vmx', '--profile', 'kvm-2012', '--param', 'iterations=100', '--db', db, '--json');
    expect(r.stderr).toBe('');
    expect((JSON.parse(r.stdout) as { exits: number }[])[0]!.exits).toBe(100);
  });

  it('starts the worker entries it emitted, found through its global', () => {
    const g = globalThis as { __exitscopeBundleDir?: string };
    g.__exitscopeBundleDir = pathToFileURL(out + '/').href;
    try {
      expect(findWorkerEntry(import.meta.url, './no-such.ts', './run-worker.js')).toEqual({ url: new URL('run-worker.js', g.__exitscopeBundleDir) });
    } finally {
      delete g.__exitscopeBundleDir;
    }
  });
});

describe('bundle freshness', () => {
  it('accepts a bundle whose sources are unchanged, and not one with a newer or missing source', async () => {
    const { freshBundle } = (await import(new URL('../../bin/bundle-freshness.mjs', import.meta.url).href)) as { freshBundle(root: URL): URL | null };
    const root = tempPath() + '/';
    mkdirSync(join(root, 'dist', 'cli'), { recursive: true });
    mkdirSync(join(root, 'src'));
    writeFileSync(join(root, 'src', 'a.ts'), 'export {}');
    const builtAt = Date.now() + 10_000;
    writeFileSync(join(root, 'dist', 'cli', 'build-info.json'), JSON.stringify({ builtAt, inputs: ['src/a.ts'] }));
    const rootUrl = pathToFileURL(root);
    expect(freshBundle(rootUrl)?.href).toBe(new URL('dist/cli/exitscope.js', rootUrl).href);
    utimesSync(join(root, 'src', 'a.ts'), new Date(builtAt + 5000), new Date(builtAt + 5000));
    expect(freshBundle(rootUrl)).toBeNull();
    writeFileSync(join(root, 'dist', 'cli', 'build-info.json'), JSON.stringify({ builtAt, inputs: ['src/gone.ts'] }));
    expect(freshBundle(rootUrl)).toBeNull();
    writeFileSync(join(root, 'dist', 'cli', 'build-info.json'), 'not json');
    expect(freshBundle(rootUrl)).toBeNull();
  });
});
