// Finds how to start one of the core's worker-thread entries. From TypeScript sources (CLI, serve,
// tests run through tsx) the worker is the .ts entry, started through ts-worker-bootstrap.mjs
// (Node does not pass tsx's loader to new threads); from the Electron bundle it is the built .js
// entry that electron.vite.config.ts emits into out/main. Callers pass both names as literals
// (the desktop build test looks for the .js name in the bundle). Returns null when no worker can
// be started (e.g. tsx missing); callers then run the work in their own thread or say why not.
// The compiled CLI (dist/cli) starts its own built worker entries, found through a global.
import { createRequire } from 'node:module';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export interface WorkerEntry {
  url: URL;
  /** Set when `url` is the tsx bootstrap and this is the TypeScript entry it imports. */
  tsEntry?: string;
}

/**
 * `base` is the caller's import.meta.url; `tsName`/`jsName` its worker entry relative to the
 * caller's source file / to the bundle. A bundle may hold the caller in a chunk one directory
 * below out/main, so the .js entry is looked for there and one level up.
 */
export function findWorkerEntry(base: string, tsName: string, jsName: string): WorkerEntry | null {
  // The compiled CLI (scripts/build-cli.mjs) keeps each module's source URL as import.meta.url and
  // sets this global to its own directory, where it emits the .js worker entries.
  const bundleDir = (globalThis as { __exitscopeBundleDir?: unknown }).__exitscopeBundleDir;
  if (typeof bundleDir === 'string') {
    const candidate = new URL(jsName, bundleDir);
    if (candidate.protocol === 'file:' && existsSync(fileURLToPath(candidate))) return { url: candidate };
  }
  const fromSource = base.endsWith('.ts');
  if (!fromSource) {
    for (const candidate of [new URL(jsName, base), new URL(`../${jsName.replace(/^\.\//, '')}`, base)]) {
      if (candidate.protocol === 'file:' && existsSync(fileURLToPath(candidate))) return { url: candidate };
    }
    return null;
  }
  const url = new URL(tsName, base);
  if (url.protocol !== 'file:' || !existsSync(fileURLToPath(url))) return null;
  const bootstrap = new URL('./ts-worker-bootstrap.mjs', import.meta.url);
  if (!existsSync(fileURLToPath(bootstrap))) return null;
  try {
    createRequire(import.meta.url).resolve('tsx');
  } catch {
    return null;
  }
  return { url: bootstrap, tsEntry: url.href };
}
