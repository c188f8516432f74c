// Stands in for the Electron preload and main process, so the renderer's desktop code path runs
// in plain chromium (the Electron binary cannot be downloaded on build machines). An init script
// defines `window.exitscope` (a DesktopBridge) before the app loads; its calls go through
// exposed functions to the real ExitScopeService in this Node process, the way ipcMain handlers
// would, and the service's events are pushed back into the page. The native dialogs answer
// with whatever the test queues, and every bridge call is recorded for assertions.
import { basename, join } from 'node:path';
import type { Page } from 'playwright-core';
import type { CommandName, EventName, MenuAction, WireResult } from '../../../src/shared/contract';
import { toWireError } from '../../../src/core/errors';
import type { RunningServer } from '../../../src/core/serve/server';

export interface BridgeCall {
  name: string;
  req: unknown;
}

export interface FakeDesktop {
  /** Commands the renderer invoked, in order. */
  calls: BridgeCall[];
  /** What the next open / save dialog returns (null = the user cancelled). */
  nextOpenPath: string | null;
  nextSavePath: string | null;
  /** Default names the renderer proposed to the save dialog. */
  saveDefaults: string[];
  menu(action: MenuAction): Promise<void>;
  detach(): void;
}

const EVENTS: EventName[] = ['import/progress', 'traces/changed'];

/** Installs the fake bridge; call before page.goto. Dropped files resolve to `dropDir/<name>`. */
export async function installFakeDesktop(page: Page, service: RunningServer['service'], dropDir: string): Promise<FakeDesktop> {
  const fake: FakeDesktop = {
    calls: [],
    nextOpenPath: null,
    nextSavePath: null,
    saveDefaults: [],
    menu: (action) => page.evaluate(`window.__fakeDesktop.menu(${JSON.stringify(action)})`),
    detach: () => unsubscribe.forEach((u) => u()),
  };

  await page.exposeFunction('__fakeDesktopInvoke', async (name: CommandName, req: unknown): Promise<WireResult<unknown>> => {
    fake.calls.push({ name, req });
    try {
      return { ok: true, value: await service.call(name, req) };
    } catch (err) {
      return { ok: false, error: toWireError(err) };
    }
  });
  await page.exposeFunction('__fakeDesktopOpen', () => fake.nextOpenPath);
  await page.exposeFunction('__fakeDesktopSave', (defaultName: string) => {
    fake.saveDefaults.push(defaultName);
    return fake.nextSavePath;
  });

  // Runs in the page before any of its scripts (a string: the Node tsconfig has no DOM types).
  await page.addInitScript(`(() => {
    const listeners = new Map();
    const menuListeners = new Set();
    const subscribe = (set, fn) => { set.add(fn); return () => set.delete(fn); };
    window.__fakeDesktop = {
      emit(event, payload) { for (const fn of listeners.get(event) ?? []) fn(payload); },
      menu(action) { for (const fn of menuListeners) fn(action); },
    };
    window.exitscope = {
      invoke: (name, req) => window.__fakeDesktopInvoke(name, req),
      on(event, fn) {
        if (!listeners.has(event)) listeners.set(event, new Set());
        return subscribe(listeners.get(event), fn);
      },
      pathForFile: (file) => ${JSON.stringify(join(dropDir, '/'))} + file.name,
      chooseTraceFile: () => window.__fakeDesktopOpen(),
      chooseSavePath: (defaultName) => window.__fakeDesktopSave(defaultName),
      onMenu: (fn) => subscribe(menuListeners, fn),
    };
  })()`);

  const unsubscribe = EVENTS.map((event) =>
    service.on(event, (payload) => {
      page.evaluate(`window.__fakeDesktop.emit(${JSON.stringify(event)}, ${JSON.stringify(payload)})`).catch(() => undefined);
    }),
  );
  return fake;
}

/** The path the fake bridge reports for a dropped file of this name. */
export function droppedPath(dropDir: string, name: string): string {
  return join(dropDir, basename(name));
}
