#!/usr/bin/env node
// Builds better-sqlite3 for Electron's ABI into .native/electron-<abi>/better_sqlite3.node,
// leaving node_modules/better-sqlite3/build (Node's ABI, used by npm test, the CLI and serve)
// untouched. The Electron main process loads this copy through better-sqlite3's nativeBinding
// option, so the two builds live side by side and neither run breaks the other.
// It compiles a private copy of the package's sources with node-gyp against Electron's
// headers (downloaded by node-gyp on first use). Exit code 0 when the addon is ready.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, copyFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);

export function electronAbi() {
  const dir = dirname(require.resolve('electron/package.json'));
  return {
    version: JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).version,
    abi: readFileSync(join(dir, 'abi_version'), 'utf8').trim(),
  };
}

export function electronSqlitePath() {
  return join(root, '.native', `electron-${electronAbi().abi}`, 'better_sqlite3.node');
}

function nodeGypBin() {
  try {
    return require.resolve('node-gyp/bin/node-gyp.js');
  } catch {
    // npm ships node-gyp with itself.
    const npmDir = process.env.npm_execpath ? dirname(dirname(process.env.npm_execpath)) : null;
    const candidate = npmDir ? join(npmDir, 'node_modules', 'node-gyp', 'bin', 'node-gyp.js') : null;
    if (candidate && existsSync(candidate)) return candidate;
    return null;
  }
}

export function ensureElectronSqlite({ quiet = false } = {}) {
  const target = electronSqlitePath();
  if (existsSync(target)) return { ok: true, path: target };
  const { version } = electronAbi();
  const gyp = nodeGypBin();
  if (!gyp) return { ok: false, message: 'node-gyp was not found (it ships with npm); cannot build better-sqlite3 for Electron.' };
  const src = dirname(require.resolve('better-sqlite3/package.json'));
  const work = mkdtempSync(join(tmpdir(), 'exitscope-sqlite-electron-'));
  try {
    cpSync(src, work, { recursive: true, filter: (p) => !p.includes(`${src}/build`) });
    if (!quiet) console.error(`building better-sqlite3 for Electron ${version} (ABI ${electronAbi().abi}) ...`);
    const env = { ...process.env };
    // A user-level npm `nodedir` would make node-gyp build against Node's headers instead.
    for (const k of Object.keys(env)) if (/^npm_config_(nodedir|target|runtime|disturl|dist_url)$/i.test(k)) delete env[k];
    const r = spawnSync(process.execPath, [gyp, 'rebuild', '--release', `--target=${version}`, '--runtime=electron',
      '--dist-url=https://electronjs.org/headers', `--arch=${process.arch}`], { cwd: work, env, stdio: quiet ? 'pipe' : 'inherit' });
    const built = join(work, 'build', 'Release', 'better_sqlite3.node');
    if (r.status !== 0 || !existsSync(built)) {
      return { ok: false, message: `node-gyp could not build better-sqlite3 for Electron ${version} (it needs Electron's headers from electronjs.org and a C++ toolchain).` };
    }
    mkdirSync(dirname(target), { recursive: true });
    copyFileSync(built, target);
    return { ok: true, path: target };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const r = ensureElectronSqlite();
  if (!r.ok) {
    console.error(r.message);
    process.exit(1);
  }
  console.log(r.path);
}
