// Trace files named on the desktop app's command line (`exitscope-desktop trace.txt`, or a file
// opened with the app by the desktop environment): the arguments after the app's own (the
// executable, and in development the app directory), without switches, resolved against the
// directory the app was started in, kept only when they name an existing regular file. Main
// imports them itself: their paths never pass through the window. Pure: tested without Electron.
import { statSync } from 'node:fs';
import { resolve } from 'node:path';

export function commandLineFiles(argv: readonly string[], isPackaged: boolean, cwd: string): string[] {
  // Packaged: [exe, ...args]. Development (`electron .`): [electron, appDir, ...args].
  const args = argv.slice(isPackaged ? 1 : 2);
  const out: string[] = [];
  for (const a of args) {
    if (a === '' || a.startsWith('-')) continue;
    const path = resolve(cwd, a);
    try {
      if (statSync(path).isFile() && !out.includes(path)) out.push(path);
    } catch {
      // not a file: ignored, as Chromium switches and stray arguments are
    }
  }
  return out;
}
