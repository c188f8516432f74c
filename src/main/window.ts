// The main window, created with the secure defaults: context isolation, the sandbox, no Node
// integration, no webview tag. In development the renderer comes from electron-vite's dev
// server (ELECTRON_RENDERER_URL, never in a packaged app: dev-overrides.ts); otherwise from the
// built files in out/renderer.
import { BrowserWindow } from 'electron';
import { join } from 'node:path';
import { blockNavigation, denyNewWindows } from './security';

export function createMainWindow(outDir: string, devUrl: string | null, externalPrefixes: readonly string[]): BrowserWindow {
  const win = new BrowserWindow({
    width: 1400,
    height: 900,
    title: 'ExitScope',
    show: false,
    webPreferences: {
      preload: join(outDir, 'preload', 'index.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webviewTag: false,
      spellcheck: false,
    },
  });
  const appOrigin = devUrl ? new URL(devUrl).origin : 'file://';
  blockNavigation(win.webContents, appOrigin);
  denyNewWindows(win.webContents, externalPrefixes);
  win.once('ready-to-show', () => win.show());
  if (devUrl) void win.loadURL(devUrl);
  else void win.loadFile(join(outDir, 'renderer', 'index.html'));
  return win;
}
