#!/usr/bin/env node
// Compiles the `exitscope` CLI with esbuild into dist/cli/ so it starts like a compiled program
// instead of compiling TypeScript through tsx on every call. Run by `npm install`/`npm ci`
// (package.json "prepare"), by `npm test` (pretest) and by `npm run build:cli`.
//   entries: src/core/cli/main.ts (exitscope.js) and the worker-thread entries the core starts
//   (run-worker.js, kvm-parse-worker.js); shared code goes to chunk-*.js beside them, so every
//   command the CLI registry imports is in the bundle without listing any here.
// `import.meta.url` in a bundled source is rewritten to that source file's own URL (relative
// to the bundle, so a moved checkout still works): code that finds files next to its module
// (workload images, the renderer, package.json) resolves them exactly as from the sources.
// Worker entries are found through the global the banner sets (src/core/worker-entry.ts).
// dist/cli/build-info.json, written last, lists every input with the build's start time;
// bin/exitscope.mjs runs the bundle only when no input changed since (else from the sources).
//   node scripts/build-cli.mjs [--out DIR] [--quiet] [--if-stale]   (--if-stale: skip when dist/cli is fresh)
// Exit 0 when built, or when esbuild is not installed (production install: the CLI then runs
// from the sources through tsx); 1 when the build fails.
import { chmodSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(fileURLToPath(new URL('..', import.meta.url)));
export const CLI_BUNDLE_DIR = join(root, 'dist', 'cli');

const ENTRIES = {
  exitscope: 'src/core/cli/main.ts',
  'run-worker': 'src/core/runs/run-worker.ts',
  'kvm-parse-worker': 'src/core/trace/import/kvm-parse-worker.ts',
};

/** esbuild plugin: import.meta.url → the source file's URL, relative to the bundle directory. */
function sourceUrlPlugin(outDir) {
  return {
    name: 'exitscope-source-url',
    setup(build) {
      build.onLoad({ filter: /\.[cm]?ts$/ }, (args) => {
        const text = readFileSync(args.path, 'utf8');
        if (!text.includes('import.meta.url')) return undefined;
        const rel = relative(outDir, args.path).split(sep).join('/');
        const expr = `new URL(${JSON.stringify(rel)}, import.meta.url).href`;
        return { contents: text.replaceAll('import.meta.url', expr), loader: 'ts' };
      });
    },
  };
}

export async function buildCli({ out = CLI_BUNDLE_DIR, quiet = false } = {}) {
  let esbuild;
  try {
    esbuild = await import('esbuild');
  } catch {
    if (!quiet) console.error('build-cli: esbuild is not installed; the exitscope CLI will run from the TypeScript sources (slower start)');
    return { built: false };
  }
  const startedAt = Date.now();
  // Build beside the target, then swap, so a CLI starting meanwhile sees a whole bundle or none.
  const tmp = `${out}.tmp-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  const result = await esbuild.build({
    absWorkingDir: root,
    entryPoints: ENTRIES,
    outdir: tmp,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    packages: 'external',
    chunkNames: 'chunk-[hash]',
    sourcemap: 'linked',
    metafile: true,
    logLevel: quiet ? 'error' : 'warning',
    banner: { js: 'globalThis.__exitscopeBundleDir ??= new URL(".", import.meta.url).href;' },
    plugins: [sourceUrlPlugin(out)],
  });
  const inputs = Object.keys(result.metafile.inputs).filter((p) => !p.startsWith('node_modules/'));
  writeFileSync(join(tmp, 'build-info.json'), JSON.stringify({ builtAt: startedAt, entries: ENTRIES, inputs }, null, 1) + '\n');
  rmSync(out, { recursive: true, force: true });
  mkdirSync(dirname(out), { recursive: true });
  try {
    renameSync(tmp, out);
  } catch {
    // Another build finished first with the same sources; keep its result.
    rmSync(tmp, { recursive: true, force: true });
  }
  // npm may install bin files without their execute bit; `npx exitscope` runs the file itself.
  try {
    chmodSync(join(root, 'bin', 'exitscope.mjs'), 0o755);
  } catch {
    // read-only checkout: `node bin/exitscope.mjs` still works
  }
  if (!quiet) console.error(`build-cli: compiled the exitscope CLI (${inputs.length} sources) into ${relative(root, out) || out} in ${Date.now() - startedAt} ms`);
  return { built: true, inputs: inputs.length };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const argv = process.argv.slice(2);
  const outIdx = argv.indexOf('--out');
  if (argv.includes('--if-stale') && outIdx < 0) {
    const { freshBundle } = await import('../bin/bundle-freshness.mjs');
    if (freshBundle(new URL('..', import.meta.url))) process.exit(0);
  }
  try {
    await buildCli({ out: outIdx >= 0 ? resolve(argv[outIdx + 1]) : CLI_BUNDLE_DIR, quiet: argv.includes('--quiet') });
  } catch (err) {
    console.error(`build-cli: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  }
}
