// PDF reports in the desktop app: the self-contained HTML report loaded into a hidden, sandboxed
// window (from a temporary file: no server, its CSP forbids remote loads, navigation and new
// windows are blocked; its own session, so the app's CSP header does not apply) at the printable width of A4, printed with webContents.printToPDF once its
// charts are drawn (body[data-charts]), then the window and the file are removed.
import { BrowserWindow, session } from 'electron';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { blockNavigation, denyNewWindows } from './security';

const CHARTS_DRAWN = `new Promise((resolve, reject) => {
  const until = Date.now() + 30000;
  const check = () => document.body && document.body.hasAttribute('data-charts') ? resolve(true)
    : Date.now() > until ? reject(new Error('the report\u2019s charts were not drawn within 30 s')) : setTimeout(check, 50);
  check();
})`;

/** Its own in-memory session: the app's CSP header (script-src 'self') must not apply to the report, whose own CSP allows its two inline scripts by hash. */
const PARTITION = 'exitscope-report-print';

function printSession(): Electron.Session {
  const s = session.fromPartition(PARTITION);
  s.setPermissionRequestHandler((_c, _p, callback) => callback(false));
  s.setPermissionCheckHandler(() => false);
  return s;
}

export async function printReportPdf(html: string, signal?: AbortSignal): Promise<Uint8Array> {
  const dir = mkdtempSync(join(tmpdir(), 'exitscope-report-'));
  const file = join(dir, 'report.html');
  writeFileSync(file, html);
  const win = new BrowserWindow({
    show: false, width: 703, height: 1000,
    webPreferences: { session: printSession(), sandbox: true, contextIsolation: true, nodeIntegration: false, javascript: true, spellcheck: false },
  });
  const abort = (): void => win.destroy();
  signal?.addEventListener('abort', abort, { once: true });
  try {
    blockNavigation(win.webContents, 'file://');
    denyNewWindows(win.webContents, []);
    await win.loadURL(pathToFileURL(file).href);
    await win.webContents.executeJavaScript(CHARTS_DRAWN);
    return await win.webContents.printToPDF({ pageSize: 'A4', printBackground: true, margins: { top: 0.55, bottom: 0.55, left: 0.47, right: 0.47 } });
  } finally {
    signal?.removeEventListener('abort', abort);
    if (!win.isDestroyed()) win.destroy();
    rmSync(dir, { recursive: true, force: true });
  }
}
