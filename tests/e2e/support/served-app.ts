// One chromium page on the app served by `exitscope serve` (a fresh renderer build and temp
// library), for a describe block: registers the hooks that start it, close it, and fail any test
// that left console errors on the page. Read the fields inside tests or later hooks (they are set
// by the beforeAll this registers, which runs before the block's own).
import { mkdirSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { openBrowserSession, type BrowserSession } from './browser-session';
import { buildAndServeRenderer, type ServedRenderer } from './renderer-server';
import { TracePage } from './trace-page';

export interface ServedApp {
  served: ServedRenderer;
  session: BrowserSession;
  page: Page;
  ui: TracePage;
}

export function useServedApp(executablePath: string, screenshotsDir: string): ServedApp {
  const app = {} as ServedApp;
  beforeAll(async () => {
    mkdirSync(screenshotsDir, { recursive: true });
    app.served = await buildAndServeRenderer();
    app.session = await openBrowserSession(executablePath);
    app.page = app.session.page;
    app.ui = new TracePage(app.page);
    await app.page.goto(app.served.url);
  });
  afterAll(async () => {
    await app.session?.close();
    await app.served?.close();
  });
  afterEach(() => {
    expect(app.session.takeConsoleErrors(), 'console errors of the page').toEqual([]);
  });
  return app;
}
