// `exitscope serve [--port N] [--host 127.0.0.1] [--db FILE]`: serves the app to a browser,
// bound to the same service the desktop app uses. Builds the renderer first if it is missing.
// Loopback only unless --allow-remote: then a random access token is made, printed once (in the
// URL to open) and required on every request. The port is bound before the library file is
// opened, so a port in use is one line and leaves nothing behind.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { SERVE_DEFAULTS, startServer } from '../../serve/server';
import type { RunningServer } from '../../serve/server';
import { isLoopback } from '../../serve/host-address';
import { newAccessToken } from '../../serve/access-token';
import { defaultLibraryPath } from '../../library-path';
import { appVersion } from '../../app-version';
import { ExitScopeError } from '../../errors';
import { parseArgs, parseIntArg } from '../args';
import type { CliCommand } from '../command';

const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));

export const serveCommand: CliCommand = {
  name: 'serve',
  summary: 'serve the ExitScope app to a browser on 127.0.0.1',
  usage: 'exitscope serve [--port N] [--host ADDR [--allow-remote]] [--db FILE] [--renderer DIR] [--max-upload-mb N] [--headers-timeout S] [--request-timeout S] [--json]',
  details: [
    `--port N            0..65535 (default 5173; 0 picks a free port)`,
    `--host ADDR         address to listen on (default 127.0.0.1; ::1 and localhost are loopback too)`,
    `--allow-remote      needed for any other address (0.0.0.0, a LAN address): a random access token is`,
    `                    printed once in the URL to open, and every request must carry it (cookie or`,
    `                    x-exitscope-token header); without it anyone who can reach the port has the API`,
    `--max-upload-mb N   largest trace upload accepted (default ${SERVE_DEFAULTS.maxUploadBytes / 1024 ** 2}); bigger ones get 413`,
    `--headers-timeout S seconds for a request's headers to arrive (default ${SERVE_DEFAULTS.headersTimeoutMs / 1000})`,
    `--request-timeout S seconds for a whole request, upload included (default ${SERVE_DEFAULTS.requestTimeoutMs / 1000})`,
    `--json              once listening, print {"url", "libraryPath", "remote"} as one line instead of the text`,
  ].join('\n'),
  async run(argv, io) {
    const args = parseArgs(argv, { values: ['port', 'host', 'db', 'renderer', 'max-upload-mb', 'headers-timeout', 'request-timeout'], booleans: ['allow-remote', 'json'] });
    const port = parseIntArg('--port', args.values.get('port') ?? '5173', 0, 65535);
    const host = args.values.get('host') ?? '127.0.0.1';
    const remote = !isLoopback(host);
    if (remote && !args.booleans.has('allow-remote')) {
      throw new ExitScopeError('ValidationError', `--host ${host} is not a loopback address: anyone who can reach it would have the whole API. ` +
        'Add --allow-remote to serve it with a random access token, or leave --host out (127.0.0.1)');
    }
    const maxUploadMb = args.values.has('max-upload-mb') ? parseIntArg('--max-upload-mb', args.values.get('max-upload-mb'), 1, 1024 ** 2) : null;
    const headersS = args.values.has('headers-timeout') ? parseIntArg('--headers-timeout', args.values.get('headers-timeout'), 1, 3600) : null;
    const requestS = args.values.has('request-timeout') ? parseIntArg('--request-timeout', args.values.get('request-timeout'), 1, 24 * 3600) : null;
    const rendererDir = args.values.get('renderer') ?? join(ROOT, 'out', 'renderer');
    if (!existsSync(join(rendererDir, 'index.html'))) {
      io.err(`building the renderer into ${rendererDir} ...\n`);
      const r = spawnSync(process.execPath, [join(ROOT, 'scripts', 'run-bin.mjs'), 'vite', 'build', '--config', join(ROOT, 'vite.renderer.config.ts'), '--logLevel', 'warn'], { stdio: 'inherit', cwd: ROOT });
      if (r.status !== 0) throw new ExitScopeError('ValidationError', 'building the renderer failed (see the output above)');
    }
    const libraryPath = args.values.get('db') ?? defaultLibraryPath();
    let server: RunningServer;
    try {
      server = await startServer({
        host, port, libraryPath, rendererDir, version: appVersion(), token: remote ? newAccessToken() : null,
        maxUploadBytes: maxUploadMb === null ? undefined : maxUploadMb * 1024 ** 2,
        headersTimeoutMs: headersS === null ? undefined : headersS * 1000,
        requestTimeoutMs: requestS === null ? undefined : requestS * 1000,
      });
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'EADDRINUSE') {
        io.err(`exitscope serve: port ${port} on ${host} is already in use: stop what uses it, or pick another with --port N (--port 0: any free port)\n`);
        return 1;
      }
      if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
        throw new ExitScopeError('ValidationError', `--host ${host}: not an address of this machine (${code})`);
      }
      throw err;
    }
    if (args.booleans.has('json')) io.out(JSON.stringify({ url: server.url, libraryPath, remote }) + '\n');
    else {
      io.out(`ExitScope is serving ${libraryPath}\nopen ${server.url} in a browser (Ctrl-C to stop)\n`);
      if (remote) {
        io.out('the token in that address is required on every request and is not shown again; anyone you give it to can use the whole API\n' +
          (/^(0\.0\.0\.0|::|\[::\])$/.test(host) ? 'from another machine, put this host\'s name or address in place of the loopback one\n' : ''));
      }
    }
    await new Promise<void>((resolve) => io.signal.addEventListener('abort', () => resolve(), { once: true }));
    await server.close();
    return 0;
  },
};
