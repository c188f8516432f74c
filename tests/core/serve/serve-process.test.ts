// `exitscope serve` as a real process, over real HTTP: loopback by default, --allow-remote with
// its access token (header, cookie from the printed URL), [::1], slow connections closed by the
// header and request timeouts, the upload limit (413, nothing left on disk), stale uploads
// removed at start, and a port in use reported in one line without creating the --db file.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { connect } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { HTTP_CSRF_HEADER, HTTP_TOKEN_HEADER } from '../../../src/shared/contract';
import { exitscope, startServe } from '../../helpers/cli-process';
import type { ServeProcess } from '../../helpers/cli-process';
import { useTempDir } from '../../helpers/temp-dir';

const tempPath = useTempDir();
let rendererDir: string;
let tmp: string; // TMPDIR of the servers: their upload directories live here

interface Reply { status: number; headers: Record<string, string | string[] | undefined>; text: string }

function http(url: URL, method: string, path: string, opts: { body?: string | Buffer; headers?: Record<string, string | number> } = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request({ host: url.hostname.replace(/^\[|\]$/g, ''), port: url.port, method, path, headers: opts.headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text }));
    });
    req.on('error', reject);
    req.end(opts.body);
  });
}

/**
 * Sends `head` on a raw connection (then, with `trickle`, one more header byte every 200 ms) and
 * resolves with ms until the server closed it (and what it sent).
 */
function closedAfter(url: URL, head: string, maxMs: number, trickle = false): Promise<{ ms: number; data: string }> {
  return new Promise((resolve, reject) => {
    const t0 = Date.now();
    let data = '';
    let drip: NodeJS.Timeout | undefined;
    const sock = connect({ host: url.hostname, port: Number(url.port) }, () => {
      sock.write(head);
      if (trickle) drip = setInterval(() => sock.write('x'), 200);
    });
    sock.setEncoding('utf8').on('data', (c: string) => (data += c));
    const guard = setTimeout(() => {
      sock.destroy();
      reject(new Error(`connection still open after ${maxMs} ms`));
    }, maxMs);
    sock.on('close', () => {
      clearTimeout(guard);
      clearInterval(drip);
      resolve({ ms: Date.now() - t0, data });
    });
    sock.on('error', () => undefined);
  });
}

beforeAll(() => {
  rendererDir = tempPath();
  mkdirSync(rendererDir);
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>ExitScope</title>');
  tmp = tempPath();
  mkdirSync(tmp);
});

describe('exitscope serve: where it listens', () => {
  it('refuses a non-loopback --host without --allow-remote, in one line with exit code 2', () => {
    const db = tempPath() + '.exitscope';
    const r = exitscope(['serve', '--host', '0.0.0.0', '--port', '0', '--db', db, '--renderer', rendererDir]);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe('exitscope serve: --host 0.0.0.0 is not a loopback address: anyone who can reach it would have the whole API. ' +
      'Add --allow-remote to serve it with a random access token, or leave --host out (127.0.0.1)\n');
    expect(existsSync(db)).toBe(false);
  });

  it('rejects --port in a form the docs do not allow', () => {
    const r = exitscope(['serve', '--port', '1e3', '--renderer', rendererDir]);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe('exitscope serve: --port: expected a whole number from 0 to 65535 in decimal digits, got "1e3"\n');
  });

  it('serves [::1] with a bracketed URL and accepts the Host header browsers send', async () => {
    const s = await startServe(['--host', '::1', '--port', '0', '--db', tempPath() + '.exitscope', '--renderer', rendererDir]);
    try {
      expect(s.url.href).toMatch(/^http:\/\/\[::1\]:\d+\/$/);
      const r = await http(s.url, 'GET', '/', { headers: { host: `[::1]:${s.url.port}` } });
      expect(r.status).toBe(200);
      expect((await http(s.url, 'GET', '/', { headers: { host: `evil.example:${s.url.port}` } })).status).toBe(421);
    } finally {
      await s.stop();
    }
  });

  it('reports a port in use in one line (exit 1) and creates no library file', async () => {
    const first = await startServe(['--port', '0', '--db', tempPath() + '.exitscope', '--renderer', rendererDir]);
    try {
      const db = join(tempPath(), 'lib.exitscope');
      const r = exitscope(['serve', '--port', first.url.port, '--db', db, '--renderer', rendererDir]);
      expect(r.stderr).toBe(`exitscope serve: port ${first.url.port} on 127.0.0.1 is already in use: stop what uses it, or pick another with --port N (--port 0: any free port)\n`);
      expect(r.status).toBe(1);
      expect(existsSync(db)).toBe(false);
    } finally {
      await first.stop();
    }
  });
});

describe('exitscope serve --allow-remote: the access token', () => {
  let s: ServeProcess;
  let token: string;
  beforeAll(async () => {
    s = await startServe(['--host', '0.0.0.0', '--allow-remote', '--port', '0', '--db', tempPath() + '.exitscope', '--renderer', rendererDir]);
    token = s.url.searchParams.get('token') ?? '';
  });
  afterAll(async () => s?.stop());

  it('prints a URL with a long random token', () => {
    expect(s.url.hostname).toBe('127.0.0.1');
    expect(token).toMatch(/^[A-Za-z0-9_-]{32}$/);
  });

  it('refuses every request without it, static files included', async () => {
    for (const path of ['/', '/index.html', '/api/events']) expect((await http(s.url, 'GET', path)).status).toBe(401);
    const api = await http(s.url, 'POST', '/api/cmd/traces/list', { body: '{}', headers: { [HTTP_CSRF_HEADER]: '1' } });
    expect(api.status).toBe(401);
    expect(JSON.parse(api.text)).toEqual({ ok: false, error: { name: 'ValidationError', message: 'this server requires its access token: open the URL it printed, or send the x-exitscope-token header' } });
    const wrong = await http(s.url, 'POST', '/api/cmd/traces/list', { body: '{}', headers: { [HTTP_CSRF_HEADER]: '1', [HTTP_TOKEN_HEADER]: token.slice(0, -1) + (token.endsWith('A') ? 'B' : 'A') } });
    expect(wrong.status).toBe(401);
  });

  it('accepts the header from any Host, and turns the printed URL into a cookie', async () => {
    const api = await http(s.url, 'POST', '/api/cmd/traces/list', { body: '{}', headers: { [HTTP_CSRF_HEADER]: '1', [HTTP_TOKEN_HEADER]: token, host: 'box.lan:1234' } });
    expect(api.status).toBe(200);
    expect(JSON.parse(api.text)).toEqual({ ok: true, value: [] });
    const open = await http(s.url, 'GET', `/?token=${token}`);
    expect(open.status).toBe(303);
    expect(open.headers.location).toBe('/');
    const cookie = String(open.headers['set-cookie']);
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Strict');
    const page = await http(s.url, 'GET', '/', { headers: { cookie: cookie.split(';')[0]! } });
    expect(page.status).toBe(200);
    expect(page.text).toContain('<title>ExitScope</title>');
  });
});

describe('exitscope serve: limits', () => {
  let s: ServeProcess;
  beforeAll(async () => {
    s = await startServe(['--port', '0', '--db', tempPath() + '.exitscope', '--renderer', rendererDir, '--max-upload-mb', '1', '--headers-timeout', '1', '--request-timeout', '2'], { TMPDIR: tmp });
  });
  afterAll(async () => s?.stop());
  const uploads = (): string[] => readdirSync(tmp).filter((d) => d.startsWith('exitscope-uploads-')).flatMap((d) => readdirSync(join(tmp, d)).filter((f) => f !== 'owner.pid'));

  it('closes a connection whose headers trickle in (slowloris)', async () => {
    const r = await closedAfter(s.url, `GET / HTTP/1.1\r\nHost: ${s.url.host}\r\nX-Slow: 1`, 8000, true);
    expect(r.ms).toBeGreaterThanOrEqual(900);
    expect(r.data).toMatch(/^HTTP\/1\.1 408/);
  });

  it('closes a connection that never sends anything', async () => {
    const r = await closedAfter(s.url, '', 8000);
    expect(r.ms).toBeGreaterThanOrEqual(900);
  });

  it('closes a request whose body never finishes', async () => {
    const r = await closedAfter(s.url, `PUT /api/upload?name=t.txt HTTP/1.1\r\nHost: ${s.url.host}\r\n${HTTP_CSRF_HEADER}: 1\r\nContent-Length: 1000\r\n\r\nonly a part`, 8000);
    expect(r.ms).toBeGreaterThanOrEqual(1900);
    // The server deletes the partial file once it sees the connection gone.
    await vi.waitFor(() => expect(uploads()).toEqual([]), { timeout: 3000 });
  });

  it('refuses an upload over the limit with 413, declared or streamed, and keeps nothing', async () => {
    const big = Buffer.alloc(1024 * 1024 + 1, 0x61);
    const declared = await http(s.url, 'PUT', '/api/upload?name=big.txt', { body: big, headers: { [HTTP_CSRF_HEADER]: '1', 'content-length': big.length } });
    expect(declared.status).toBe(413);
    expect(JSON.parse(declared.text)).toEqual({ ok: false, error: { name: 'ValidationError', message: 'upload larger than the limit of 1,048,576 bytes (serve --max-upload-mb)' } });
    const streamed = await http(s.url, 'PUT', '/api/upload?name=big.txt', { body: big, headers: { [HTTP_CSRF_HEADER]: '1', 'transfer-encoding': 'chunked' } }).catch(() => ({ status: 413, text: '', headers: {} }));
    expect(streamed.status).toBe(413);
    expect(uploads()).toEqual([]);
    const small = await http(s.url, 'PUT', '/api/upload?name=ok.txt', { body: 'fits', headers: { [HTTP_CSRF_HEADER]: '1' } });
    expect(small.status).toBe(200);
  });

  it('answers traces/import with a null body as a ValidationError', async () => {
    const r = await http(s.url, 'POST', '/api/cmd/traces/import', { body: 'null', headers: { [HTTP_CSRF_HEADER]: '1' } });
    expect(JSON.parse(r.text)).toEqual({ ok: false, error: { name: 'ValidationError', message: 'request: expected an object, got null' } });
  });
});

describe('exitscope serve: uploads left by a killed server', () => {
  it('removes them at start, and leaves those of a running server', async () => {
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout;
    const stale = join(tmp, 'exitscope-uploads-stale1');
    mkdirSync(stale);
    writeFileSync(join(stale, 'owner.pid'), dead);
    writeFileSync(join(stale, 'x-trace.txt'), 'left behind');
    const live = join(tmp, 'exitscope-uploads-live1');
    mkdirSync(live);
    writeFileSync(join(live, 'owner.pid'), String(process.pid));
    const s = await startServe(['--port', '0', '--db', tempPath() + '.exitscope', '--renderer', rendererDir], { TMPDIR: tmp });
    await s.stop();
    expect(existsSync(stale)).toBe(false);
    expect(existsSync(live)).toBe(true);
  });
});
