// End to end in chromium against `exitscope serve`: a trace's Export report menu downloads its
// HTML report (opened again in the browser: charts drawn, no console error) and its PDF; on a
// run's Savings tab the menu exports the whole run group with its savings table.
import { readFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM_MISSING, findChromium } from './support/chromium';
import type { ServedRenderer } from './support/renderer-server';
import { useServedApp } from './support/served-app';
import type { TracePage } from './support/trace-page';

const FIXTURE = fileURLToPath(new URL('../fixtures/e2e/kvm-tracefs-two-vcpus.txt', import.meta.url));
const SCREENSHOTS = fileURLToPath(new URL('../../test-results/e2e/', import.meta.url));
const executablePath = findChromium();

describe.skipIf(executablePath === null)('Export report in the served app', () => {
  const app = useServedApp(executablePath ?? '', SCREENSHOTS);
  let served: ServedRenderer;
  let page: Page;
  let ui: TracePage;

  beforeAll(() => {
    ({ served, page, ui } = app);
  });

  async function exportAs(format: string): Promise<{ name: string; path: string }> {
    await page.getByTestId('export-report').locator('summary').click();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId(`export-report-${format}`).click()]);
    const path = `${served.workDir}/${download.suggestedFilename()}`;
    await download.saveAs(path);
    return { name: download.suggestedFilename(), path };
  }

  it('downloads the HTML report of an imported trace, which draws its charts offline', async () => {
    await ui.importFile(FIXTURE);
    await page.getByTestId('trace-view').waitFor();
    const { name, path } = await exportAs('html');
    expect(name).toBe('kvm-tracefs-two-vcpus.html');
    const html = readFileSync(path, 'utf8');
    expect(html).toContain('ExitScope report: kvm-tracefs-two-vcpus.txt');
    await page.getByTestId('notice').filter({ hasText: 'Downloaded kvm-tracefs-two-vcpus.html' }).waitFor();
    const view = await app.session.browser.newPage({ offline: true });
    const errors: string[] = [];
    view.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    await view.goto(pathToFileURL(path).href);
    await view.waitForSelector('body[data-charts="3"]');
    expect(errors).toEqual([]);
    await view.close();
  });

  it('downloads the PDF report', async () => {
    const { name, path } = await exportAs('pdf');
    expect(name).toBe('kvm-tracefs-two-vcpus.pdf');
    expect(readFileSync(path).subarray(0, 5).toString('latin1')).toBe('%PDF-');
  });

  it('exports a run group with its savings from the Savings tab', async () => {
    await served.service.call('runs/start', { runId: 'e2e-report', workload: 'io_forms', mechanisms: ['trap', 'hypercall'], profileId: 'p4-2007', params: {} });
    await page.getByTestId('trace-item').filter({ hasText: 'hypercall' }).first().click();
    await page.getByTestId('tab-savings').click();
    await page.getByTestId('savings-view').waitFor();
    const { path } = await exportAs('md');
    const md = readFileSync(path, 'utf8');
    expect(md).toMatch(/^# ExitScope report: io_forms under trap, hypercall \(profile p4-2007\)/);
    expect(md).toContain('## Savings');
    expect(await ui.errorMessages()).toEqual([]);
  });
});

describe.skipIf(executablePath !== null)('Export report in the served app', () => {
  it.skip(CHROMIUM_MISSING, () => undefined);
});
