// Where ExitScope keeps its library (the trace file the app lists and imports into), shared by
// the desktop app, `exitscope serve` and the CLI so all three see the same traces:
//   $EXITSCOPE_LIBRARY if set, else
//   Linux:   ${XDG_DATA_HOME:-~/.local/share}/exitscope/library.exitscope
//   macOS:   ~/Library/Application Support/ExitScope/library.exitscope
//   Windows: %APPDATA%\ExitScope\library.exitscope
import { mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';

export function defaultLibraryPath(env: NodeJS.ProcessEnv = process.env, platform = process.platform): string {
  if (env.EXITSCOPE_LIBRARY) return env.EXITSCOPE_LIBRARY;
  const home = homedir();
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', 'ExitScope', 'library.exitscope');
  if (platform === 'win32') return join(env.APPDATA ?? join(home, 'AppData', 'Roaming'), 'ExitScope', 'library.exitscope');
  return join(env.XDG_DATA_HOME || join(home, '.local', 'share'), 'exitscope', 'library.exitscope');
}

/** Makes sure the folder of a trace file exists. */
export function ensureParentDir(path: string): void {
  mkdirSync(dirname(path), { recursive: true });
}
