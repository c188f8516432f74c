// Binds the service to Electron IPC: one ipcMain.handle per contract command. Every call
// checks that it comes from the app's own window and frame, validates the payload through the
// service, and answers with a WireResult (errors never cross as thrown objects). Service
// events are forwarded to the window on one channel. Native dialogs are offered here too:
// the paths they produce stay in main (file-grants.ts) and the window gets grant ids; requests
// from the window never carry host paths (ipc-requests.ts).
import { dialog, ipcMain } from 'electron';
import type { BrowserWindow, IpcMainInvokeEvent } from 'electron';
import {
  COMMAND_NAMES, EVENT_NAMES, IPC_COMMAND_PREFIX, IPC_DIALOG_OPEN, IPC_DIALOG_SAVE, IPC_EVENT_CHANNEL, IPC_GRANT_DROPPED,
} from '../shared/contract';
import type { WireResult } from '../shared/contract';
import type { ExitScopeService } from '../core/service/exitscope-service';
import { toWireError } from '../core/errors';
import { FileGrants } from './file-grants';
import { fromRenderer } from './ipc-requests';

/** The save dialog's title and filter, from the extension of the name the renderer proposes. */
function saveKindOf(name: string): { title: string; filter: string; ext: string } {
  const ext = /\.([a-z]+)$/i.exec(name)?.[1]?.toLowerCase() ?? 'csv';
  const kinds: Record<string, { title: string; filter: string }> = {
    csv: { title: 'Export exits as CSV', filter: 'CSV' }, html: { title: 'Export the report as HTML', filter: 'HTML' },
    pdf: { title: 'Export the report as PDF', filter: 'PDF' }, md: { title: 'Export the report as Markdown', filter: 'Markdown' },
    json: { title: 'Export as JSON', filter: 'JSON' },
  };
  const kind = kinds[ext] ?? kinds.csv!;
  return { ...kind, ext: kinds[ext] ? ext : 'csv' };
}

function fromOurWindow(event: IpcMainInvokeEvent, win: BrowserWindow, rendererUrl: string | null): boolean {
  if (event.sender !== win.webContents) return false;
  const frameUrl = event.senderFrame?.url ?? '';
  return rendererUrl ? frameUrl.startsWith(new URL(rendererUrl).origin) : frameUrl.startsWith('file://');
}

/** `rendererUrl`: the dev server's address (dev-overrides.ts), null for the built files. */
export function bindIpc(service: ExitScopeService, getWindow: () => BrowserWindow | null, rendererUrl: string | null, grants = new FileGrants()): () => void {
  const trusted = (event: IpcMainInvokeEvent): BrowserWindow | null => {
    const win = getWindow();
    return win && fromOurWindow(event, win, rendererUrl) ? win : null;
  };
  for (const name of COMMAND_NAMES) {
    ipcMain.handle(IPC_COMMAND_PREFIX + name, async (event, payload: unknown): Promise<WireResult<unknown>> => {
      if (!trusted(event)) return { ok: false, error: { name: 'Forbidden', message: 'IPC from an unknown frame' } };
      try {
        return { ok: true, value: await service.call(name, fromRenderer(name, payload, grants)) };
      } catch (err) {
        return { ok: false, error: toWireError(err) };
      }
    });
  }
  ipcMain.handle(IPC_DIALOG_OPEN, async (event) => {
    const win = trusted(event);
    if (!win) return null;
    const r = await dialog.showOpenDialog(win, {
      title: 'Import a KVM trace',
      properties: ['openFile'],
      filters: [{ name: 'KVM trace text', extensions: ['txt', 'trace', 'log', 'gz'] }, { name: 'All files', extensions: ['*'] }],
    });
    const path = r.canceled ? undefined : r.filePaths[0];
    return path === undefined ? null : grants.grant(path, 'read');
  });
  // A dropped file: the preload finds its path with webUtils.getPathForFile, which only knows
  // files the user dropped or picked (a File made by page script has no path).
  ipcMain.handle(IPC_GRANT_DROPPED, async (event, path: unknown) => {
    if (!trusted(event) || typeof path !== 'string' || path === '') return null;
    return grants.grant(path, 'read');
  });
  ipcMain.handle(IPC_DIALOG_SAVE, async (event, defaultName: unknown) => {
    const win = trusted(event);
    if (!win) return null;
    const name = typeof defaultName === 'string' ? defaultName.slice(0, 200) : 'exits.csv';
    const kind = saveKindOf(name);
    const r = await dialog.showSaveDialog(win, { title: kind.title, defaultPath: name, filters: [{ name: kind.filter, extensions: [kind.ext] }] });
    return r.canceled || !r.filePath ? null : grants.grant(r.filePath, 'write');
  });
  const unsubscribe = EVENT_NAMES.map((name) =>
    service.on(name, (payload) => getWindow()?.webContents.send(IPC_EVENT_CHANNEL, { event: name, payload })),
  );
  return () => {
    unsubscribe.forEach((u) => u());
    for (const name of COMMAND_NAMES) ipcMain.removeHandler(IPC_COMMAND_PREFIX + name);
    ipcMain.removeHandler(IPC_DIALOG_OPEN);
    ipcMain.removeHandler(IPC_DIALOG_SAVE);
    ipcMain.removeHandler(IPC_GRANT_DROPPED);
  };
}
