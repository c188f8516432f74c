// The desktop shell builds: electron-vite bundles main (ESM, Node side), the preload (CommonJS,
// because a sandboxed preload can only require('electron')) and the renderer. Runs everywhere;
// launching the built app needs the Electron binary (electron-launch.test.ts).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

describe('electron-vite build of the desktop app', () => {
  beforeAll(() => {
    const r = spawnSync(process.execPath, [join(ROOT, 'scripts', 'run-bin.mjs'), 'electron-vite', 'build', '--logLevel', 'warn'], { cwd: ROOT, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`electron-vite build failed:\n${r.stdout}\n${r.stderr}`);
  });

  it('emits the main entry that package.json names', () => {
    const main = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { main: string }).main;
    expect(existsSync(join(ROOT, main))).toBe(true);
  });

  it('emits a CommonJS preload that requires nothing but electron', () => {
    const preload = readFileSync(join(ROOT, 'out', 'preload', 'index.cjs'), 'utf8');
    const requires = [...preload.matchAll(/require\(["']([^"']+)["']\)/g)].map((m) => m[1]);
    expect(requires.length).toBeGreaterThan(0);
    expect(new Set(requires)).toEqual(new Set(['electron']));
    expect(preload).toContain('exposeInMainWorld');
    expect(preload).not.toMatch(/\bimport\s/);
  });

  it('emits the renderer with its CSP', () => {
    const html = readFileSync(join(ROOT, 'out', 'renderer', 'index.html'), 'utf8');
    expect(html).toContain('Content-Security-Policy');
    expect(readdirSync(join(ROOT, 'out', 'renderer', 'assets')).some((f) => f.endsWith('.js'))).toBe(true);
  });
});
