// End to end in real chromium against `exitscope serve`: a generated KVM trace (several vCPUs,
// many reasons and ports) imported from a host path, then the Explore tab: the exit table
// filtered by reason (the total and every row checked against the store, the filter in the URL
// and undone by Back), an exit's detail checked field by field against the store, the timeline
// zoomed with the wheel and the keyboard down to individual exits, a Shift+drag window that
// filters the table, and an emulated run group whose detail shows the priced components.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateKvmTraceLines } from '../../bench/gen-kvm-trace';
import { openTraceDb } from '../../src/core/trace/store/open-trace-db';
import { CHROMIUM_MISSING, findChromium } from './support/chromium';
import type { ServedRenderer } from './support/renderer-server';
import { useServedApp } from './support/served-app';
import { parseCount, type TracePage } from './support/trace-page';

const SCREENSHOTS = fileURLToPath(new URL('../../test-results/e2e/', import.meta.url));
const screenshot = (page: Page, name: string): Promise<Buffer> => page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });

const executablePath = findChromium();
if (executablePath === null) console.warn(`[e2e] ${CHROMIUM_MISSING}`);

/** Waits poll the page from the test (the app's CSP forbids evaluated strings, and the Node tsconfig has no DOM types). */
const POLL = { timeout: 30_000, interval: 100 };

interface StoreExit { seq: number; reason: string; vcpu: number; port: number | null; mnemonic: string | null; device: string | null; latency_ns: number | null; time_ns: number }

describe.skipIf(executablePath === null)('explore every exit, in chromium against exitscope serve', () => {
  const app = useServedApp(executablePath ?? '', SCREENSHOTS);
  let served: ServedRenderer;
  let page: Page;
  let ui: TracePage;
  const store = <T>(sql: string, ...params: unknown[]): T[] => {
    const db = openTraceDb(served.libraryPath, { create: false, readonly: true });
    try {
      return db.prepare(sql).all(...params) as T[];
    } finally {
      db.close();
    }
  };
  const total = async (): Promise<number> => parseCount((await page.getByTestId('exit-total').textContent()) ?? '');
  const waitTotal = async (n: number): Promise<void> => {
    await expect.poll(() => total(), POLL).toBe(n);
  };

  beforeAll(async () => {
    ({ served, page, ui } = app);
    await page.setViewportSize({ width: 1440, height: 1000 });
    const path = join(served.libraryPath, '..', 'explore-trace.txt');
    writeFileSync(path, [...generateKvmTraceLines('tracefs', { lines: 90_000, seed: 3 })].join('\n') + '\n');
    // Imported from a host path (as the desktop app and the CLI do), so the detail can read its lines back.
    await served.service.call('traces/import', { importId: 'explore-e2e', source: { kind: 'path', path } });
    await page.reload();
    await ui.traceItems().first().click();
    await page.getByTestId('trace-view').waitFor();
    await page.getByTestId('tab-explore').click();
    await page.getByTestId('exit-row').first().waitFor();
  });

  it('lists every exit, the total from the store', async () => {
    const [{ n }] = store<{ n: number }>('SELECT COUNT(*) AS n FROM exits');
    await waitTotal(n!);
    const first = store<StoreExit>('SELECT seq FROM exits ORDER BY seq LIMIT 1')[0]!;
    expect(await page.getByTestId('exit-row').first().getAttribute('data-seq')).toBe(String(first.seq));
    await screenshot(page, 'explore-table');
  });

  it('filters by reason: the total and every row match the store, the URL holds the filter, Back undoes it', async () => {
    const all = await total();
    await page.getByTestId('filter-reason').selectOption('HLT');
    const [{ n }] = store<{ n: number }>("SELECT COUNT(*) AS n FROM exits WHERE reason = 'HLT'");
    await waitTotal(n!);
    expect(n).toBeLessThan(all);
    expect(new URL(page.url()).hash).toContain('reason=HLT');
    const seqs = await page.getByTestId('exit-row').evaluateAll((rows) => rows.map((r) => Number(r.getAttribute('data-seq'))));
    const want = store<StoreExit>("SELECT seq FROM exits WHERE reason = 'HLT' ORDER BY seq LIMIT ?", seqs.length).map((r) => r.seq);
    expect(seqs).toEqual(want);
    // Sort by latency, slowest first: the first row is the store's slowest HLT.
    await page.getByTestId('sort-measure').click();
    await page.getByTestId('sort-measure').click();
    expect(new URL(page.url()).hash).toContain('dir=desc');
    const slowest = store<StoreExit>("SELECT seq FROM exits WHERE reason = 'HLT' AND latency_ns IS NOT NULL ORDER BY latency_ns DESC LIMIT 1")[0]!;
    await expect.poll(() => page.getByTestId('exit-row').first().getAttribute('data-seq'), POLL).toBe(String(slowest.seq));
    await page.goBack();
    await page.goBack();
    await page.goBack();
    await waitTotal(all);
    expect(new URL(page.url()).hash).not.toContain('reason=');
    await page.goForward();
    await waitTotal(n!);
  });

  it('opens an exit and shows what the store holds for it', async () => {
    await page.getByTestId('filter-clear').click();
    await page.getByTestId('filter-port').fill('0x3f8');
    await page.getByTestId('filter-port').press('Enter');
    const [{ n }] = store<{ n: number }>('SELECT COUNT(*) AS n FROM exits WHERE port = 1016');
    await waitTotal(n!);
    const row = page.getByTestId('exit-row').nth(2);
    const seq = Number(await row.getAttribute('data-seq'));
    await row.click();
    const detail = page.getByTestId('exit-detail');
    await detail.getByTestId('detail-fields').waitFor();
    const e = store<StoreExit & { info1: string; line: number }>('SELECT * FROM exits WHERE seq = ?', seq)[0]!;
    const field = async (k: string): Promise<string> => ((await detail.locator(`[data-field="${k}"]`).textContent()) ?? '').trim();
    expect(await field('seq')).toBe(String(seq));
    expect(await field('port')).toBe('0x3f8');
    expect(await field('reason')).toBe(e.reason);
    expect(await field('vcpu')).toBe(String(e.vcpu));
    expect(await field('line')).toBe(String(e.line));
    // The exit qualification decoded: port 0x3f8.
    const reported = detail.getByTestId('detail-reported').first();
    expect(await reported.textContent()).toContain('port 0x3f8');
    // The raw line read back from the imported file is the kvm_exit at that line.
    await detail.locator('.raw .own').waitFor();
    expect(await detail.locator('.raw .own').textContent()).toContain('kvm_exit');
    // Neighbours are on the same vCPU.
    const neighbours = await detail.getByTestId('detail-neighbours').locator('button').allTextContents();
    const nSeqs = neighbours.map((t) => Number(t.replace('#', '')));
    expect(nSeqs.length).toBeGreaterThan(0);
    for (const s of nSeqs) expect(store<StoreExit>('SELECT vcpu FROM exits WHERE seq = ?', s)[0]!.vcpu).toBe(e.vcpu);
    expect(new URL(page.url()).hash).toContain(`sel=${seq}`);
    await screenshot(page, 'explore-exit-detail');
  });

  it('zooms the timeline with the wheel and keys down to single exits; Shift+drag filters the table to a window', async () => {
    await page.getByTestId('detail-close').click();
    await page.getByTestId('filter-clear').click();
    const canvas = page.getByTestId('timeline-canvas');
    const span = async (): Promise<number> => Number(await canvas.getAttribute('data-to')) - Number(await canvas.getAttribute('data-from'));
    const full = await span();
    await expect.poll(() => canvas.getAttribute('data-mode'), POLL).toBe('buckets');
    await screenshot(page, 'explore-timeline-overview');
    const box = (await canvas.boundingBox())!;
    await page.mouse.move(box.x + box.width * 0.6, box.y + box.height / 2);
    for (let i = 0; i < 4; i++) await page.mouse.wheel(0, -400);
    await expect.poll(() => span(), POLL).toBeLessThan(full / 4);
    await canvas.focus();
    for (let i = 0; i < 8; i++) await page.keyboard.press('+');
    await expect.poll(() => canvas.getAttribute('data-mode'), POLL).toBe('exits');
    expect(await span()).toBeLessThan(full / 100);
    expect(new URL(page.url()).hash).toMatch(/w0=\d+&w1=\d+/);
    await screenshot(page, 'explore-timeline-zoomed');
    await page.keyboard.press('0');
    await expect.poll(() => span(), POLL).toBeGreaterThan(full - 2);
    // Shift+drag over the middle fifth: the table shows that window's exits.
    const all = await total();
    const b = (await canvas.boundingBox())!;
    const y = b.y + b.height / 2;
    await page.keyboard.down('Shift');
    await page.mouse.move(b.x + 120 + (b.width - 120) * 0.4, y);
    await page.mouse.down();
    await page.mouse.move(b.x + 120 + (b.width - 120) * 0.5, y, { steps: 5 });
    await page.mouse.up();
    await page.keyboard.up('Shift');
    await expect.poll(() => total(), POLL).toBeLessThan(all);
    const hash = new URLSearchParams(new URL(page.url()).hash.slice(1));
    const [{ n }] = store<{ n: number }>('SELECT COUNT(*) AS n FROM exits WHERE time_ns >= ? AND time_ns <= ?', Number(hash.get('from')), Number(hash.get('to')));
    await waitTotal(n!);
    await screenshot(page, 'explore-window-filter');
  });

  it('an emulated run group: one lane set per mechanism; the detail prices each component from the profile', async () => {
    await served.service.call('runs/start', { runId: 'explore-e2e', workload: 'io_forms', mechanisms: ['trap', 'hypercall'], profileId: 'p4-2007', params: { iterations: 2 } });
    await page.reload();
    const trap = ui.traceItems().filter({ hasText: 'trap' }).first();
    await trap.click();
    await page.getByTestId('tab-explore').click();
    await page.getByTestId('exit-row').first().waitFor();
    await expect.poll(() => page.getByTestId('timeline-legend').locator('li').count(), POLL).toBeGreaterThan(0);
    await page.getByTestId('filter-text').fill('outsb');
    await page.getByTestId('filter-text').press('Enter');
    await expect.poll(() => page.getByTestId('exit-row').first().locator('[role="gridcell"]').nth(3).textContent(), POLL).toContain('outsb');
    await page.getByTestId('exit-row').first().click();
    const costs = page.getByTestId('exit-detail').getByTestId('detail-costs');
    await costs.locator('.param').first().waitFor();
    const text = (await costs.textContent()) ?? '';
    expect(text).toMatch(/entry/);
    expect(text).toMatch(/decode/);
    expect(await page.getByTestId('detail-insn').textContent()).toContain('outs');
    await screenshot(page, 'explore-emulated-detail');
  });
});
