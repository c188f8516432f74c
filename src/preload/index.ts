// The preload: exposes exactly one object, `window.exitscope`, built from the shared contract
// and checked against DesktopBridge at compile time. It runs sandboxed with context isolation,
// so it imports only `electron`; it never exposes ipcRenderer itself. Host paths never reach the
// page: a dropped File's path goes straight to main, which answers with a grant id.
import { contextBridge, ipcRenderer, webUtils } from 'electron';
import {
  IPC_COMMAND_PREFIX, IPC_DIALOG_OPEN, IPC_DIALOG_SAVE, IPC_EVENT_CHANNEL, IPC_GRANT_DROPPED, IPC_MENU_CHANNEL,
} from '../shared/contract';
import type {
  CommandName, CommandReq, CommandRes, DesktopBridge, EventName, Events, FileGrant, MenuAction, WireResult,
} from '../shared/contract';

const bridge = {
  invoke<K extends CommandName>(name: K, req: CommandReq<K>) {
    return ipcRenderer.invoke(IPC_COMMAND_PREFIX + name, req) as Promise<WireResult<CommandRes<K>>>;
  },
  on<E extends EventName>(event: E, listener: (payload: Events[E]) => void) {
    const handler = (_e: unknown, message: { event: EventName; payload: Events[EventName] }): void => {
      if (message.event === event) listener(message.payload as Events[E]);
    };
    ipcRenderer.on(IPC_EVENT_CHANNEL, handler);
    return () => void ipcRenderer.off(IPC_EVENT_CHANNEL, handler);
  },
  async grantForFile(file) {
    const path = webUtils.getPathForFile(file);
    return path === '' ? null : (ipcRenderer.invoke(IPC_GRANT_DROPPED, path) as Promise<FileGrant | null>);
  },
  chooseTraceFile: () => ipcRenderer.invoke(IPC_DIALOG_OPEN) as Promise<FileGrant | null>,
  chooseSaveTarget: (defaultName) => ipcRenderer.invoke(IPC_DIALOG_SAVE, defaultName) as Promise<FileGrant | null>,
  onMenu(listener: (action: MenuAction) => void) {
    const handler = (_e: unknown, action: MenuAction): void => listener(action);
    ipcRenderer.on(IPC_MENU_CHANNEL, handler);
    return () => void ipcRenderer.off(IPC_MENU_CHANNEL, handler);
  },
} satisfies DesktopBridge;

contextBridge.exposeInMainWorld('exitscope', bridge);
