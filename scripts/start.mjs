#!/usr/bin/env node
// `npm start` (and `npm run dev`): opens the ExitScope desktop window.
//  1. Make sure the Electron binary is there. Electron downloads it on first run from the
//     Electron project's releases; where that cannot be reached, stop at once with one clear
//     paragraph that points at `npm run serve` (the same app in a browser).
//  2. Make sure better-sqlite3 is built for Electron's ABI (a separate copy, see
//     ensure-electron-sqlite.mjs), so `npm test` and the CLI keep Node's build.
//  3. Build with electron-vite and launch (or run electron-vite's dev server with --dev).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureElectronSqlite } from './ensure-electron-sqlite.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const dev = process.argv.includes('--dev');

function explainAndExit(why) {
  console.error(
    `\nExitScope cannot open its desktop window here: ${why}\n` +
    'The desktop app runs on Electron, whose binary is downloaded from the Electron project\'s releases the first time ' +
    'it is started; this machine could not fetch or run it (no network access to those releases, or no display). ' +
    'Everything else works without it: run `npm run serve` and open the address it prints in a browser for the same app, ' +
    'or use the command line (`npx exitscope help`). On a machine with network access, `npm start` downloads Electron once and opens the window.\n');
  process.exit(1);
}

function electronBinary() {
  const dir = dirname(require.resolve('electron/package.json'));
  const pathFile = join(dir, 'path.txt');
  const present = () => existsSync(pathFile) && existsSync(join(dir, 'dist', readFileSync(pathFile, 'utf8')));
  if (!present()) {
    console.error('downloading the Electron binary (first run) ...');
    // Electron's installer prints a stack trace when the download fails: keep its output and show
    // only the cause (its error message line) inside the explanation.
    const r = spawnSync(process.execPath, [join(dir, 'install.js')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 120_000 });
    if (r.status !== 0 || !present()) {
      const cause = `${r.stderr ?? ''}\n${r.stdout ?? ''}`.split('\n').map((l) => l.trim())
        .find((l) => /error/i.test(l) && !l.startsWith('at ')) ?? (r.error ? r.error.message : `the installer exited with ${r.status}`);
      explainAndExit(`the Electron binary could not be downloaded (${cause.replace(/^Error:\s*/, '').slice(0, 200)}).`);
    }
  }
  return join(dir, 'dist', readFileSync(pathFile, 'utf8'));
}

const electron = electronBinary();
const sqlite = ensureElectronSqlite();
if (!sqlite.ok) explainAndExit(sqlite.message);

const env = { ...process.env, EXITSCOPE_SQLITE_BINDING: sqlite.path, ELECTRON_OVERRIDE_DIST_PATH: dirname(electron) };
const runBin = join(root, 'scripts', 'run-bin.mjs');
if (dev) {
  const r = spawnSync(process.execPath, [runBin, 'electron-vite', 'dev'], { stdio: 'inherit', cwd: root, env });
  process.exit(r.status ?? 1);
}
const build = spawnSync(process.execPath, [runBin, 'electron-vite', 'build'], { stdio: 'inherit', cwd: root, env });
if (build.status !== 0) process.exit(build.status ?? 1);
const run = spawnSync(electron, [root], { stdio: 'inherit', cwd: root, env });
if (run.error) explainAndExit(`Electron could not be started (${run.error.message}).`);
process.exit(run.status ?? 0);
