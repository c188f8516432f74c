// Electron main process, as a table of contents: pick the better-sqlite3 build made for
// Electron's ABI, open the service on the shared library, apply the security rules, bind IPC,
// install the menu, open the window, import the trace files named on the command line. Development-only environment overrides (the dev server's
// URL, the Electron build of better-sqlite3) are honoured only when the app is not packaged
// (dev-overrides.ts); a packaged app uses the better-sqlite3 electron-builder rebuilt for it.
import { app, BrowserWindow } from 'electron';
import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ExitScopeService } from '../core/service/exitscope-service';
import { setSqliteNativeBinding } from '../core/trace/store/sqlite-binding';
import { defaultLibraryPath, ensureParentDir } from '../core/library-path';
import { bindIpc } from './ipc';
import { installMenu } from './menu';
import { denyPermissions, enforceCsp } from './security';
import { createMainWindow } from './window';
import { devOverrides } from './dev-overrides';
import { docsPrefixes } from './external-links';
import { printReportPdf } from './print-pdf';
import { commandLineFiles } from './command-line-files';

const outDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const appRoot = join(outDir, '..');
const dev = devOverrides(process.env, app.isPackaged);

// scripts/ensure-electron-sqlite.mjs builds better-sqlite3 for this Electron's ABI into
// .native/electron-<abi>/ and passes the path (development checkouts only).
if (!app.isPackaged) {
  const binding = dev.sqliteBinding ?? join(appRoot, '.native', `electron-${process.versions.modules}`, 'better_sqlite3.node');
  if (existsSync(binding)) setSqliteNativeBinding(binding);
}

function externalPrefixes(): string[] {
  try {
    return docsPrefixes(JSON.parse(readFileSync(join(app.getAppPath(), 'package.json'), 'utf8')) as { homepage?: unknown; repository?: unknown });
  } catch {
    return [];
  }
}

let mainWindow: BrowserWindow | null = null;

app.whenReady().then(() => {
  const libraryPath = defaultLibraryPath();
  ensureParentDir(libraryPath);
  const service = new ExitScopeService({ libraryPath, host: 'electron', version: app.getVersion(), printPdf: printReportPdf });
  const links = externalPrefixes();
  denyPermissions();
  enforceCsp();
  bindIpc(service, () => mainWindow, dev.rendererUrl);
  installMenu(() => mainWindow);
  mainWindow = createMainWindow(outDir, dev.rendererUrl, links);
  mainWindow.on('closed', () => (mainWindow = null));
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) mainWindow = createMainWindow(outDir, dev.rendererUrl, links);
  });
  app.on('will-quit', () => service.close());
  // Files named on the command line: imported here, by path, without the window naming them;
  // the window lists them when the service announces traces/changed.
  for (const path of commandLineFiles(process.argv, app.isPackaged, process.cwd())) {
    service.call('traces/import', { importId: `cli-${randomUUID()}`, source: { kind: 'path', path } })
      .catch((err: unknown) => console.error(`ExitScope could not import ${path}: ${err instanceof Error ? err.message : String(err)}`));
  }
}).catch((err: unknown) => {
  console.error('ExitScope failed to start:', err);
  app.exit(1);
});

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});
