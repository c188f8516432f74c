// `exitscope serve`: the same service the desktop app uses, bound to HTTP on 127.0.0.1, plus
// the built renderer as static files. Routes are the contract's HTTP_ROUTES:
//   POST /api/cmd/<command>   JSON request → JSON WireResult (payload validated by the service)
//   GET  /api/events          server-sent events: `event: <name>` + `data: <json>` (every EVENT_NAMES event)
//   PUT  /api/upload?name=    raw file body → { uploadId } (then traces/import with kind 'upload')
//   GET  /api/export/csv?traceId=N   the trace's exits as a CSV attachment
// Guards: the Host header must name this server (no DNS rebinding), and every mutating request
// must carry HTTP_CSRF_HEADER (a cross-site page cannot set it without a preflight we refuse).
// Host paths are never taken from the browser: imports come from uploads, exports are downloads.
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { EVENT_NAMES, HTTP_CSRF_HEADER, HTTP_ROUTES } from '../../shared/contract';
import type { WireResult } from '../../shared/contract';
import { ExitScopeError, toWireError } from '../errors';
import { ExitScopeService } from '../service/exitscope-service';
import { isCommandName } from '../service/validate-request';
import { serveStatic } from './static-files';
import { packageVersion } from '../package-version';

export interface ServeOptions {
  host?: string;
  port?: number;
  libraryPath: string;
  rendererDir: string;
  version?: string;
}

export interface RunningServer {
  url: string;
  service: ExitScopeService;
  close(): Promise<void>;
}

const MAX_JSON_BODY = 1 << 20;

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}

function sendError(res: ServerResponse, status: number, err: unknown): void {
  const body: WireResult<never> = { ok: false, error: toWireError(err) };
  sendJson(res, status, body);
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_JSON_BODY) throw new ExitScopeError('ValidationError', `request body larger than ${MAX_JSON_BODY} bytes`);
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.trim() === '') return {};
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new ExitScopeError('ValidationError', 'request body is not valid JSON');
  }
}

export async function startServer(options: ServeOptions): Promise<RunningServer> {
  const host = options.host ?? '127.0.0.1';
  const service = new ExitScopeService({ libraryPath: options.libraryPath, host: 'serve', version: options.version ?? packageVersion() });
  const sseClients = new Set<ServerResponse>();
  const unsubscribe = EVENT_NAMES.map((name) =>
    service.on(name, (payload) => {
      const frame = `event: ${name}\ndata: ${JSON.stringify(payload)}\n\n`;
      for (const client of sseClients) client.write(frame);
    }),
  );
  let allowedHosts = new Set<string>();

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (!res.headersSent) sendError(res, 500, err);
      else res.destroy();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!allowedHosts.has(req.headers.host ?? '')) {
      res.writeHead(421, { 'content-type': 'text/plain' }).end('misdirected request: unknown Host header');
      return;
    }
    const url = new URL(req.url ?? '/', `http://${req.headers.host}`);
    const method = req.method ?? 'GET';
    const mutating = method !== 'GET' && method !== 'HEAD';
    if (mutating && req.headers[HTTP_CSRF_HEADER] === undefined) {
      sendError(res, 403, new ExitScopeError('ValidationError', `missing ${HTTP_CSRF_HEADER} header`));
      return;
    }
    if (url.pathname.startsWith(HTTP_ROUTES.command) && method === 'POST') {
      const name = url.pathname.slice(HTTP_ROUTES.command.length);
      if (!isCommandName(name)) return sendError(res, 404, new ExitScopeError('NotFound', `unknown command ${name}`));
      if (name === 'traces/export-csv') {
        return sendError(res, 403, new ExitScopeError('ValidationError', `traces/export-csv writes a host file; in the browser use GET ${HTTP_ROUTES.exportCsv}?traceId=N`));
      }
      try {
        const payload = await readJson(req);
        if (name === 'traces/import' && (payload as { source?: { kind?: unknown } }).source?.kind === 'path') {
          throw new ExitScopeError('ValidationError', 'the browser cannot import by host path: upload the file, or use `exitscope import` on the host');
        }
        const value = await service.call(name, payload);
        sendJson(res, 200, { ok: true, value } satisfies WireResult<unknown>);
      } catch (err) {
        sendError(res, 200, err);
      }
      return;
    }
    if (url.pathname === HTTP_ROUTES.events && method === 'GET') {
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
      res.write(': connected\n\n');
      sseClients.add(res);
      const ping = setInterval(() => res.write(': ping\n\n'), 15_000);
      req.on('close', () => {
        clearInterval(ping);
        sseClients.delete(res);
      });
      return;
    }
    if (url.pathname === HTTP_ROUTES.upload && method === 'PUT') {
      const name = url.searchParams.get('name') || 'upload.txt';
      const uploadId = await service.uploads.receive(req, name);
      sendJson(res, 200, { uploadId });
      return;
    }
    if (url.pathname === HTTP_ROUTES.exportCsv && method === 'GET') {
      const traceId = Number(url.searchParams.get('traceId'));
      if (!Number.isSafeInteger(traceId) || traceId <= 0) return sendError(res, 400, new ExitScopeError('ValidationError', 'traceId: expected a positive integer'));
      let name: string;
      try {
        name = service.traceName(traceId);
      } catch (err) {
        return sendError(res, 404, err);
      }
      const file = (name.replace(/\.[A-Za-z0-9]{1,5}$/, '').replace(/[^A-Za-z0-9._-]/g, '_') || 'trace') + '.csv';
      res.writeHead(200, { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="${file}"` });
      await service.exportCsv(traceId, res);
      res.end();
      return;
    }
    if (method === 'GET' || method === 'HEAD') return serveStatic(options.rendererDir, req, res);
    res.writeHead(405, { 'content-type': 'text/plain' }).end('method not allowed');
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  allowedHosts = new Set([`${host}:${port}`, `localhost:${port}`]);
  const url = `http://${host}:${port}/`;
  return {
    url,
    service,
    close: async () => {
      for (const c of sseClients) c.end();
      unsubscribe.forEach((u) => u());
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
      service.close();
    },
  };
}
