// electron-vite build of the desktop app: main (Node, ESM), preload (sandboxed, so CommonJS
// with only `electron` external and the shared contract bundled in), renderer (the same Vite
// config `exitscope serve` builds, from vite.renderer.config.ts). The guest workloads' built
// images (src/core/workloads/bin) are data the core reads relative to its own module URL, so the
// main build copies them to out/main/bin, where the bundled core looks for them.
import { defineConfig } from 'electron-vite';
import type { Plugin } from 'vite';
import { cpSync } from 'node:fs';
import { resolve } from 'node:path';
import { rendererConfig } from './vite.renderer.config';

/** Copies the workload images next to the main bundle (binaries.ts: DEFAULT_BIN_DIR = ./bin). */
const workloadImages = (): Plugin => ({
  name: 'exitscope-workload-images',
  apply: 'build',
  writeBundle(options) {
    const outDir = options.dir ?? resolve(__dirname, 'out/main');
    cpSync(resolve(__dirname, 'src/core/workloads/bin'), resolve(outDir, 'bin'), { recursive: true, filter: (src) => !src.endsWith('.md') });
  },
});

export default defineConfig({
  main: {
    plugins: [workloadImages()],
    build: {
      externalizeDeps: true,
      rolldownOptions: {
        input: {
          index: resolve(__dirname, 'src/main/index.ts'),
          // Imports parse KVM text in this worker thread (see src/core/trace/import/kvm-parse-source.ts).
          'kvm-parse-worker': resolve(__dirname, 'src/core/trace/import/kvm-parse-worker.ts'),
          // Emulated runs execute the guest and the hypervisor model in this worker thread (see src/core/runs/run-in-worker.ts).
          'run-worker': resolve(__dirname, 'src/core/runs/run-worker.ts'),
        },
        // Shared chunks next to the entries, not in a subdirectory: core modules that find files
        // relative to their own module URL (workload binaries, profiles) then resolve the same
        // whether they end up in an entry or in a chunk.
        output: { chunkFileNames: '[name]-[hash].js' },
      },
    },
  },
  preload: {
    build: {
      // A sandboxed preload can only require('electron'): bundle everything else.
      externalizeDeps: false,
      rolldownOptions: {
        input: { index: resolve(__dirname, 'src/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    ...rendererConfig,
    build: { ...rendererConfig.build, outDir: resolve(__dirname, 'out/renderer') },
  },
});
