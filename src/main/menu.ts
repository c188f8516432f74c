// The application menu. File > Import, File > New Run, File > Export CSV and File > Export
// Report (one entry per format) are forwarded to
// the renderer, which owns those flows (dialogs, progress, errors, selecting the new trace).
import { Menu } from 'electron';
import type { BrowserWindow, MenuItemConstructorOptions } from 'electron';
import { IPC_MENU_CHANNEL } from '../shared/contract';
import type { MenuAction } from '../shared/contract';

export function installMenu(getWindow: () => BrowserWindow | null): void {
  const send = (action: MenuAction) => () => getWindow()?.webContents.send(IPC_MENU_CHANNEL, action);
  const template: MenuItemConstructorOptions[] = [
    ...(process.platform === 'darwin' ? [{ role: 'appMenu' as const }] : []),
    {
      label: 'File',
      submenu: [
        { label: 'Import Trace…', accelerator: 'CmdOrCtrl+O', click: send('import') },
        { label: 'New Run…', accelerator: 'CmdOrCtrl+N', click: send('new-run') },
        { label: 'Export Exits as CSV…', accelerator: 'CmdOrCtrl+E', click: send('export-csv') },
        {
          label: 'Export Report',
          submenu: [
            { label: 'HTML (self-contained, with charts)…', click: send('export-report-html') },
            { label: 'PDF…', click: send('export-report-pdf') },
            { label: 'Markdown summary…', click: send('export-report-md') },
            { label: 'JSON data…', click: send('export-report-json') },
            { label: 'Perfetto / Chrome trace…', click: send('export-report-perfetto') },
          ],
        },
        { type: 'separator' },
        process.platform === 'darwin' ? { role: 'close' } : { role: 'quit' },
      ],
    },
    { role: 'editMenu' },
    { role: 'viewMenu' },
    { role: 'windowMenu' },
  ];
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}
