// The HTML report opened in real chromium with the network off: no request leaves the page (it
// is loaded from a file; its CSP forbids remote loads), no console error, every chart's canvas
// has drawn pixels, and the figures in its tables are the store's. The PDF (printed by the same
// chromium through playwright-core) has the tables' figures in its text (pdftotext) and no blank
// page (pdftoppm).
import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { makeReportLibrary, openReadonly, reportOf } from '../helpers/report-library';
import type { ReportLibrary } from '../helpers/report-library';
import { useTempDir } from '../helpers/temp-dir';
import { renderHtml } from '../../src/core/report/render-html';
import { count, cycles } from '../../src/core/report/format-figures';
import { htmlToPdf } from '../../src/core/report/render-pdf';
import type { Report } from '../../src/core/report/report-types';
import type { Db } from '../../src/core/trace/store/open-trace-db';
import { openBrowserSession } from './support/browser-session';
import type { BrowserSession } from './support/browser-session';
import { CHROMIUM_MISSING, findChromium } from './support/chromium';

const executablePath = findChromium();
const tempPath = useTempDir();

/** Structural stand-ins for the DOM types (the Node tsconfig has no DOM lib). */
interface CanvasLike { id: string; width: number; height: number; getContext(kind: '2d'): { getImageData(x: number, y: number, w: number, h: number): { data: ArrayLike<number> } } }
interface RowLike { querySelectorAll(s: string): ArrayLike<{ getAttribute(n: string): string | null; textContent: string | null }> }

describe.skipIf(executablePath === null)('HTML and PDF reports in chromium', () => {
  let lib: ReportLibrary;
  let db: Db;
  let session: BrowserSession;
  let group: Report;
  let imported: Report;
  const files: Record<string, string> = {};

  beforeAll(async () => {
    lib = await makeReportLibrary(tempPath());
    db = openReadonly(lib.path);
    group = await reportOf(db, [...lib.group]);
    imported = await reportOf(db, [lib.imported]);
    files.group = tempPath() + '.html';
    files.imported = tempPath() + '.html';
    writeFileSync(files.group, renderHtml(group));
    writeFileSync(files.imported, renderHtml(imported));
    session = await openBrowserSession(executablePath!, { offline: true });
    return async () => {
      await session.close();
      db.close();
    };
  });

  async function open(file: string): Promise<string[]> {
    const { page } = session;
    const requests: string[] = [];
    const url = pathToFileURL(file).href;
    const onRequest = (r: { url(): string }): void => void requests.push(r.url());
    page.on('request', onRequest);
    await page.goto(url);
    await page.waitForSelector('body[data-charts]');
    page.off('request', onRequest);
    return requests.filter((r) => r !== url);
  }

  async function table(name: string): Promise<Record<string, string>[]> {
    return session.page.locator(`table[data-table="${name}"] tbody tr`).evaluateAll((rows: RowLike[]) => rows.map((row) => {
      const cells: Record<string, string> = {};
      for (const c of Array.from(row.querySelectorAll('td[data-col]'))) cells[c.getAttribute('data-col') ?? ''] = (c.textContent ?? '').trim();
      return cells;
    }));
  }

  it('opens offline with no request, no console error and every chart drawn', async () => {
    for (const file of [files.group!, files.imported!]) {
      expect(await open(file)).toEqual([]);
      expect(session.takeConsoleErrors()).toEqual([]);
      const canvases = await session.page.locator('canvas').evaluateAll((cs: CanvasLike[]) => cs.map((c) => {
        const data = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
        let drawn = 0;
        for (let i = 3; i < data.length; i += 4) if (data[i]! > 0) drawn++;
        return { id: c.id, drawn, size: c.width * c.height };
      }));
      expect(canvases.length).toBeGreaterThanOrEqual(3);
      expect(await session.page.getAttribute('body', 'data-charts')).toBe(String(canvases.length));
      for (const c of canvases) expect(c.drawn, `${c.id} has drawn pixels`).toBeGreaterThan(c.size * 0.005);
    }
  });

  it('shows the store\u2019s figures in its tables', async () => {
    await open(files.imported!);
    const reasons = await table(`reasons-${lib.imported}`);
    const stored = db.prepare('SELECT reason, COUNT(*) AS n FROM exits WHERE trace_id = ? GROUP BY reason').all(lib.imported) as { reason: string; n: number }[];
    expect(Object.fromEntries(reasons.map((r) => [r.reason, r.count]))).toEqual(Object.fromEntries(stored.map((s) => [s.reason, count(s.n)])));
    expect(reasons.find((r) => r.reason === 'HLT')).toMatchObject({ p50: '500 µs', share: '94.9%' });
    expect(await session.page.textContent(`[data-trace="${lib.imported}"] [data-fact="exits"]`)).toBe('5');
    await open(files.group!);
    const savings = await table('savings');
    const sums = lib.group.map((id) => (db.prepare('SELECT SUM(cost_total) AS c, COUNT(*) AS n FROM exits_priced WHERE trace_id = ?').get(id) as { c: number; n: number }));
    expect(savings.map((s) => [s.mechanism, s.exits, s.cycles])).toEqual([['trap', count(sums[0]!.n), cycles(sums[0]!.c)], ['hypercall', count(sums[1]!.n), cycles(sums[1]!.c)]]);
    const costs = await table(`costs-${lib.group[0]}`);
    expect(costs.map((c) => c.form)).toEqual(group.traces[0]!.costs!.forms.map((f) => f.label));
    const params = await table(`params-${lib.group[0]}`);
    expect(params.map((p) => p.id)).toEqual(group.traces[0]!.costs!.parameters.map((p) => p.id));
    expect(params.every((p) => p.source !== '' && ['measured', 'manual', 'derived', 'assumed'].includes(p.kind!))).toBe(true);
  });

  it('forbids remote loads by its CSP and has a dark style', async () => {
    await open(files.imported!);
    const csp = await session.page.getAttribute('meta[http-equiv="Content-Security-Policy"]', 'content');
    expect(csp).toMatch(/default-src 'none'/);
    expect(csp).not.toMatch(/unsafe-inline'[^;]*script|script-src[^;]*unsafe/);
    const blocked = await session.page.evaluate(`new Promise((resolve) => {
      document.addEventListener('securitypolicyviolation', (e) => resolve(e.violatedDirective), { once: true });
      const img = document.createElement('img');
      img.src = 'https://example.com/x.png';
      document.body.append(img);
    })`);
    expect(blocked).toMatch(/img-src/);
    session.takeConsoleErrors(); // the violation itself is logged
    const light = await session.page.evaluate('getComputedStyle(document.body).backgroundColor');
    await session.page.emulateMedia({ colorScheme: 'dark' });
    const dark = await session.page.evaluate('getComputedStyle(document.body).backgroundColor');
    await session.page.emulateMedia({ colorScheme: 'light' });
    expect(light).toBe('rgb(255, 255, 255)');
    expect(dark).not.toBe(light);
  });

  it('prints a PDF whose text has the tables\u2019 figures and whose pages are not blank', async () => {
    const pdf = tempPath() + '.pdf';
    writeFileSync(pdf, await htmlToPdf(renderHtml(group), { chromiumPath: executablePath }));
    const text = spawnSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' });
    expect(text.status, text.stderr).toBe(0);
    for (const m of group.savings!.mechanisms) expect(text.stdout).toContain(cycles(m.exitCycles));
    for (const f of group.traces[0]!.forms) expect(text.stdout).toMatch(new RegExp(`\\b${f.mnemonic.replace(/[,]/g, '\\$&')}\\b`));
    expect(text.stdout).toContain('Profile parameters behind the components');
    const prefix = tempPath();
    const r = spawnSync('pdftoppm', ['-r', '24', '-gray', pdf, prefix]);
    expect(r.status, String(r.stderr)).toBe(0);
    const dir = join(prefix, '..');
    const pages = readdirSync(dir).filter((f) => f.startsWith(prefix.slice(dir.length + 1) + '-') && f.endsWith('.pgm'));
    expect(pages.length).toBeGreaterThanOrEqual(2);
    for (const p of pages) {
      const buf = readFileSync(join(dir, p));
      // PGM: "P5\n<w> <h>\n<max>\n" then one byte per pixel.
      const header = /^P5\s+(\d+)\s+(\d+)\s+(\d+)\s/.exec(buf.subarray(0, 40).toString('latin1'))!;
      const pixels = buf.subarray(header[0].length);
      let ink = 0;
      for (const v of pixels) if (v < 200) ink++;
      expect(ink / pixels.length, `${p} has ink`).toBeGreaterThan(0.005);
    }
  });
});

describe.skipIf(executablePath !== null)('HTML and PDF reports in chromium', () => {
  it.skip(CHROMIUM_MISSING, () => undefined);
});
