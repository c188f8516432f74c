// GET /api/export/report?traceIds=1,2&format=html|pdf|md|json|perfetto&reportId=ID[&wholeGroup=1]:
// a report as a download. The query is checked as the reports/export command is (minus the host
// path); a Perfetto trace is streamed as it is written, a report sent once written; a client that
// goes away cancels it.
import type { ServerResponse } from 'node:http';
import { PassThrough } from 'node:stream';
import { ExitScopeError } from '../errors';
import type { ExitScopeService } from '../service/exitscope-service';
import { reportRequest } from '../service/validate-request';
import type { ReportFormat } from '../../shared/reports';

const TYPES: Record<ReportFormat, string> = {
  html: 'text/html; charset=utf-8', pdf: 'application/pdf', md: 'text/markdown; charset=utf-8', json: 'application/json; charset=utf-8', perfetto: 'application/json; charset=utf-8',
};

export async function serveReport(service: ExitScopeService, url: URL, res: ServerResponse,
  fail: (status: number, err: unknown) => void): Promise<void> {
  let request;
  try {
    const ids = (url.searchParams.get('traceIds') ?? '').split(',').filter((s) => s !== '').map((s) => (/^\d+$/.test(s) ? Number(s) : s));
    request = reportRequest({
      reportId: url.searchParams.get('reportId') ?? '', traceIds: ids, format: url.searchParams.get('format') ?? '',
      ...(url.searchParams.get('wholeGroup') === '1' ? { wholeGroup: true } : {}),
    }, '');
  } catch (err) {
    return fail(400, err);
  }
  let name: string;
  try {
    name = service.reports.fileName(request);
  } catch (err) {
    return fail(err instanceof ExitScopeError && err.kind === 'NotFound' ? 404 : 400, err);
  }
  const onClose = (): void => {
    if (!res.writableFinished) service.reports.cancel(request.reportId);
  };
  res.on('close', onClose);
  const headers = { 'content-type': TYPES[request.format], 'content-disposition': `attachment; filename="${name}"`, 'cache-control': 'no-store' };
  try {
    if (request.format === 'perfetto') {
      // Streamed (it holds every exit): once headers are sent, a failure can only cut the download short.
      res.writeHead(200, headers);
      await service.reports.write(request, res);
    } else {
      // A report is small: written whole first, so a failure (no Chromium for a PDF) is answered as an error.
      const body = new PassThrough();
      const chunks: Buffer[] = [];
      body.on('data', (c: Buffer) => chunks.push(c));
      await service.reports.write(request, body);
      res.writeHead(200, headers);
      res.end(Buffer.concat(chunks));
    }
  } catch (err) {
    if (!res.headersSent) return fail(err instanceof ExitScopeError && err.kind === 'NotFound' ? 404 : 500, err);
    res.destroy(err instanceof Error ? err : undefined);
  } finally {
    res.off('close', onClose);
  }
  if (!res.writableEnded) res.end();
}
