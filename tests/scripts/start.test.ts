// `npm start` where Electron cannot be downloaded (its mirror pointed at a closed local port):
// one explanation, with the download's cause in it, and no stack trace from Electron's installer.
// Skipped where the Electron binary is already installed (start would open the window).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { useTempDir } from '../helpers/temp-dir';

const tempPath = useTempDir();
const START = fileURLToPath(new URL('../../scripts/start.mjs', import.meta.url));
const electronInstalled = existsSync(join(dirname(createRequire(import.meta.url).resolve('electron/package.json')), 'path.txt'));

describe.skipIf(electronInstalled)('npm start without Electron', () => {
  it('explains in one paragraph, without a stack trace', () => {
    const r = spawnSync(process.execPath, [START], {
      encoding: 'utf8', timeout: 120_000,
      env: { ...process.env, ELECTRON_MIRROR: 'http://127.0.0.1:9/', electron_config_cache: tempPath() },
    });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('ExitScope cannot open its desktop window here: the Electron binary could not be downloaded (');
    expect(r.stderr).toContain('run `npm run serve`');
    expect(r.stderr).not.toMatch(/\n\s+at /);
  }, 150_000);
});
