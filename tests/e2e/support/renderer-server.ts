// Builds the renderer with vite's JS API into a temp dir and serves it, with a fresh temp
// library, through the real `exitscope serve` server started in-process.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'vite';
import { startServer, type RunningServer } from '../../../src/core/serve/server';
import { rendererConfig } from '../../../vite.renderer.config';

export interface ServedRenderer {
  url: string;
  libraryPath: string;
  /** A temp dir for the test's own files; removed on close. */
  workDir: string;
  /** The service behind the server, for tests that stand in for the Electron main process. */
  service: RunningServer['service'];
  close(): Promise<void>;
}

/** `token`: serve as `serve --allow-remote` does, requiring it on every request (url then carries it). */
export async function buildAndServeRenderer(options: { token?: string } = {}): Promise<ServedRenderer> {
  const dir = mkdtempSync(join(tmpdir(), 'exitscope-e2e-'));
  const rendererDir = join(dir, 'renderer');
  await build({
    ...rendererConfig,
    configFile: false,
    logLevel: 'warn',
    build: { ...rendererConfig.build, outDir: rendererDir, emptyOutDir: true },
  });
  const libraryPath = join(dir, 'library.exitscope');
  const server = await startServer({ host: '127.0.0.1', port: 0, libraryPath, rendererDir, token: options.token ?? null });
  const workDir = join(dir, 'work');
  mkdirSync(workDir);
  return {
    url: server.url,
    libraryPath,
    workDir,
    service: server.service,
    async close() {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
