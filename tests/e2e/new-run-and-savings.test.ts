// End to end in real chromium against `exitscope serve` (fresh temp library): the New run
// dialog runs outl_to_kernel under trap, hypercall and batched with profile p4-2007 (the one
// shipped profile that prices both trap and hypercall), the progress bar comes and goes, and the
// savings view must show what the stored runs hold — total exit cycles per mechanism, share of
// guest time in exits, cycles saved per form vs the trap run — read back here directly from the
// SQLite library. The run view must explain each cost component by its profile parameters.
// Then a long run is cancelled: its trace stays stored and marked cancelled.
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type BetterSqlite3 from 'better-sqlite3';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM_MISSING, findChromium } from './support/chromium';
import type { ServedRenderer } from './support/renderer-server';
import { useServedApp } from './support/served-app';
import type { TracePage } from './support/trace-page';

const Database = createRequire(import.meta.url)('better-sqlite3') as typeof BetterSqlite3;
const SCREENSHOTS = fileURLToPath(new URL('../../test-results/e2e/', import.meta.url));
const screenshot = (page: Page, name: string): Promise<Buffer> => page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });

const ITERATIONS = 400;
const count = (n: number): string => new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 }).format(n);

interface StoredRun { id: number; status: string; mechanism: string; runGroup: string; guestCycles: number; exitCycles: number }

/** The stored runs and their exits' cycles per form, read straight from the library file. */
function readLibrary(path: string): { runs: StoredRun[]; perForm: Map<string, number> } {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    const runs = db.prepare(`
      SELECT t.id, t.status, json_extract(t.meta_json, '$.mechanism') AS mechanism, json_extract(t.meta_json, '$.runGroup') AS runGroup,
             json_extract(t.meta_json, '$.guestCycles') AS guestCycles,
             (SELECT COALESCE(SUM(cost_total), 0) FROM exits_priced e WHERE e.trace_id = t.id) AS exitCycles
      FROM traces t ORDER BY t.id`).all() as StoredRun[];
    const rows = db.prepare('SELECT trace_id AS t, form_id AS f, SUM(cost_total) AS c FROM exits_priced GROUP BY trace_id, form_id').all() as { t: number; f: number | null; c: number }[];
    return { runs, perForm: new Map(rows.map((r) => [`${r.t}/${r.f ?? 'none'}`, r.c])) };
  } finally {
    db.close();
  }
}

const executablePath = findChromium();
if (executablePath === null) console.warn(`[e2e] ${CHROMIUM_MISSING}`);

describe.skipIf(executablePath === null)('new run, run view and savings in chromium against exitscope serve', () => {
  const app = useServedApp(executablePath ?? '', SCREENSHOTS);
  let served: ServedRenderer;
  let page: Page;
  let ui: TracePage;

  beforeAll(() => {
    ({ served, page, ui } = app);
  });

  async function openDialog(workload: string, iterations: number, profile: string, mechanisms: string[]): Promise<void> {
    await page.getByTestId('new-run-button').click();
    const dialog = page.getByTestId('new-run-dialog');
    await dialog.waitFor();
    await page.locator('[data-testid="run-workload"] option[value="outl_to_kernel"]').waitFor({ state: 'attached' });
    await page.getByTestId('run-workload').selectOption(workload);
    await page.getByTestId('run-profile').selectOption(profile);
    await page.getByTestId('run-param-iterations').fill(String(iterations));
    for (const m of ['trap', 'vmx', 'svm', 'hypercall', 'batched', 'ring']) {
      const box = page.getByTestId(`run-mechanism-${m}`);
      if (await box.isDisabled()) continue;
      await box.setChecked(mechanisms.includes(m));
    }
  }

  it('offers only the mechanisms the chosen profile can price, with the profile\u2019s clock and sources', async () => {
    await openDialog('outl_to_kernel', ITERATIONS, 'kvm-2012', []);
    expect(await page.getByTestId('run-mechanism-trap').isDisabled()).toBe(true);
    expect(await page.getByTestId('run-mechanism-vmx').isDisabled()).toBe(false);
    await page.getByTestId('run-profile').selectOption('p4-2007');
    expect(await page.getByTestId('run-mechanism-trap').isDisabled()).toBe(false);
    expect(await page.getByTestId('run-mechanism-vmx').isDisabled()).toBe(true);
    const summary = (await page.getByTestId('run-profile-summary').textContent()) ?? '';
    expect(summary).toMatch(/MHz|clock not published/);
    expect(summary).toContain('Figures from:');
    await page.getByTestId('run-param-iterations').fill('0');
    expect(await page.getByTestId('run-problems').textContent()).toContain('iterations: expected an integer from 1 to 10,000,000');
    expect(await page.getByTestId('start-run').isDisabled()).toBe(true);
    await screenshot(page, 'new-run-dialog');
    await page.keyboard.press('Escape');
    await page.getByTestId('new-run-dialog').waitFor({ state: 'detached' });
  });

  it('runs outl_to_kernel under trap, hypercall and batched and stores one trace each', async () => {
    await openDialog('outl_to_kernel', ITERATIONS, 'p4-2007', ['trap', 'hypercall', 'batched']);
    await page.getByTestId('start-run').click();
    await page.getByTestId('new-run-dialog').waitFor({ state: 'detached' });
    await page.getByTestId('notice').getByText(/finished: 3 traces stored/).waitFor({ timeout: 120_000 });
    expect(await page.getByTestId('run-progress').count()).toBe(0);
    expect(await ui.traceItems().count()).toBe(3);
    const { runs } = readLibrary(served.libraryPath);
    expect(runs.map((r) => [r.mechanism, r.status])).toEqual([['trap', 'complete'], ['hypercall', 'complete'], ['batched', 'complete']]);
    expect(new Set(runs.map((r) => r.runGroup)).size).toBe(1);
    expect(await ui.errorMessages()).toEqual([]);
  });

  it('shows the savings of the group, matching the stored runs', async () => {
    await page.getByTestId('tab-savings').click();
    await page.locator('[data-testid="savings-mechanisms-table"] [data-testid="table-row"]').first().waitFor();
    const { runs, perForm } = readLibrary(served.libraryPath);
    const trap = runs.find((r) => r.mechanism === 'trap')!;
    expect(await page.getByTestId('savings-baseline').textContent()).toContain(`Baseline: trap (trace #${trap.id}) — the trap run`);
    expect(await page.getByTestId('savings-incomplete').count()).toBe(0);

    const shown = Object.fromEntries((await ui.readTable('savings-mechanisms-table')).map((r) => [r.mechanism, r]));
    for (const r of runs) {
      const row = shown[r.mechanism];
      expect(row, r.mechanism).toBeDefined();
      expect(row?.exitCycles).toBe(count(r.exitCycles));
      expect(row?.share).toBe(`${((100 * r.exitCycles) / r.guestCycles).toFixed(1)}%`);
      expect(row?.saved).toBe(count(trap.exitCycles - r.exitCycles));
      expect(row?.exits).toBe(count(ITERATIONS));
    }
    expect(trap.exitCycles).toBeGreaterThan(runs[1]!.exitCycles);
    // outl_to_kernel never batches, so batched repeats the hypercall run: the view says so and why
    const hc = runs.find((r) => r.mechanism === 'hypercall')!;
    const batched = runs.find((r) => r.mechanism === 'batched')!;
    expect(batched.exitCycles).toBe(hc.exitCycles);
    expect(await page.getByTestId('savings-notes').textContent()).toContain('hypercall and batched coincide');

    const forms = Object.fromEntries((await ui.readTable('savings-forms-table')).map((r) => [r.label, r]));
    const outb = forms['out dx, al']; // outl_to_kernel writes the ELCR with outb (form 9)
    expect(outb).toBeDefined();
    for (const r of runs.filter((x) => x.mechanism !== 'trap')) {
      const saved = (perForm.get(`${trap.id}/9`) ?? 0) - (perForm.get(`${r.id}/9`) ?? 0);
      expect(outb?.[`saved-${r.mechanism}`]).toBe(count(saved));
      expect(outb?.[`cycles-${r.mechanism}`]).toBe(count(perForm.get(`${r.id}/9`) ?? 0));
    }
    const derivations = await page.getByTestId('savings-derivations').textContent();
    expect(derivations).toContain('exit cycles ÷ guest cycles');
    expect(await page.locator('[data-testid="savings-mechanisms-table"] th[data-col="share"]').getAttribute('title')).toContain('exit cycles ÷ guest cycles');
    await expect(page.locator('[data-testid="chart-savings-forms"] canvas').count()).resolves.toBe(1);
    await screenshot(page, 'savings-view');
  });

  it('breaks the trap run down by form and component, each component explained by its profile parameters', async () => {
    const { runs } = readLibrary(served.libraryPath);
    const trap = runs.find((r) => r.mechanism === 'trap')!;
    await page.locator(`[data-testid="trace-item"][data-trace-id="${trap.id}"]`).click();
    await page.getByTestId('tab-run').waitFor();
    await page.locator('[data-testid="run-costs-table"] [data-testid="table-row"]').first().waitFor();
    const rows = await ui.readTable('run-costs-table');
    expect(rows.map((r) => r.label)).toEqual(['out dx, al']);
    expect(rows[0]?.exits).toBe(count(ITERATIONS));
    expect(rows[0]?.sum).toBe(count(trap.exitCycles));
    const entryTitle = await page.locator('[data-testid="run-costs-table"] tr[data-key="9"] td[data-col="entry"]').getAttribute('title');
    expect(entryTitle).toMatch(/^entry: entry\.trap/);
    expect(entryTitle).toMatch(/entry\.trap = [\d,.]+ cycles \(published [\d.]+ (cycles|ns|us); (measured|manual|derived|assumed)/);
    const sources = Object.fromEntries((await ui.readTable('run-sources-table')).map((r) => [`${r.component}/${r.param}`, r]));
    expect(sources['entry/entry.trap']?.kind).toMatch(/^(measured|manual|derived|assumed)$/);
    expect(sources['decode/decode.invoke']).toBeDefined();
    const histogram = await ui.readTable('run-histogram-data');
    expect(histogram.reduce((n, r) => n + Number((r.trap ?? '0').replace(/,/g, '')), 0)).toBe(ITERATIONS);
    await screenshot(page, 'run-view');
  });

  it('cancels a long run from the progress bar, leaving its trace stored and marked cancelled', async () => {
    // The workload's maximum: trap now runs ~1M exits/s, so a shorter run can end before the click lands.
    await openDialog('outl_to_kernel', 10_000_000, 'p4-2007', ['trap', 'hypercall']);
    await page.getByTestId('start-run').click();
    const progress = page.getByTestId('run-progress');
    await progress.getByTestId('run-counts').waitFor({ timeout: 60_000 });
    expect(await progress.textContent()).toContain('Running trap (1 of 2)');
    await page.getByTestId('cancel-run').dispatchEvent('click');
    await progress.waitFor({ state: 'detached', timeout: 60_000 });
    expect(await page.getByTestId('notice').textContent()).toContain('cancelled; 1 trace stored');
    const { runs } = readLibrary(served.libraryPath);
    expect(runs).toHaveLength(4);
    expect(runs.at(-1)).toMatchObject({ mechanism: 'trap', status: 'cancelled' });
    expect(await ui.traceItems().count()).toBe(4);
    expect(await ui.traceItems().first().textContent()).toContain('(cancelled)');
    // Its group asked for trap and hypercall: the Savings view says it is incomplete.
    await ui.traceItems().first().click();
    await page.getByTestId('tab-savings').click();
    const incomplete = page.getByTestId('savings-incomplete');
    await incomplete.waitFor();
    expect((await incomplete.textContent())?.replace(/\s+/g, ' ')).toContain('Incomplete run group: asked for trap, hypercall; no stored run for hypercall; trap stopped part-way (cancelled).');
    expect(await ui.errorMessages()).toEqual([]);
  });
});

if (executablePath === null) {
  describe('new run in chromium', () => {
    it.skip(CHROMIUM_MISSING, () => undefined);
  });
}
