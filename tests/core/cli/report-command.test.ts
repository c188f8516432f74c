// `exitscope report` and `exitscope export --perfetto/--parquet` as a user runs them: files and
// stdout, progress and results on stderr, bad arguments and a missing Chromium named clearly.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { makeReportLibrary } from '../../helpers/report-library';
import type { ReportLibrary } from '../../helpers/report-library';
import { useTempDir } from '../../helpers/temp-dir';

const tempPath = useTempDir();
const BIN = fileURLToPath(new URL('../../../bin/exitscope.mjs', import.meta.url));
let lib: ReportLibrary;

function exitscope(args: string[], env: NodeJS.ProcessEnv = {}): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', env: { ...process.env, ...env } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

beforeAll(async () => {
  lib = await makeReportLibrary(tempPath());
}, 180_000);

describe('exitscope report', () => {
  it('writes Markdown to stdout and a run group as one JSON report with its savings', () => {
    const md = exitscope(['report', String(lib.imported), '--format', 'md', '--db', lib.path]);
    expect(md.status, md.stderr).toBe(0);
    expect(md.stdout).toMatch(/^# ExitScope report: sample\n/);
    const out = tempPath() + '.json';
    const json = exitscope(['report', lib.group.join(','), '--format', 'json', '--out', out, '--db', lib.path]);
    expect(json.status, json.stderr).toBe(0);
    expect(json.stderr).toMatch(/wrote json report of 2 trace\(s\), [\d,]+ bytes, to /);
    const report = JSON.parse(readFileSync(out, 'utf8')) as { scope: string; savings: { mechanisms: { mechanism: string }[] } };
    expect(report.scope).toBe('run-group');
    expect(report.savings.mechanisms.map((m) => m.mechanism)).toEqual(['trap', 'hypercall']);
  });

  it('writes a self-contained HTML file', () => {
    const out = tempPath() + '.html';
    const r = exitscope(['report', `${lib.derived}`, '--format', 'html', '--out', out, '--db', lib.path]);
    expect(r.status, r.stderr).toBe(0);
    const html = readFileSync(out, 'utf8');
    expect(html).toMatch(/^<!DOCTYPE html>/);
    expect(html).not.toMatch(/<script[^>]+src=|<link[^>]+href=|https?:\/\/cdn/i);
    expect(html).toContain('Chart.js v4');
  });

  it('rejects bad arguments with exit code 2 and a message naming them', () => {
    expect(exitscope(['report', '1', '--format', 'docx', '--db', lib.path])).toMatchObject({ status: 2, stderr: expect.stringMatching(/--format must be one of html, pdf, md, json/) });
    expect(exitscope(['report', '1,x', '--format', 'md', '--db', lib.path])).toMatchObject({ status: 2, stderr: expect.stringMatching(/not a trace id: "x"/) });
    expect(exitscope(['report', '42', '--format', 'md', '--db', lib.path])).toMatchObject({ status: 2, stderr: expect.stringMatching(/no trace with id 42/) });
    expect(exitscope(['report', '1', '--format', 'md', '--exits', '--db', lib.path])).toMatchObject({ status: 2, stderr: expect.stringMatching(/--exits goes with --format json/) });
  });

  it('says what a PDF needs when no Chromium is found, and leaves no file behind', () => {
    const out = tempPath() + '.pdf';
    const r = exitscope(['report', '1', '--format', 'pdf', '--out', out, '--db', lib.path], { CHROMIUM_PATH: '/nonexistent/chromium' });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('CHROMIUM_PATH=/nonexistent/chromium does not exist');
    expect(r.stderr).toContain('apt-get install -y chromium');
    expect(existsSync(out)).toBe(false);
  });
});

describe('exitscope export --perfetto / --parquet', () => {
  it('writes a Perfetto trace of one trace and a Parquet dataset of several', () => {
    const file = tempPath() + '.json';
    const p = exitscope(['export', String(lib.group[0]), '--perfetto', file, '--db', lib.path]);
    expect(p.status, p.stderr).toBe(0);
    expect(p.stderr).toContain('ui.perfetto.dev');
    expect((JSON.parse(readFileSync(file, 'utf8')) as { traceEvents: unknown[] }).traceEvents.length).toBeGreaterThan(35);
    const dir = tempPath();
    const q = exitscope(['export', `${lib.imported},${lib.group[0]}`, '--parquet', dir, '--db', lib.path]);
    expect(q.status, q.stderr).toBe(0);
    expect(existsSync(`${dir}/exits/trace=${lib.imported}`)).toBe(true);
    expect(exitscope(['export', '1,2', '--perfetto', file, '--db', lib.path])).toMatchObject({ status: 2, stderr: expect.stringMatching(/--perfetto writes one trace/) });
  });
});
