// Reports through the service and the serve bridge: reports/export to a host path (what the
// desktop app calls after its save dialog), validation of report requests, cancel, and the GET
// download route (a run group's Markdown, a Perfetto stream, errors as readable JSON, and the
// command refused over HTTP because it writes a host path).
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { beforeAll, describe, expect, it } from 'vitest';
import { startServer } from '../../../src/core/serve/server';
import type { RunningServer } from '../../../src/core/serve/server';
import { HTTP_CSRF_HEADER, HTTP_ROUTES } from '../../../src/shared/contract';
import type { ReportProgressEvent } from '../../../src/shared/reports';
import { makeReportLibrary } from '../../helpers/report-library';
import type { ReportLibrary } from '../../helpers/report-library';
import { useTempDir } from '../../helpers/temp-dir';

const tempPath = useTempDir();
let server: RunningServer;
let lib: ReportLibrary;
let base: URL;

function get(path: string, headers: Record<string, string> = {}, method = 'GET', body?: string): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: base.hostname, port: base.port, method, path, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

beforeAll(async () => {
  lib = await makeReportLibrary(tempPath());
  const rendererDir = tempPath();
  mkdirSync(rendererDir);
  writeFileSync(`${rendererDir}/index.html`, '<!doctype html><title>ExitScope</title>');
  server = await startServer({ port: 0, libraryPath: lib.path, rendererDir });
  base = new URL(server.url);
  return () => server.close();
}, 180_000);

describe('reports/export through the service', () => {
  it('writes the run group of a trace to a host path, with progress events', async () => {
    const path = tempPath() + '.md';
    const events: ReportProgressEvent[] = [];
    const off = server.service.on('report/progress', (e) => events.push(e));
    const r = await server.service.call('reports/export', { reportId: 'r1', traceIds: [lib.group[1]], wholeGroup: true, format: 'md', path });
    off();
    expect(r).toMatchObject({ path, format: 'md', traces: 2 });
    expect(readFileSync(path, 'utf8')).toContain('## Savings');
    expect(events.length).toBeGreaterThan(0);
    expect(events.every((e) => e.reportId === 'r1')).toBe(true);
  });

  it('validates report requests and names the field', async () => {
    const ok = { reportId: 'r2', traceIds: [1], format: 'html', path: tempPath() };
    await expect(server.service.call('reports/export', { ...ok, format: 'docx' })).rejects.toThrow(/format: expected one of html, pdf, md, json, perfetto/);
    await expect(server.service.call('reports/export', { ...ok, traceIds: [] })).rejects.toThrow(/traceIds: expected at least one trace id/);
    await expect(server.service.call('reports/export', { ...ok, traceIds: [1, 1] })).rejects.toThrow(/once/);
    await expect(server.service.call('reports/export', { ...ok, format: 'perfetto', traceIds: [1, 2] })).rejects.toThrow(/Perfetto trace holds one trace/);
    await expect(server.service.call('reports/export', { ...ok, extra: 1 })).rejects.toThrow(/extra: unknown field/);
    const path = tempPath() + '.html';
    await expect(server.service.call('reports/export', { ...ok, traceIds: [404], path })).rejects.toThrow(/no trace with id 404/);
    expect(existsSync(path)).toBe(false);
    expect(await server.service.call('reports/cancel', { reportId: 'nothing' })).toEqual({ cancelled: false });
  });
});

describe('GET report download', () => {
  it('downloads a report as an attachment named after the trace', async () => {
    const r = await get(`${HTTP_ROUTES.exportReport}?traceIds=${lib.imported}&format=md&reportId=d1`);
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toMatch(/^text\/markdown/);
    expect(r.headers['content-disposition']).toBe(`attachment; filename="${lib.imported}-sample.md"`);
    expect(r.body.toString('utf8')).toMatch(/^# ExitScope report: sample/);
    const p = await get(`${HTTP_ROUTES.exportReport}?traceIds=${lib.group[0]}&format=perfetto&reportId=d2`);
    expect(p.status).toBe(200);
    expect((JSON.parse(p.body.toString('utf8')) as { traceEvents: unknown[] }).traceEvents.length).toBeGreaterThan(35);
  });

  it('answers a bad request or an unknown trace with a readable error', async () => {
    const bad = await get(`${HTTP_ROUTES.exportReport}?traceIds=1&format=exe&reportId=d3`);
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.body.toString('utf8'))).toMatchObject({ ok: false, error: { name: 'ValidationError', message: expect.stringMatching(/format/) } });
    const missing = await get(`${HTTP_ROUTES.exportReport}?traceIds=99&format=html&reportId=d4`);
    expect(missing.status).toBe(404);
    expect(JSON.parse(missing.body.toString('utf8'))).toMatchObject({ ok: false, error: { message: 'no trace with id 99' } });
  });

  it('refuses reports/export over HTTP: the browser cannot write host files', async () => {
    const r = await get('/api/cmd/reports/export', { 'content-type': 'application/json', [HTTP_CSRF_HEADER]: '1' }, 'POST',
      JSON.stringify({ reportId: 'x', traceIds: [1], format: 'html', path: '/tmp/x.html' }));
    expect(r.status).toBe(403);
    expect(r.body.toString('utf8')).toContain(HTTP_ROUTES.exportReport);
  });
});
