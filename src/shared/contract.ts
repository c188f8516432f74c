// The one contract between the Electron main process, the preload, the renderer and the
// `exitscope serve` HTTP bridge. Commands map a name to its request and response; events are
// pushed from the host to the renderer. The service in src/core implements `Commands`;
// src/main binds it to ipcMain, src/core/serve binds it to HTTP, and the renderer's one client
// module (src/renderer/src/api/client.ts) talks to whichever is present.
// Types and constants only: nothing here runs.
import type {
  AppInfo,
  ExitRow,
  ExportResult,
  ImportProgress,
  ImportResult,
  TraceListItem,
  TraceSummary,
} from './dto';
import type {
  ProfileInfo,
  RunBreakdown,
  RunProgressEvent,
  RunSavings,
  RunStartRequest,
  RunStartResult,
  WorkloadInfo,
} from './runs';
import type { ExitRate, StatEvent, StatKey, StatReport, TraceComparison } from './compare';

/** What to import: a path on the host, or a file previously uploaded to the serve bridge. */
export type ImportSource = { kind: 'path'; path: string } | { kind: 'upload'; uploadId: string };

export interface Commands {
  'app/info': { req: Record<string, never>; res: AppInfo };
  'traces/list': { req: Record<string, never>; res: TraceListItem[] };
  'traces/summary': { req: { traceId: number }; res: TraceSummary };
  'traces/slowest': { req: { traceId: number; limit: number }; res: ExitRow[] };
  'traces/import': { req: { importId: string; source: ImportSource; name?: string }; res: ImportResult };
  'traces/cancel-import': { req: { importId: string }; res: { cancelled: boolean } };
  'traces/delete': { req: { traceId: number }; res: { deleted: boolean } };
  /** Writes the trace's exits as CSV to a host path (Electron save dialog, CLI). */
  'traces/export-csv': { req: { traceId: number; path: string }; res: ExportResult };
  /** The runnable workloads with their parameters and derived results (the user workload needs a file and is left out). */
  'workloads/list': { req: Record<string, never>; res: WorkloadInfo[] };
  /** CPU cost profiles with the mechanisms each can price. */
  'profiles/list': { req: Record<string, never>; res: ProfileInfo[] };
  /** Runs a workload once per mechanism; resolves when all are stored (or the run was cancelled). */
  'runs/start': { req: RunStartRequest; res: RunStartResult };
  'runs/cancel': { req: { runId: string }; res: { cancelled: boolean } };
  /** An emulated trace by form × cost component, latency histograms of its group, component sources. */
  'runs/breakdown': { req: { traceId: number }; res: RunBreakdown };
  /** The mechanisms of one run group side by side (the group of traceId, or runGroup itself). */
  'runs/savings': { req: { traceId: number } | { runGroup: string }; res: RunSavings };
  /** Two or more traces side by side: per reason, port, device and form, with deltas and overlaid histograms. */
  'traces/compare': { req: { traceIds: number[] }; res: TraceComparison };
  /** perf kvm stat report parity: per reason or port group, sorted by `key`, for all vCPUs or one. */
  'traces/stat': { req: { traceId: number; event: StatEvent; vcpu: number | null; key: StatKey }; res: StatReport };
  /** Exits per second over the trace's time (all vCPUs or one). */
  'traces/rate': { req: { traceId: number; vcpu: number | null }; res: ExitRate };
  'traces/rename': { req: { traceId: number; name: string }; res: { renamed: boolean } };
}

export type CommandName = keyof Commands;
export type CommandReq<K extends CommandName> = Commands[K]['req'];
export type CommandRes<K extends CommandName> = Commands[K]['res'];

export interface Events {
  'import/progress': ImportProgress;
  'traces/changed': { reason: 'imported' | 'deleted' | 'run' | 'renamed' };
  'run/progress': RunProgressEvent;
}
export type EventName = keyof Events;

/** A failure as it crosses a boundary: never a thrown class, always this shape. */
export interface WireError {
  name: string;
  message: string;
}
export type WireResult<T> = { ok: true; value: T } | { ok: false; error: WireError };

export const COMMAND_NAMES = [
  'app/info',
  'traces/list',
  'traces/summary',
  'traces/slowest',
  'traces/import',
  'traces/cancel-import',
  'traces/delete',
  'traces/export-csv',
  'workloads/list',
  'profiles/list',
  'runs/start',
  'runs/cancel',
  'runs/breakdown',
  'runs/savings',
  'traces/compare',
  'traces/stat',
  'traces/rate',
  'traces/rename',
] as const satisfies readonly CommandName[];

export const EVENT_NAMES = ['import/progress', 'traces/changed', 'run/progress'] as const satisfies readonly EventName[];

/** IPC channel names: one per command, one for all pushed events. */
export const IPC_COMMAND_PREFIX = 'exitscope:cmd:';
export const IPC_EVENT_CHANNEL = 'exitscope:event';

/** HTTP bridge routes (serve mode), relative to the origin. */
export const HTTP_ROUTES = {
  command: '/api/cmd/', // POST /api/cmd/<command name>, JSON body = request
  events: '/api/events', // GET, text/event-stream
  upload: '/api/upload', // PUT, raw body = file; ?name=<file name> → { uploadId }
  exportCsv: '/api/export/csv', // GET ?traceId=N → text/csv attachment
} as const;
/** Required on every mutating HTTP request, so a cross-site form post cannot reach the API. */
export const HTTP_CSRF_HEADER = 'x-exitscope-client';

/**
 * What the preload exposes as `window.exitscope` in the desktop app. The preload object
 * is checked against this type with `satisfies`; the renderer reads it only in its client module.
 */
export interface DesktopBridge {
  invoke<K extends CommandName>(name: K, req: CommandReq<K>): Promise<WireResult<CommandRes<K>>>;
  on<E extends EventName>(event: E, listener: (payload: Events[E]) => void): () => void;
  /** The host path of a dropped or picked File (Electron's webUtils.getPathForFile). */
  pathForFile(file: File): string;
  /** Native dialogs: null when the user cancels. */
  chooseTraceFile(): Promise<string | null>;
  chooseSavePath(defaultName: string): Promise<string | null>;
  /** Menu actions (File > Import...) forwarded to the renderer. */
  onMenu(listener: (action: MenuAction) => void): () => void;
}
export type MenuAction = 'import' | 'new-run' | 'export-csv';
export const IPC_MENU_CHANNEL = 'exitscope:menu';
export const IPC_DIALOG_OPEN = 'exitscope:dialog:open-trace';
export const IPC_DIALOG_SAVE = 'exitscope:dialog:save';
