// Binds the service to Electron IPC: one ipcMain.handle per contract command. Every call
// checks that it comes from the app's own window and frame, validates the payload through the
// service, and answers with a WireResult (errors never cross as thrown objects). Service
// events are forwarded to the window on one channel. Native dialogs are offered here too.
import { dialog, ipcMain } from 'electron';
import type { BrowserWindow, IpcMainInvokeEvent } from 'electron';
import {
  COMMAND_NAMES, EVENT_NAMES, IPC_COMMAND_PREFIX, IPC_DIALOG_OPEN, IPC_DIALOG_SAVE, IPC_EVENT_CHANNEL,
} from '../shared/contract';
import type { WireResult } from '../shared/contract';
import type { ExitScopeService } from '../core/service/exitscope-service';
import { toWireError } from '../core/errors';

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

function fromOurWindow(event: IpcMainInvokeEvent, win: BrowserWindow): boolean {
  if (event.sender !== win.webContents) return false;
  const frameUrl = event.senderFrame?.url ?? '';
  const devUrl = process.env.ELECTRON_RENDERER_URL;
  return devUrl ? frameUrl.startsWith(new URL(devUrl).origin) : frameUrl.startsWith('file://');
}

export function bindIpc(service: ExitScopeService, getWindow: () => BrowserWindow | null): () => void {
  for (const name of COMMAND_NAMES) {
    ipcMain.handle(IPC_COMMAND_PREFIX + name, async (event, payload: unknown): Promise<WireResult<unknown>> => {
      const win = getWindow();
      if (!win || !fromOurWindow(event, win)) return { ok: false, error: { name: 'Forbidden', message: 'IPC from an unknown frame' } };
      try {
        return { ok: true, value: await service.call(name, payload) };
      } catch (err) {
        return { ok: false, error: toWireError(err) };
      }
    });
  }
  ipcMain.handle(IPC_DIALOG_OPEN, async (event) => {
    const win = getWindow();
    if (!win || !fromOurWindow(event, win)) return null;
    const r = await dialog.showOpenDialog(win, {
      title: 'Import a KVM trace',
      properties: ['openFile'],
      filters: [{ name: 'KVM trace text', extensions: ['txt', 'trace', 'log', 'gz'] }, { name: 'All files', extensions: ['*'] }],
    });
    return r.canceled ? null : (r.filePaths[0] ?? null);
  });
  ipcMain.handle(IPC_DIALOG_SAVE, async (event, defaultName: unknown) => {
    const win = getWindow();
    if (!win || !fromOurWindow(event, win)) return null;
    const name = typeof defaultName === 'string' ? defaultName.slice(0, 200) : 'exits.csv';
    const kind = saveKindOf(name);
    const r = await dialog.showSaveDialog(win, { title: kind.title, defaultPath: name, filters: [{ name: kind.filter, extensions: [kind.ext] }] });
    return r.canceled ? null : (r.filePath ?? null);
  });
  const unsubscribe = EVENT_NAMES.map((name) =>
    service.on(name, (payload) => getWindow()?.webContents.send(IPC_EVENT_CHANNEL, { event: name, payload })),
  );
  return () => {
    unsubscribe.forEach((u) => u());
    for (const name of COMMAND_NAMES) ipcMain.removeHandler(IPC_COMMAND_PREFIX + name);
    ipcMain.removeHandler(IPC_DIALOG_OPEN);
    ipcMain.removeHandler(IPC_DIALOG_SAVE);
  };
}
