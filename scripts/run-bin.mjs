#!/usr/bin/env node
// Runs a dependency's command-line entry point with the current Node, by reading the
// package's "bin" field. npm on some machines leaves bin files without their execute bit
// (seen with electron-vite), so `npm run` scripts never rely on node_modules/.bin being runnable.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

// bin name -> package that provides it (where they differ)
const PROVIDERS = { tsc: 'typescript', 'vue-tsc': 'vue-tsc', 'electron-vite': 'electron-vite' };

const [name, ...args] = process.argv.slice(2);
if (!name) {
  console.error('usage: node scripts/run-bin.mjs <bin> [args...]');
  process.exit(2);
}
const require = createRequire(import.meta.url);
const pkgName = PROVIDERS[name] ?? name;
const pkgJsonPath = require.resolve(`${pkgName}/package.json`);
const pkg = require(pkgJsonPath);
const binField = typeof pkg.bin === 'string' ? { [pkg.name]: pkg.bin } : (pkg.bin ?? {});
const rel = binField[name];
if (!rel) {
  console.error(`run-bin: package ${pkgName} has no bin named ${name}`);
  process.exit(2);
}
const result = spawnSync(process.execPath, [join(dirname(pkgJsonPath), rel), ...args], { stdio: 'inherit' });
if (result.error) throw result.error;
process.exit(result.status ?? 1);
