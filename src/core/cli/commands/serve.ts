// `exitscope serve [--port N] [--host 127.0.0.1] [--db FILE]`: serves the app to a browser,
// bound to the same service the desktop app uses. Builds the renderer first if it is missing.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { startServer } from '../../serve/server';
import { defaultLibraryPath, ensureParentDir } from '../../library-path';
import { ExitScopeError } from '../../errors';
import { parseArgs } from '../args';
import type { CliCommand } from '../command';

const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));

export const serveCommand: CliCommand = {
  name: 'serve',
  summary: 'serve the ExitScope app to a browser on 127.0.0.1',
  usage: 'exitscope serve [--port N] [--host ADDR] [--db FILE] [--renderer DIR]',
  async run(argv, io) {
    const args = parseArgs(argv, { values: ['port', 'host', 'db', 'renderer'] });
    const port = Number(args.values.get('port') ?? 5173);
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new ExitScopeError('ValidationError', `--port: expected 0..65535, got ${args.values.get('port')}`);
    const host = args.values.get('host') ?? '127.0.0.1';
    const rendererDir = args.values.get('renderer') ?? join(ROOT, 'out', 'renderer');
    if (!existsSync(join(rendererDir, 'index.html'))) {
      io.err(`building the renderer into ${rendererDir} ...\n`);
      const r = spawnSync(process.execPath, [join(ROOT, 'scripts', 'run-bin.mjs'), 'vite', 'build', '--config', join(ROOT, 'vite.renderer.config.ts'), '--logLevel', 'warn'], { stdio: 'inherit', cwd: ROOT });
      if (r.status !== 0) throw new ExitScopeError('ValidationError', 'building the renderer failed (see the output above)');
    }
    const libraryPath = args.values.get('db') ?? defaultLibraryPath();
    ensureParentDir(libraryPath);
    const server = await startServer({ host, port, libraryPath, rendererDir });
    io.out(`ExitScope is serving ${libraryPath}\nopen ${server.url} in a browser (Ctrl-C to stop)\n`);
    await new Promise<void>((resolve) => io.signal.addEventListener('abort', () => resolve(), { once: true }));
    await server.close();
    return 0;
  },
};
