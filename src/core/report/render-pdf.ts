// The PDF report without Electron: the HTML report printed by a headless Chromium driven through
// playwright-core (which ships no browser: the system's chromium is used). CHROMIUM_PATH wins,
// then the usual Linux and macOS locations, then google-chrome. No Chromium: an ExitScopeError
// that says what to install. The page gets the report as its content (no file, no server), every
// network request is refused, and it is printed once its charts are drawn (body[data-charts]).
import { existsSync } from 'node:fs';
import { ExitScopeError } from '../errors';

const CANDIDATES = [
  '/usr/bin/chromium', '/usr/bin/chromium-browser', '/snap/bin/chromium', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable',
  '/Applications/Chromium.app/Contents/MacOS/Chromium', '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
];

export const CHROMIUM_NEEDED =
  'a PDF report needs Chromium or Google Chrome: install it (Debian/Ubuntu: `apt-get install -y chromium`; macOS: Chromium or Chrome in /Applications) ' +
  'or set CHROMIUM_PATH to its executable; the HTML report (--format html) needs nothing and prints to PDF from any browser';

export function findChromium(env: NodeJS.ProcessEnv = process.env): string | null {
  const fromEnv = env.CHROMIUM_PATH;
  if (fromEnv) return existsSync(fromEnv) ? fromEnv : null;
  return CANDIDATES.find((p) => existsSync(p)) ?? null;
}

/** Prints a self-contained HTML document to PDF (A4, backgrounds on) with the system Chromium. */
export async function htmlToPdf(html: string, options: { signal?: AbortSignal; chromiumPath?: string | null } = {}): Promise<Buffer> {
  const executablePath = options.chromiumPath ?? findChromium();
  if (executablePath === null) {
    const env = process.env.CHROMIUM_PATH;
    throw new ExitScopeError('NotFound', env ? `CHROMIUM_PATH=${env} does not exist; ${CHROMIUM_NEEDED}` : CHROMIUM_NEEDED);
  }
  // Loaded here, not at the top: playwright-core takes ~0.6 s to load, which every CLI command
  // would otherwise pay through the command registry.
  const { chromium } = await import('playwright-core');
  let browser;
  try {
    browser = await chromium.launch({
      executablePath,
      args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
  } catch (err) {
    throw new ExitScopeError('NotFound', `cannot start ${executablePath} to print the PDF: ${(err as Error).message.split('\n')[0]}; ${CHROMIUM_NEEDED}`);
  }
  const onAbort = (): void => void browser.close();
  options.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    // Laid out at the printable width of A4 (210 mm − 2 × 12 mm at 96 dpi) in print media from the
    // start, so the charts are drawn at the size they are printed.
    const context = await browser.newContext({ offline: true, colorScheme: 'light', viewport: { width: 703, height: 1000 } });
    await context.route('**/*', (route) => route.abort());
    const page = await context.newPage();
    await page.emulateMedia({ media: 'print' });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.setContent(html, { waitUntil: 'load' });
    await page.waitForSelector('body[data-charts]', { timeout: 30_000 });
    if (errors.length > 0) throw new ExitScopeError('NotFound', `the report page failed in ${executablePath}: ${errors[0]}`);
    return await page.pdf({ format: 'A4', printBackground: true, margin: { top: '14mm', bottom: '14mm', left: '12mm', right: '12mm' } });
  } catch (err) {
    if (options.signal?.aborted) throw new ExitScopeError('Cancelled', 'the PDF report was cancelled');
    throw err;
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
    await browser.close().catch(() => undefined);
  }
}
