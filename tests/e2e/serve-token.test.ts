// The app in real chromium against a server that requires its access token (serve
// --allow-remote): opening the printed URL (token in the query) stores the token as a cookie and
// drops it from the address; the app then works as usual — lists, imports through an upload with
// progress events, downloads CSV — and a browser without the token gets nothing.
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newAccessToken } from '../../src/core/serve/access-token';
import { CHROMIUM_MISSING, findChromium } from './support/chromium';
import { openBrowserSession, type BrowserSession } from './support/browser-session';
import { buildAndServeRenderer, type ServedRenderer } from './support/renderer-server';
import { TracePage } from './support/trace-page';

const FIXTURE = fileURLToPath(new URL('../fixtures/e2e/kvm-tracefs-two-vcpus.txt', import.meta.url));
const executablePath = findChromium();
if (executablePath === null) console.warn(`[e2e] ${CHROMIUM_MISSING}`);

describe.skipIf(executablePath === null)('the app behind an access token', () => {
  let served: ServedRenderer;
  let session: BrowserSession;
  const token = newAccessToken();

  beforeAll(async () => {
    served = await buildAndServeRenderer({ token });
    session = await openBrowserSession(executablePath ?? '');
  }, 180_000);
  afterAll(async () => {
    await session?.close();
    await served?.close();
  });

  it('opens from the printed URL, keeps the token out of the address bar, and works', async () => {
    const { page } = session;
    expect(served.url).toContain(`?token=${token}`);
    await page.goto(served.url);
    await page.getByTestId('empty-state').waitFor();
    expect(page.url()).not.toContain(token);
    const ui = new TracePage(page);
    await ui.importFile(FIXTURE);
    await page.getByTestId('trace-view').waitFor();
    expect(await ui.traceItems().count()).toBe(1);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-csv').click()]);
    expect(await download.failure()).toBeNull();
    expect(session.takeConsoleErrors()).toEqual([]);
  }, 120_000);

  it('gives a browser without the token nothing', async () => {
    const other = await session.browser.newContext();
    try {
      const page = await other.newPage();
      const r = await page.goto(served.url.replace(/\?token=.*$/, ''));
      expect(r?.status()).toBe(401);
      expect(await page.content()).not.toContain('<div id="app"');
    } finally {
      await other.close();
    }
  });
});
