// Finds and launches Debian's chromium for the browser e2e tests (playwright-core ships no
// browser). CHROMIUM_PATH wins; then the usual Debian/Ubuntu locations.
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser'];

const fromEnv = process.env.CHROMIUM_PATH;

/** Why the browser tests skip: the title of the skipped test and a warning on stderr. */
export const CHROMIUM_MISSING = fromEnv
  ? `chromium is missing: CHROMIUM_PATH=${fromEnv} does not exist`
  : 'chromium is missing: install it with `apt-get install -y chromium` (Debian/Ubuntu), or set CHROMIUM_PATH';

export function findChromium(): string | null {
  if (fromEnv) return existsSync(fromEnv) ? fromEnv : null;
  return CANDIDATES.find((path) => existsSync(path)) ?? null;
}

export function launchChromium(executablePath: string): Promise<Browser> {
  return chromium.launch({
    executablePath,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}
