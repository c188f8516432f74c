// One chromium page for a test file, with the page's console errors and uncaught exceptions
// collected so every test can assert there were none.
import type { Browser, BrowserContextOptions, Page } from 'playwright-core';
import { launchChromium } from './chromium';

export interface BrowserSession {
  browser: Browser;
  page: Page;
  /** Returns the errors logged since the last call, and forgets them. */
  takeConsoleErrors(): string[];
  close(): Promise<void>;
}

export async function openBrowserSession(executablePath: string, options: BrowserContextOptions = {}): Promise<BrowserSession> {
  const browser = await launchChromium(executablePath);
  const context = await browser.newContext({ viewport: { width: 1440, height: 1400 }, acceptDownloads: true, ...options });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error') errors.push(`${msg.text()} (${msg.location().url})`);
  });
  page.on('pageerror', (err) => errors.push(`uncaught: ${err.message}`));
  return {
    browser,
    page,
    takeConsoleErrors: () => errors.splice(0),
    close: () => browser.close(),
  };
}
