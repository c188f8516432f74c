#!/usr/bin/env node
// The `exitscope` CLI entry point. It runs the compiled CLI in dist/cli (scripts/build-cli.mjs,
// built by `npm install`/`npm ci` and `npm test`) when every source it was built from is
// unchanged since the build (bundle-freshness.mjs); otherwise — a fresh edit, or no bundle — it
// runs the TypeScript sources through tsx, as before, and on a terminal says how to get the fast
// start back.
import { freshBundle } from './bundle-freshness.mjs';

const bundle = freshBundle(new URL('../', import.meta.url));
let main;
if (bundle) {
  ({ main } = await import(bundle.href));
} else {
  if (process.stderr.isTTY) process.stderr.write('exitscope: running from the TypeScript sources (changed since the last build); `npm run build:cli` restores the fast start\n');
  const { register } = await import('tsx/esm/api');
  register();
  ({ main } = await import('../src/core/cli/main.ts'));
}
process.exitCode = await main(process.argv.slice(2));
