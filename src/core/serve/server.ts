// `exitscope serve`: the same service the desktop app uses, bound to HTTP on 127.0.0.1, plus
// the built renderer as static files. Routes are the contract's HTTP_ROUTES:
//   POST /api/cmd/<command>   JSON request → JSON WireResult (payload validated by the service)
//   GET  /api/events          server-sent events: `event: <name>` + `data: <json>` (every EVENT_NAMES event)
//   PUT  /api/upload?name=    raw file body → { uploadId } (then traces/import with kind 'upload')
//   GET  /api/export/csv?traceId=N   the trace's exits as a CSV attachment
//   GET  /api/export/report?traceIds=1,2&format=F&reportId=ID[&wholeGroup=1]   a report as an attachment (report-route.ts)
// Guards: on loopback the Host header must name this server (no DNS rebinding); with an access
// token (serve --allow-remote on another address) every request must carry it (access-token.ts)
// and the Host header is not checked; every mutating request must carry HTTP_CSRF_HEADER (a
// cross-site page cannot set it without a preflight we refuse). Host paths are never taken from
// the browser: imports come from uploads, exports are downloads.
// Limits: headers must arrive within headersTimeoutMs, and a connection quiet that long before or
// between requests is closed; a whole request must arrive within requestTimeoutMs. Answers are not
// timed (runs/start answers when its runs are stored, minutes later for a long run). An upload
// over maxUploadBytes is refused with 413 and deleted; uploads left by a killed server are
// removed at start. The port is bound before the library file is opened, so a
// port in use leaves no new file behind.
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { EVENT_NAMES, HTTP_CSRF_HEADER, HTTP_ROUTES, HTTP_TOKEN_QUERY } from '../../shared/contract';
import type { WireResult } from '../../shared/contract';
import { ExitScopeError, toWireError } from '../errors';
import { ExitScopeService } from '../service/exitscope-service';
import { isCommandName } from '../service/validate-request';
import { serveStatic } from './static-files';
import { cleanStaleUploads, UploadTooLargeError } from '../service/uploads';
import { ensureParentDir } from '../library-path';
import { displayHost, loopbackHostHeaders } from './host-address';
import { requestToken, sameToken, tokenCookie } from './access-token';
import { serveReport } from './report-route';
import { packageVersion } from '../package-version';

export interface ServeOptions {
  host?: string;
  port?: number;
  libraryPath: string;
  rendererDir: string;
  version?: string;
  /** Required on every request when set (serve --allow-remote); the Host header is then not checked. */
  token?: string | null;
  /** Largest upload accepted, bytes (default 4 GiB). */
  maxUploadBytes?: number;
  /** Time for a request's headers to arrive (default 20 s). */
  headersTimeoutMs?: number;
  /** Time for a whole request, body included, to arrive (default 10 min). */
  requestTimeoutMs?: number;
}

export const SERVE_DEFAULTS = { maxUploadBytes: 4 * 1024 ** 3, headersTimeoutMs: 20_000, requestTimeoutMs: 600_000 } as const;

export interface RunningServer {
  /** The address to open (with ?token= when a token is required). */
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
  const token = options.token ?? null;
  const maxUpload = options.maxUploadBytes ?? SERVE_DEFAULTS.maxUploadBytes;
  const headersTimeout = options.headersTimeoutMs ?? SERVE_DEFAULTS.headersTimeoutMs;
  const requestTimeout = Math.max(options.requestTimeoutMs ?? SERVE_DEFAULTS.requestTimeoutMs, headersTimeout);
  // Set once the port is bound (the library file is opened only then).
  let service!: ExitScopeService;
  const sseClients = new Set<ServerResponse>();
  let allowedHosts = new Set<string>();

  const server = createServer({
    headersTimeout, requestTimeout,
    // How often Node checks those two; its default (30 s) would let short limits run long.
    connectionsCheckingInterval: Math.max(100, Math.min(30_000, Math.floor(headersTimeout / 4))),
  }, (req, res) => {
    // While a request is being answered the connection may be quiet for long (a run); between
    // requests it may not (idleTimeout below).
    const socket = req.socket;
    socket.setTimeout(0);
    res.once('close', () => {
      if (!socket.destroyed) socket.setTimeout(headersTimeout);
    });
    handle(req, res).catch((err: unknown) => {
      if (!res.headersSent) sendError(res, 500, err);
      else res.destroy();
    });
  });
  // A connection that sends nothing (Node's headersTimeout starts with the first byte) or stays
  // quiet between requests for headersTimeout is closed.
  server.on('connection', (socket) => {
    socket.setTimeout(headersTimeout);
    socket.on('timeout', () => socket.destroy());
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (token === null && !allowedHosts.has((req.headers.host ?? '').toLowerCase())) {
      res.writeHead(421, { 'content-type': 'text/plain' }).end('misdirected request: unknown Host header');
      return;
    }
    const url = new URL(req.url ?? '/', 'http://serve.invalid');
    const method = req.method ?? 'GET';
    if (token !== null) {
      const fromQuery = url.searchParams.get(HTTP_TOKEN_QUERY);
      if (fromQuery !== null && method === 'GET' && sameToken(fromQuery, token)) {
        // The printed URL: keep the token in a cookie and drop it from the address bar.
        url.searchParams.delete(HTTP_TOKEN_QUERY);
        res.writeHead(303, { location: url.pathname + url.search, 'set-cookie': tokenCookie(token), 'cache-control': 'no-store' }).end();
        return;
      }
      if (!sameToken(requestToken(req), token)) {
        res.setHeader('connection', 'close');
        sendError(res, 401, new ExitScopeError('ValidationError', 'this server requires its access token: open the URL it printed, or send the x-exitscope-token header'));
        return;
      }
    }
    const mutating = method !== 'GET' && method !== 'HEAD';
    if (mutating && req.headers[HTTP_CSRF_HEADER] === undefined) {
      sendError(res, 403, new ExitScopeError('ValidationError', `missing ${HTTP_CSRF_HEADER} header`));
      return;
    }
    if (url.pathname.startsWith(HTTP_ROUTES.command) && method === 'POST') {
      const name = url.pathname.slice(HTTP_ROUTES.command.length);
      if (!isCommandName(name)) return sendError(res, 404, new ExitScopeError('NotFound', `unknown command ${name}`));
      if (name === 'reports/export') {
        return sendError(res, 403, new ExitScopeError('ValidationError', `reports/export writes a host file; in the browser use GET ${HTTP_ROUTES.exportReport}`));
      }
      if (name === 'traces/export-csv') {
        return sendError(res, 403, new ExitScopeError('ValidationError', `traces/export-csv writes a host file; in the browser use GET ${HTTP_ROUTES.exportCsv}?traceId=N`));
      }
      try {
        const payload = await readJson(req);
        const source = typeof payload === 'object' && payload !== null ? (payload as { source?: unknown }).source : undefined;
        if (name === 'traces/import' && typeof source === 'object' && source !== null && (source as { kind?: unknown }).kind === 'path') {
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
      const declared = Number(req.headers['content-length'] ?? NaN);
      const tooLarge = (): void => {
        res.setHeader('connection', 'close');
        sendError(res, 413, new UploadTooLargeError(maxUpload));
        req.resume();
      };
      if (Number.isFinite(declared) && declared > maxUpload) return tooLarge();
      try {
        const uploadId = await service.uploads.receive(req, name, maxUpload);
        sendJson(res, 200, { uploadId });
      } catch (err) {
        if (err instanceof UploadTooLargeError) return tooLarge();
        throw err;
      }
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
    if (url.pathname === HTTP_ROUTES.exportReport && method === 'GET') return serveReport(service, url, res, (status, err) => sendError(res, status, err));
    if (method === 'GET' || method === 'HEAD') return serveStatic(options.rendererDir, req, res);
    res.writeHead(405, { 'content-type': 'text/plain' }).end('method not allowed');
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host.replace(/^\[|\]$/g, ''), () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  try {
    cleanStaleUploads();
    ensureParentDir(options.libraryPath);
    service = new ExitScopeService({ libraryPath: options.libraryPath, host: 'serve', version: options.version ?? packageVersion() });
  } catch (err) {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    throw err;
  }
  const unsubscribe = EVENT_NAMES.map((name) =>
    service.on(name, (payload) => {
      const frame = `event: ${name}\ndata: ${JSON.stringify(payload)}\n\n`;
      for (const client of sseClients) client.write(frame);
    }),
  );
  allowedHosts = loopbackHostHeaders(host, port);
  const url = `http://${displayHost(host)}:${port}/${token !== null ? `?${HTTP_TOKEN_QUERY}=${token}` : ''}`;
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
