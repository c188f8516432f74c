// The serve-mode transport: the same command/event contract as the Electron bridge, carried
// over the HTTP routes of contract.ts. Commands are JSON POSTs answered with a WireResult,
// events arrive on one shared EventSource, files are uploaded with PUT. Every mutating request
// carries the CSRF header. Only api/client.ts uses this module.
import {
  HTTP_CSRF_HEADER,
  HTTP_ROUTES,
  type CommandName,
  type CommandReq,
  type CommandRes,
  type EventName,
  type Events,
  type WireResult,
} from '../../../shared/contract';
import type { ReportExportRequest } from '../../../shared/reports';

const CSRF_HEADERS = { [HTTP_CSRF_HEADER]: '1' };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

function isWireResult(value: unknown): value is WireResult<unknown> {
  if (!isRecord(value) || typeof value.ok !== 'boolean') return false;
  return value.ok ? 'value' in value : isRecord(value.error) && typeof value.error.message === 'string';
}

function httpFailure(name: string, message: string): { ok: false; error: { name: string; message: string } } {
  return { ok: false, error: { name, message } };
}

/** Reads a response body as JSON; a body that is not JSON becomes null. */
async function readJson(res: Response): Promise<unknown> {
  const text = await res.text();
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}

/** The message of a failed HTTP exchange: the host's WireError when it sent one. */
async function failureOf(res: Response): Promise<{ ok: false; error: { name: string; message: string } }> {
  const body = await readJson(res);
  if (isWireResult(body) && !body.ok) return body;
  return httpFailure('HttpError', `HTTP ${res.status} ${res.statusText}`.trim());
}

export async function invokeHttp<K extends CommandName>(name: K, req: CommandReq<K>): Promise<WireResult<CommandRes<K>>> {
  let res: Response;
  try {
    res = await fetch(`${HTTP_ROUTES.command}${name}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...CSRF_HEADERS },
      body: JSON.stringify(req),
    });
  } catch (err) {
    return httpFailure('NetworkError', `cannot reach the ExitScope host: ${err instanceof Error ? err.message : String(err)}`);
  }
  const body = await readJson(res.clone());
  // The host answers with a WireResult whatever the status; anything else is a transport failure.
  if (isWireResult(body)) return body as WireResult<CommandRes<K>>;
  return failureOf(res);
}

let eventSource: EventSource | null = null;

/** Subscribes to a pushed event; one EventSource carries all of them. */
export function onHttpEvent<E extends EventName>(event: E, listener: (payload: Events[E]) => void): () => void {
  eventSource ??= new EventSource(HTTP_ROUTES.events);
  const source = eventSource;
  const handler = (message: MessageEvent<string>): void => {
    listener(JSON.parse(message.data) as Events[E]);
  };
  source.addEventListener(event, handler);
  return () => source.removeEventListener(event, handler);
}

/** Uploads a file to the host for a later `traces/import` with `{ kind: 'upload' }`. */
export async function uploadHttp(file: File, signal?: AbortSignal): Promise<WireResult<{ uploadId: string }>> {
  let res: Response;
  try {
    res = await fetch(`${HTTP_ROUTES.upload}?name=${encodeURIComponent(file.name)}`, {
      method: 'PUT',
      headers: { 'content-type': 'application/octet-stream', ...CSRF_HEADERS },
      body: file,
      signal,
    });
  } catch (err) {
    if (signal?.aborted) return httpFailure('Cancelled', `upload of ${file.name} was cancelled`);
    return httpFailure('NetworkError', `upload of ${file.name} failed: ${err instanceof Error ? err.message : String(err)}`);
  }
  if (!res.ok) return failureOf(res);
  const body = await readJson(res);
  // The contract says `{ uploadId }`; a WireResult around it is accepted too.
  const payload = isWireResult(body) && body.ok ? body.value : body;
  if (isRecord(payload) && typeof payload.uploadId === 'string') return { ok: true, value: { uploadId: payload.uploadId } };
  if (isWireResult(body) && !body.ok) return body;
  return httpFailure('HttpError', 'the host answered the upload without an uploadId');
}

/** The URL that downloads a trace's exits as CSV. */
export function exportCsvUrl(traceId: number): string {
  return `${HTTP_ROUTES.exportCsv}?traceId=${traceId}`;
}

/** The URL that downloads a report (GET, HTTP_ROUTES.exportReport). */
export function exportReportUrl(req: ReportExportRequest): string {
  const q = new URLSearchParams({ traceIds: req.traceIds.join(','), format: req.format, reportId: req.reportId });
  if (req.wholeGroup) q.set('wholeGroup', '1');
  return `${HTTP_ROUTES.exportReport}?${q.toString()}`;
}

/** Fetches a report as a Blob; a failure is the host's WireError (no Chromium for a PDF, an unknown trace). */
export async function fetchReport(req: ReportExportRequest): Promise<WireResult<Blob>> {
  let res: Response;
  try {
    res = await fetch(exportReportUrl(req));
  } catch (err) {
    return httpFailure('NetworkError', `cannot reach the ExitScope host: ${err instanceof Error ? err.message : String(err)}`);
  }
  if (!res.ok) return failureOf(res);
  return { ok: true, value: await res.blob() };
}
