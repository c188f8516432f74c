// End to end in real chromium against `exitscope serve` (fresh temp library): an imported KVM
// trace and two emulated runs of outl_to_kernel (trap and ring, profile p4-2007) are compared
// side by side and the compare view must show what the library file holds (read back here with
// better-sqlite3); the perf-kvm-stat view, its vCPU filter and the ring run's port operations
// are checked the same way; a trace is renamed; dark mode follows the OS and the toggle; the
// keyboard shortcuts and their help overlay work; at 1280×800 nothing overflows the window.
// Screenshots of each view go to test-results/e2e/.
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type BetterSqlite3 from 'better-sqlite3';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM_MISSING, findChromium } from './support/chromium';
import type { ServedRenderer } from './support/renderer-server';
import { useServedApp } from './support/served-app';
import { parseCount, type TracePage } from './support/trace-page';
import { findProfile, loadProfiles } from '../../src/core/cost/index';
import { repriceTrace } from '../../src/core/vmm/reprice-trace';

const Database = createRequire(import.meta.url)('better-sqlite3') as typeof BetterSqlite3;
const FIXTURE = fileURLToPath(new URL('../fixtures/e2e/kvm-tracefs-two-vcpus.txt', import.meta.url));
const SCREENSHOTS = fileURLToPath(new URL('../../test-results/e2e/', import.meta.url));
const VERSION = (JSON.parse(readFileSync(fileURLToPath(new URL('../../package.json', import.meta.url)), 'utf8')) as { version: string }).version;
const screenshot = (page: Page, name: string): Promise<Buffer> => page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });

function query<T>(path: string, sql: string, ...params: unknown[]): T[] {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    return db.prepare(sql).all(...params) as T[];
  } finally {
    db.close();
  }
}

const executablePath = findChromium();
if (executablePath === null) console.warn(`[e2e] ${CHROMIUM_MISSING}`);

describe.skipIf(executablePath === null)('compare, exit statistics, dark mode and shortcuts in chromium', () => {
  const app = useServedApp(executablePath ?? '', SCREENSHOTS);
  let served: ServedRenderer;
  let page: Page;
  let ui: TracePage;
  let imported: number;
  let trap: number;
  let ring: number;

  beforeAll(async () => {
    ({ served, page, ui } = app);
    await page.emulateMedia({ colorScheme: 'light' });
    await ui.importFile(FIXTURE);
    await page.getByTestId('trace-view').waitFor();
    const run = await served.service.call('runs/start', { runId: 'e2e-compare', workload: 'outl_to_kernel', mechanisms: ['trap', 'ring'], profileId: 'p4-2007', params: { iterations: 150 } });
    [trap, ring] = run.runs.map((r) => r.traceId) as [number, number];
    imported = query<{ id: number }>(served.libraryPath, "SELECT id FROM traces WHERE kind = 'imported'")[0]!.id;
    await page.locator('[data-testid="trace-item"]').nth(2).waitFor();
    expect(await page.locator('[data-testid="trace-item"]').count()).toBe(3);
  }, 120_000);

  it('shows the real version in the header', async () => {
    expect(await page.getByTestId('app-version').textContent()).toContain(`v${VERSION} · serve`);
  });

  it('compares two runs ticked in the list, figures as the library holds them', async () => {
    await page.locator(`[data-testid="trace-check"][data-trace-id="${trap}"]`).check();
    await page.locator(`[data-testid="trace-check"][data-trace-id="${ring}"]`).check();
    await page.getByTestId('compare-button').click();
    await page.getByTestId('compare-view').waitFor();
    await page.locator('[data-testid="compare-table-reason"] [data-testid="table-row"]').first().waitFor();
    const rows = await ui.readTable('compare-table-reason');
    const stored = query<{ t: number; reason: string; n: number }>(served.libraryPath, 'SELECT trace_id AS t, reason, COUNT(*) AS n FROM exits WHERE trace_id IN (?, ?) GROUP BY 1, 2', trap, ring);
    for (const s of stored) {
      const row = rows.find((r) => r.group === s.reason);
      expect(row?.[s.t === trap ? 'v0' : 'v1'], `${s.reason} of trace ${s.t} in ${JSON.stringify(rows)}`).toBe(new Intl.NumberFormat('en-US').format(s.n));
    }
    const io = rows.find((r) => r.group === 'IO_INSTRUCTION')!;
    const trapIo = stored.find((s) => s.t === trap && s.reason === 'IO_INSTRUCTION')!.n;
    expect(io.d1).toBe(`−${new Intl.NumberFormat('en-US').format(trapIo)}`);
    // Port operations: the ring run's doorbells carry the trap run's operations, each on its own port.
    await page.getByTestId('compare-dim-port').click();
    await page.getByTestId('compare-measure').selectOption('ops');
    const ports = await ui.readTable('compare-table-port');
    const ops = query<{ t: number; ops: number }>(served.libraryPath, 'SELECT trace_id AS t, SUM(ops) AS ops FROM summary_port WHERE trace_id IN (?, ?) GROUP BY 1', trap, ring);
    const shown = (col: string): number => ports.reduce((n, r) => n + (r[col] === 'absent' ? 0 : parseCount(r[col]!)), 0);
    expect(shown('v0')).toBe(ops.find((o) => o.t === trap)!.ops);
    expect(shown('v1')).toBe(shown('v0'));
    expect(await page.locator('[data-testid="compare-cdf"] canvas').count()).toBe(1);
    await screenshot(page, 'compare-view');
    await page.keyboard.press('Escape');
    await page.getByTestId('trace-view').waitFor();
  });

  it('shows perf kvm stat columns per reason and per vCPU, as the library holds them', async () => {
    await page.locator(`[data-testid="trace-item"][data-trace-id="${imported}"]`).click();
    await page.getByTestId('tab-stat').click();
    await page.locator('[data-testid="stat-table"] [data-testid="table-row"]').first().waitFor();
    const all = await ui.readTable('stat-table');
    const stored = query<{ reason: string; n: number }>(served.libraryPath, 'SELECT reason, COUNT(*) AS n FROM exits WHERE trace_id = ? GROUP BY reason', imported);
    expect(Object.fromEntries(all.map((r) => [r.label, parseCount(r.count!)]))).toEqual(Object.fromEntries(stored.map((s) => [s.reason, s.n])));
    await page.getByTestId('stat-vcpu').selectOption('1');
    await page.locator('[data-testid="stat-table"] caption', { hasText: 'vCPU 1' }).waitFor();
    const one = await ui.readTable('stat-table');
    const storedOne = query<{ reason: string; n: number }>(served.libraryPath, 'SELECT reason, COUNT(*) AS n FROM exits WHERE trace_id = ? AND vcpu = 1 GROUP BY reason', imported);
    expect(Object.fromEntries(one.map((r) => [r.label, parseCount(r.count!)]))).toEqual(Object.fromEntries(storedOne.map((s) => [s.reason, s.n])));
    expect((await ui.readTable('stat-vcpu-table')).map((r) => r.vcpu)).toEqual(['0', '1']);
    // Sorting by a column, as perf kvm stat --key max_t.
    await page.locator('[data-testid="stat-table"] th[data-col="max"] button').click();
    const maxes = (await ui.readTable('stat-table')).map((r) => r.max);
    expect(maxes[0]).toBe(one.map((r) => r.max).sort((a, b) => parseFloat(b!) - parseFloat(a!))[0]);
    await screenshot(page, 'stat-view');
  });

  it('renames a trace', async () => {
    await page.getByTestId('trace-rename').click();
    const input = page.getByTestId('trace-rename-input');
    await input.fill('host A, Tuesday');
    await input.press('Enter');
    await page.locator(`[data-testid="trace-item"][data-trace-id="${imported}"]`, { hasText: 'host A, Tuesday' }).waitFor();
    expect(query<{ name: string }>(served.libraryPath, 'SELECT name FROM traces WHERE id = ?', imported)[0]!.name).toBe('host A, Tuesday');
  });

  it('shows a re-priced trace’s costs, its breakdown and a link to its source', async () => {
    const kvm2012 = findProfile(loadProfiles({ dir: null }), 'kvm-2012');
    const derived = (await repriceTrace(served.libraryPath, trap, 'hypercall', kvm2012)).traceId;
    await page.reload();
    await page.locator(`[data-testid="trace-item"][data-trace-id="${derived}"]`).click();
    await page.getByTestId('tab-run').waitFor();
    expect(await page.getByTestId('derived-origin').textContent()).toMatch(/re-priced under hypercall \(kvm-2012\) from\s+trace #\d+/);
    await screenshot(page, 'derived-run-view');
    await page.getByTestId('tab-exits').click();
    const stored = query<{ c: number }>(served.libraryPath, 'SELECT SUM(cost_total) AS c FROM exits_priced WHERE trace_id = ?', derived)[0]!.c;
    expect(parseCount(await ui.fact('cost-cycles'))).toBe(Math.round(stored));
    expect(await page.getByTestId('latency-meaning').textContent()).toMatch(/re-priced cost, not measured/);
    expect(await page.locator('[data-testid="chart-histogram"] [data-testid="chart-note"]').textContent()).toMatch(/re-priced cost/);
    await screenshot(page, 'derived-trace-view');
    await page.getByTestId('derived-source').click();
    await page.locator(`[data-testid="trace-item"][data-trace-id="${trap}"][aria-current="true"]`).waitFor();
    await served.service.call('traces/delete', { traceId: derived });
    await expect.poll(() => page.locator('[data-testid="trace-item"]').count()).toBe(3);
  });

  it('follows the OS into dark mode and toggles', async () => {
    // String scripts: the Node tsconfig has no DOM types for a function body that runs in the page.
    const theme = (): Promise<string | undefined> => page.evaluate('document.documentElement.dataset.theme');
    const background = (): Promise<string> => page.evaluate('getComputedStyle(document.documentElement).backgroundColor');
    expect(await theme()).toBe('light');
    const light = await background();
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.locator('html[data-theme="dark"]').waitFor({ state: 'attached' });
    expect(await background()).not.toBe(light);
    await page.getByTestId('tab-exits').click();
    await screenshot(page, 'trace-view-dark');
    await page.getByTestId('theme-toggle').click();
    expect(await theme()).toBe('light');
    await page.keyboard.press('d');
    expect(await theme()).toBe('dark');
    await page.reload();
    await page.getByTestId('trace-view').waitFor();
    expect(await theme()).toBe('dark');
    await page.getByTestId('theme-toggle').click();
  });

  it('answers the keyboard shortcuts and lists them in the help overlay', async () => {
    await page.locator('body').click({ position: { x: 5, y: 700 } });
    await page.keyboard.press('?');
    await page.getByTestId('help-overlay').waitFor();
    expect(await page.locator('[data-testid="help-overlay"] tr').count()).toBeGreaterThanOrEqual(10);
    await screenshot(page, 'help-overlay');
    await page.keyboard.press('Escape');
    await page.getByTestId('help-overlay').waitFor({ state: 'detached' });
    // Find: `/` focuses the search; typing filters the list.
    await page.keyboard.press('/');
    await page.keyboard.type('ring');
    await expect.poll(() => page.locator('[data-testid="trace-item"]').count()).toBe(1);
    await page.getByTestId('trace-search').fill('');
    await page.locator(`[data-testid="trace-item"][data-trace-id="${trap}"]`).click();
    await page.locator('body').click({ position: { x: 700, y: 5 } });
    // Next / previous trace (the trap run is in the middle of the list).
    const selected = (): Promise<string | null> => page.locator('[data-testid="trace-item"][aria-current="true"]').getAttribute('data-trace-id');
    const first = await selected();
    await page.keyboard.press('k');
    expect(await selected()).not.toBe(first);
    await page.keyboard.press('j');
    expect(await selected()).toBe(first);
    // Next exit in the slowest-exits table (pressed at once: a step asked for before the new
    // trace's slowest exits arrive is applied when they do).
    await page.keyboard.press(']');
    await page.locator('[data-testid="slowest-exits-table"] tr.active').waitFor();
    // New run, and compare from the keyboard.
    await page.keyboard.press('n');
    await page.getByTestId('new-run-dialog').waitFor();
    await page.keyboard.press('Escape');
    await page.getByTestId('new-run-dialog').waitFor({ state: 'detached' });
    await page.locator(`[data-testid="trace-check"][data-trace-id="${imported}"]`).check();
    await page.locator(`[data-testid="trace-check"][data-trace-id="${trap}"]`).check();
    await page.locator('body').click({ position: { x: 700, y: 5 } });
    await page.keyboard.press('c');
    await page.getByTestId('compare-view').waitFor();
    await page.keyboard.press('Escape');
    await page.getByTestId('trace-view').waitFor();
  });

  it('fits a 1280×800 window: no view wider than the window', async () => {
    await page.setViewportSize({ width: 1280, height: 800 });
    const views: [number, string][] = [[imported, 'tab-exits'], [imported, 'tab-stat'], [trap, 'tab-run'], [trap, 'tab-savings'], [ring, 'tab-exits']];
    for (const [id, tab] of views) {
      await page.locator(`[data-testid="trace-item"][data-trace-id="${id}"]`).click();
      await page.getByTestId(tab).click();
      await page.waitForTimeout(200);
      const overflow = await page.evaluate(`(() => {
        const main = document.querySelector('main');
        const wide = [...document.querySelectorAll('main .panel')].filter((p) => p.getBoundingClientRect().right > main.getBoundingClientRect().right + 1);
        return { scroll: main.scrollWidth - main.clientWidth, wide: wide.length };
      })()`);
      expect(overflow, `${tab} of trace ${id}`).toEqual({ scroll: 0, wide: 0 });
    }
    await screenshot(page, 'trace-view-1280');
  });
});
