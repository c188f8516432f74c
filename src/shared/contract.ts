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
import type { ReportExportRequest, ReportExportResult, ReportExportToPath, ReportProgressEvent } from './reports';
import type {
  ProfileInfo,
  RunBreakdown,
  RunProgressEvent,
  RunSavings,
  RunStartRequest,
  RunStartResult,
  WorkloadInfo,
} from './runs';
import type { ExitDetail, ExitFacets, ExitPage, ExitPageRequest, SourceLines, TimelineData, TimelineRequest } from './explore';
import type { ExitRate, StatEvent, StatKey, StatReport, TraceComparison } from './compare';

/**
 * What to import: a path on the host (host callers only: the CLI, tests), a file previously
 * uploaded to the serve bridge, or a file the desktop shell granted the window (chosen in its
 * dialog or dropped): the window never names host paths (src/main/ipc-requests.ts).
 */
export type ImportSource = { kind: 'path'; path: string } | { kind: 'upload'; uploadId: string } | { kind: 'granted'; grantId: string };
/** A host file the desktop shell granted the window: an opaque id and the file's name (no directory). */
export interface FileGrant {
  grantId: string;
  name: string;
}

export interface Commands {
  'app/info': { req: Record<string, never>; res: AppInfo };
  'traces/list': { req: Record<string, never>; res: TraceListItem[] };
  'traces/summary': { req: { traceId: number }; res: TraceSummary };
  'traces/slowest': { req: { traceId: number; limit: number }; res: ExitRow[] };
  'traces/import': { req: { importId: string; source: ImportSource; name?: string }; res: ImportResult };
  'traces/cancel-import': { req: { importId: string }; res: { cancelled: boolean } };
  'traces/delete': { req: { traceId: number }; res: { deleted: boolean } };
  /** Writes the trace's exits as CSV to a host file: a path (host callers), or the grant of main's save dialog (the window). */
  'traces/export-csv': { req: { traceId: number; path: string } | { traceId: number; grantId: string }; res: ExportResult };
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
  /** Writes a report (HTML, PDF, Markdown, JSON, Perfetto) to a host path (desktop save dialog); serve mode downloads it from HTTP_ROUTES.exportReport. */
  'reports/export': { req: ReportExportToPath | (ReportExportRequest & { grantId: string }); res: ReportExportResult };
  'reports/cancel': { req: { reportId: string }; res: { cancelled: boolean } };
  /** What the exit table's filters offer for a trace, with exits per value. */
  'exits/facets': { req: { traceId: number }; res: ExitFacets };
  /** One page of a trace's exits, filtered and sorted (src/shared/explore.ts). */
  'exits/page': { req: ExitPageRequest; res: ExitPage };
  /** Everything known about one exit. */
  'exits/detail': { req: { traceId: number; seq: number }; res: ExitDetail };
  /** The source text lines of an imported exit, read back from the file it was imported from. */
  'exits/source-lines': { req: { traceId: number; seq: number }; res: SourceLines };
  /** Exits over a time window: the exits themselves, or precomputed buckets when zoomed out. */
  'timeline/buckets': { req: TimelineRequest; res: TimelineData };
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
  'report/progress': ReportProgressEvent;
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
  'reports/export',
  'reports/cancel',
  'exits/facets',
  'exits/page',
  'exits/detail',
  'exits/source-lines',
  'timeline/buckets',
  'traces/compare',
  'traces/stat',
  'traces/rate',
  'traces/rename',
] as const satisfies readonly CommandName[];

export const EVENT_NAMES = ['import/progress', 'traces/changed', 'run/progress', 'report/progress'] as const satisfies readonly EventName[];

/** IPC channel names: one per command, one for all pushed events. */
export const IPC_COMMAND_PREFIX = 'exitscope:cmd:';
export const IPC_EVENT_CHANNEL = 'exitscope:event';

/** HTTP bridge routes (serve mode), relative to the origin. */
export const HTTP_ROUTES = {
  command: '/api/cmd/', // POST /api/cmd/<command name>, JSON body = request
  events: '/api/events', // GET, text/event-stream
  upload: '/api/upload', // PUT, raw body = file; ?name=<file name> → { uploadId }
  exportCsv: '/api/export/csv', // GET ?traceId=N → text/csv attachment
  exportReport: '/api/export/report', // GET ?traceIds=1,2&format=html&reportId=ID[&wholeGroup=1] → the report as an attachment
} as const;
/** Required on every mutating HTTP request, so a cross-site form post cannot reach the API. */
export const HTTP_CSRF_HEADER = 'x-exitscope-client';
/**
 * `serve --allow-remote` (a non-loopback address) requires its access token on every request:
 * in this header (scripts), or in the cookie the server sets when the browser first opens the
 * printed URL, which carries the token in the query parameter (the server then redirects to the
 * same URL without it).
 */
export const HTTP_TOKEN_HEADER = 'x-exitscope-token';
export const HTTP_TOKEN_COOKIE = 'exitscope_token';
export const HTTP_TOKEN_QUERY = 'token';

/**
 * What the preload exposes as `window.exitscope` in the desktop app. The preload object
 * is checked against this type with `satisfies`; the renderer reads it only in its client module.
 */
export interface DesktopBridge {
  invoke<K extends CommandName>(name: K, req: CommandReq<K>): Promise<WireResult<CommandRes<K>>>;
  on<E extends EventName>(event: E, listener: (payload: Events[E]) => void): () => void;
  /** A grant for a dropped or picked File (the preload finds its path; the window never sees it); null when it has none. */
  grantForFile(file: File): Promise<FileGrant | null>;
  /** Native dialogs, whose choice main keeps: a grant, or null when the user cancels. */
  chooseTraceFile(): Promise<FileGrant | null>;
  chooseSaveTarget(defaultName: string): Promise<FileGrant | null>;
  /** Menu actions (File > Import...) forwarded to the renderer. */
  onMenu(listener: (action: MenuAction) => void): () => void;
}
export type MenuAction = 'import' | 'new-run' | 'export-csv' | 'export-report-html' | 'export-report-pdf' | 'export-report-md' | 'export-report-json' | 'export-report-perfetto';
export const IPC_MENU_CHANNEL = 'exitscope:menu';
export const IPC_DIALOG_OPEN = 'exitscope:dialog:open-trace';
export const IPC_DIALOG_SAVE = 'exitscope:dialog:save';
export const IPC_GRANT_DROPPED = 'exitscope:grant:dropped';
