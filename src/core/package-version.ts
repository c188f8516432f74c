// The version of ExitScope as package.json states it, for `serve`'s app/info (the desktop app
// asks Electron, which reads the same file). Read once; a missing or unreadable package.json
// reads as 'unknown' (never a made-up number).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

let cached: string | null = null;

export function packageVersion(): string {
  if (cached !== null) return cached;
  for (const rel of ['../../package.json', '../package.json', './package.json']) {
    try {
      const json = JSON.parse(readFileSync(fileURLToPath(new URL(rel, import.meta.url)), 'utf8')) as { name?: unknown; version?: unknown };
      if (json.name === 'exitscope' && typeof json.version === 'string') return (cached = json.version);
    } catch {
      // try the next place
    }
  }
  return (cached = 'unknown');
}
