// The renderer's one door to the host. It picks the transport once: the Electron preload's
// `window.exitscope` (a DesktopBridge) when present, else the HTTP bridge of `exitscope serve`.
// Everything else in the renderer imports `client` from here and never knows which it got.
// Failed commands (a WireResult with ok:false) are thrown as HostError, keeping the host's
// error name and message for the UI.
import type {
  CommandName,
  CommandReq,
  CommandRes,
  DesktopBridge,
  EventName,
  Events,
  ImportSource,
  MenuAction,
  WireError,
  WireResult,
} from '../../../shared/contract';
import { csvFileName, reportFileName } from '../format/format';
import { REPORT_EXTENSIONS } from '../../../shared/reports';
import type { ReportExportRequest } from '../../../shared/reports';
import { exportCsvUrl, fetchReport, invokeHttp, onHttpEvent, uploadHttp } from './http-bridge';

export class HostError extends Error {
  constructor(error: WireError) {
    super(error.message);
    this.name = error.name;
  }
}

export interface HostClient {
  /** 'desktop': inside Electron (native dialogs, host paths); 'browser': serve mode. */
  readonly mode: 'desktop' | 'browser';
  /** Runs a command; throws HostError when the host answers ok:false. */
  call<K extends CommandName>(name: K, req: CommandReq<K>): Promise<CommandRes<K>>;
  on<E extends EventName>(event: E, listener: (payload: Events[E]) => void): () => void;
  /** Desktop menu actions (File > Import...); never fires in a browser. */
  onMenu(listener: (action: MenuAction) => void): () => void;
  /** The file name of a source the desktop shell granted (its path stays in main), or null. */
  grantedName(source: ImportSource): string | null;
  /** Desktop: the native open dialog (null when cancelled). Browser: always null, the UI opens a file input. */
  chooseTraceFile(): Promise<ImportSource | null>;
  /** A picked or dropped File as an import source: its host path on the desktop, an upload in a browser (abortable). */
  sourceForFile(file: File, signal?: AbortSignal): Promise<ImportSource>;
  /** Saves a trace's exits as CSV; returns what happened, for the status line, or null when cancelled. */
  exportCsv(traceId: number, traceName: string): Promise<string | null>;
  /** Saves a report (desktop: save dialog, then `reports/export`; browser: fetched, then downloaded); returns what happened, or null when cancelled. */
  exportReport(req: ReportExportRequest, traceName: string): Promise<string | null>;
  /** A fresh id for `traces/import`, to match its progress events and to cancel it. */
  newImportId(): string;
  /** A fresh id for `runs/start`, likewise. */
  newRunId(): string;
}

function unwrap<T>(result: WireResult<T>): T {
  if (!result.ok) throw new HostError(result.error);
  return result.value;
}

/** crypto.randomUUID exists only in secure contexts; serve mode over plain http on a LAN is not one. */
function newImportId(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = ((b[6] ?? 0) & 0x0f) | 0x40; // version 4
  b[8] = ((b[8] ?? 0) & 0x3f) | 0x80; // RFC 4122 variant
  const hex = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

function desktopClient(bridge: DesktopBridge): HostClient {
  /** grant id → the file's name, for labels (main keeps the path). */
  const names = new Map<string, string>();
  const call = async <K extends CommandName>(name: K, req: CommandReq<K>): Promise<CommandRes<K>> =>
    unwrap(await bridge.invoke(name, req));
  return {
    mode: 'desktop',
    call,
    on: (event, listener) => bridge.on(event, listener),
    onMenu: (listener) => bridge.onMenu(listener),
    // Host files are named by the grants main made for the user's choice, never by path.
    grantedName: (source) => (source.kind === 'granted' ? (names.get(source.grantId) ?? null) : null),
    async chooseTraceFile() {
      const grant = await bridge.chooseTraceFile();
      if (grant === null) return null;
      names.set(grant.grantId, grant.name);
      return { kind: 'granted', grantId: grant.grantId };
    },
    async sourceForFile(file) {
      const grant = await bridge.grantForFile(file);
      if (grant === null) throw new HostError({ name: 'ImportError', message: `${file.name} has no path on the host` });
      return { kind: 'granted', grantId: grant.grantId };
    },
    async exportCsv(traceId, traceName) {
      const grant = await bridge.chooseSaveTarget(csvFileName(traceName));
      if (grant === null) return null;
      const result = await call('traces/export-csv', { traceId, grantId: grant.grantId });
      return `Exported ${result.rows} rows to ${result.path}`;
    },
    async exportReport(req, traceName) {
      const grant = await bridge.chooseSaveTarget(reportFileName(traceName, REPORT_EXTENSIONS[req.format]));
      if (grant === null) return null;
      const result = await call('reports/export', { ...req, grantId: grant.grantId });
      return `Saved the ${req.format} report (${result.bytes.toLocaleString('en-US')} bytes) to ${result.path}`;
    },
    newImportId,
    newRunId: newImportId,
  };
}

function browserClient(): HostClient {
  return {
    mode: 'browser',
    call: async (name, req) => unwrap(await invokeHttp(name, req)),
    on: onHttpEvent,
    onMenu: () => () => undefined,
    grantedName: () => null,
    chooseTraceFile: async () => null,
    async sourceForFile(file, signal) {
      const { uploadId } = unwrap(await uploadHttp(file, signal));
      return { kind: 'upload', uploadId };
    },
    async exportCsv(traceId, traceName) {
      // The host sends the CSV as an attachment: following a link downloads it.
      const link = document.createElement('a');
      link.href = exportCsvUrl(traceId);
      link.download = csvFileName(traceName);
      document.body.append(link);
      link.click();
      link.remove();
      return `Downloading ${link.download}`;
    },
    async exportReport(req, traceName) {
      const blob = unwrap(await fetchReport(req));
      const link = document.createElement('a');
      link.href = URL.createObjectURL(blob);
      link.download = reportFileName(traceName, REPORT_EXTENSIONS[req.format]);
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(link.href), 60_000);
      return `Downloaded ${link.download} (${blob.size.toLocaleString('en-US')} bytes)`;
    },
    newImportId,
    newRunId: newImportId,
  };
}

export const client: HostClient = window.exitscope ? desktopClient(window.exitscope) : browserClient();

/** A readable message for anything caught: the host's message for HostError. */
export function errorMessage(err: unknown): string {
  if (err instanceof Error) return err.message;
  return String(err);
}
