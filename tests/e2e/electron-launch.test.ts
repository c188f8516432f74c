// Launches the real desktop app with playwright-core's Electron driver, where the Electron
// binary exists. Electron downloads that binary on first run; build machines without access to
// Electron's releases cannot have it, and there this test says so and skips (never a fake).
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const require = createRequire(import.meta.url);

function electronBinary(): string | null {
  const dir = dirname(require.resolve('electron/package.json'));
  const pathFile = join(dir, 'path.txt');
  if (!existsSync(pathFile)) return null;
  const bin = join(dir, 'dist', readFileSync(pathFile, 'utf8'));
  return existsSync(bin) ? bin : null;
}

const binary = electronBinary();
const display = process.platform !== 'linux' || Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY);
const reason = !binary
  ? 'the Electron binary is not installed (Electron downloads it on first run; this machine cannot reach its releases). The same renderer is tested in chromium against `exitscope serve`.'
  : !display ? 'no display (run under xvfb-run to include this test)' : '';

describe.skipIf(reason !== '')(`desktop app in Electron${reason ? ` — skipped: ${reason}` : ''}`, () => {
  it('opens the window with the secure bridge and lists the library', async () => {
    const { _electron } = await import('playwright-core');
    const ensure = spawnSync(process.execPath, [join(ROOT, 'scripts', 'ensure-electron-sqlite.mjs')], { encoding: 'utf8' });
    expect(ensure.status, ensure.stderr).toBe(0);
    const build = spawnSync(process.execPath, [join(ROOT, 'scripts', 'run-bin.mjs'), 'electron-vite', 'build', '--logLevel', 'warn'], { cwd: ROOT, encoding: 'utf8' });
    expect(build.status, build.stderr).toBe(0);
    const dir = mkdtempSync(join(tmpdir(), 'exitscope-electron-'));
    const app = await _electron.launch({
      executablePath: binary!,
      args: [ROOT],
      env: { ...process.env, EXITSCOPE_LIBRARY: join(dir, 'library.exitscope'), EXITSCOPE_SQLITE_BINDING: ensure.stdout.trim() },
    });
    try {
      const page = await app.firstWindow();
      await page.waitForLoadState('domcontentloaded');
      expect(await page.title()).toBe('ExitScope');
      // The preload exposed exactly the bridge, and no Node.
      expect(await page.evaluate(() => typeof (globalThis as unknown as { exitscope?: unknown }).exitscope)).toBe('object');
      expect(await page.evaluate(() => typeof (globalThis as unknown as { require?: unknown }).require)).toBe('undefined');
      const info = await page.evaluate(async () => (globalThis as unknown as { exitscope: { invoke(n: string, r: object): Promise<unknown> } }).exitscope.invoke('app/info', {}));
      expect(info).toMatchObject({ ok: true, value: { host: 'electron' } });
    } finally {
      await app.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
