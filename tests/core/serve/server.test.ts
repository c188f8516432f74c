// The serve bridge over real HTTP on 127.0.0.1 against a real trace file: routing, the Host
// and CSRF guards, request validation, upload → import with progress events, CSV download,
// and that a failed import leaves the library as it was.
import { mkdirSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer } from '../../../src/core/serve/server';
import type { RunningServer } from '../../../src/core/serve/server';
import { HTTP_CSRF_HEADER } from '../../../src/shared/contract';
import type { WireResult } from '../../../src/shared/contract';
import type { TraceListItem, TraceSummary } from '../../../src/shared/dto';
import { EXPECTED, SAMPLE_TRACEFS } from '../../helpers/sample-trace';
import { useTempDir } from '../../helpers/temp-dir';

const tempPath = useTempDir();
let server: RunningServer;
let base: URL;

function raw(method: string, path: string, opts: { body?: string; headers?: Record<string, string> } = {}): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: base.hostname, port: base.port, method, path, headers: opts.headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text }));
    });
    req.on('error', reject);
    req.end(opts.body);
  });
}

async function call<T>(name: string, body: unknown): Promise<WireResult<T>> {
  const r = await raw('POST', `/api/cmd/${name}`, { body: JSON.stringify(body), headers: { 'content-type': 'application/json', [HTTP_CSRF_HEADER]: '1' } });
  expect(r.status).toBe(200);
  return JSON.parse(r.text) as WireResult<T>;
}

async function upload(name: string, text: string): Promise<string> {
  const r = await raw('PUT', `/api/upload?name=${encodeURIComponent(name)}`, { body: text, headers: { [HTTP_CSRF_HEADER]: '1' } });
  expect(r.status).toBe(200);
  return (JSON.parse(r.text) as { uploadId: string }).uploadId;
}

beforeAll(async () => {
  const rendererDir = tempPath();
  mkdirSync(rendererDir);
  writeFileSync(`${rendererDir}/index.html`, '<!doctype html><title>ExitScope</title>');
  server = await startServer({ port: 0, libraryPath: tempPath() + '.exitscope', rendererDir });
  base = new URL(server.url);
});
afterAll(async () => server?.close());

describe('exitscope serve', () => {
  it('serves the renderer with a strict CSP and refuses paths outside it', async () => {
    const r = await raw('GET', '/');
    expect(r.status).toBe(200);
    expect(r.text).toContain('<title>ExitScope</title>');
    expect(String(r.headers['content-security-policy'])).toContain("default-src 'self'");
    expect((await raw('GET', '/../package.json')).status).toBe(404);
    expect((await raw('GET', '/%2e%2e/package.json')).status).toBe(404);
  });

  it('rejects a foreign Host header (DNS rebinding) and a POST without the CSRF header', async () => {
    expect((await raw('GET', '/', { headers: { host: 'evil.example:80' } })).status).toBe(421);
    const r = await raw('POST', '/api/cmd/traces/list', { body: '{}', headers: { 'content-type': 'application/json' } });
    expect(r.status).toBe(403);
  });

  it('validates payloads and names the bad field', async () => {
    const r = await call('traces/summary', { traceId: 'seven' });
    expect(r).toEqual({ ok: false, error: { name: 'ValidationError', message: 'traceId: expected a positive integer, got string' } });
    const extra = await call('traces/list', { sneaky: true });
    expect(extra.ok).toBe(false);
    expect((await raw('POST', '/api/cmd/no/such', { body: '{}', headers: { [HTTP_CSRF_HEADER]: '1' } })).status).toBe(404);
  });

  it('never takes host paths from the browser', async () => {
    const r = await call('traces/import', { importId: 'x', source: { kind: 'path', path: '/etc/passwd' } });
    expect(r.ok).toBe(false);
    const e = await raw('POST', '/api/cmd/traces/export-csv', { body: JSON.stringify({ traceId: 1, path: '/tmp/x.csv' }), headers: { [HTTP_CSRF_HEADER]: '1' } });
    expect(e.status).toBe(403);
  });

  it('imports an uploaded trace, pushes events, summarizes it and exports its CSV', async () => {
    const events: string[] = [];
    const sse = request({ host: base.hostname, port: base.port, path: '/api/events' }, (res) => {
      res.setEncoding('utf8');
      res.on('data', (c: string) => events.push(c));
    });
    sse.end();
    await new Promise((r) => setTimeout(r, 100));

    const uploadId = await upload('sample trace.txt', SAMPLE_TRACEFS);
    const imported = await call<{ traceId: number; exits: number; lines: number }>('traces/import', { importId: 'imp-1', source: { kind: 'upload', uploadId } });
    expect(imported.ok).toBe(true);
    if (!imported.ok) return;
    expect(imported.value.exits).toBe(EXPECTED.exits);

    const list = await call<TraceListItem[]>('traces/list', {});
    expect(list.ok && list.value.map((t) => [t.name, t.sourcePath])).toEqual([['sample trace.txt', 'sample trace.txt']]);

    const summary = await call<TraceSummary>('traces/summary', { traceId: imported.value.traceId });
    expect(summary.ok).toBe(true);
    if (!summary.ok) return;
    expect(Object.fromEntries(summary.value.reasons.map((r) => [r.reason, r.count]))).toEqual(EXPECTED.reasons);
    expect(summary.value.userspaceExits).toBe(EXPECTED.userspaceExits);

    const csv = await raw('GET', `/api/export/csv?traceId=${imported.value.traceId}`);
    expect(csv.status).toBe(200);
    expect(String(csv.headers['content-disposition'])).toContain('filename="sample_trace.csv"');
    const rows = csv.text.trim().split('\n');
    expect(rows[0]!.split(',').slice(0, 4)).toEqual(['seq', 'time_ns', 'vcpu', 'rip']);
    expect(rows).toHaveLength(EXPECTED.exits + 1);

    await new Promise((r) => setTimeout(r, 100));
    sse.destroy();
    const stream = events.join('');
    expect(stream).toContain('event: import/progress');
    expect(stream).toContain('event: traces/changed');
  });

  it('reports a file with no KVM events clearly and stores nothing', async () => {
    const before = await call<TraceListItem[]>('traces/list', {});
    const uploadId = await upload('notes.txt', 'hello\nthis is not a trace\n');
    const r = await call('traces/import', { importId: 'imp-2', source: { kind: 'upload', uploadId } });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.name).toBe('ImportError');
      // Named by the user's file name, never by the server's temporary upload path.
      expect(r.error.message).toMatch(/^no KVM exits in notes\.txt: 2 lines read/);
    }
    expect(await call('traces/list', {})).toEqual(before);
  });
});
