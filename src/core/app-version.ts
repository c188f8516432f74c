// ExitScope's version, read once from its package.json (the CLI's --version, serve's app/info).
// The compiled CLI keeps this module's source URL (scripts/build-cli.mjs), so the path holds there too.
import { readFileSync } from 'node:fs';

let cached: string | null = null;

export function appVersion(): string {
  if (cached === null) {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version?: unknown };
    cached = typeof pkg.version === 'string' ? pkg.version : 'unknown';
  }
  return cached;
}
