// Writes a report of one or more traces in one format to a stream: the one entry point of the
// CLI (`exitscope report`), the service (the app's Export) and the serve download route.
// html/md/json render the report model (JSON can stream every exit too); pdf prints the HTML
// with the caller's printer (Electron's printToPDF in the desktop app) or the system Chromium;
// perfetto streams one trace's exits as Chrome Trace Event JSON. Progress and cancellation as
// buildReport.
import type { Writable } from 'node:stream';
import { ExitScopeError } from '../errors';
import type { Db } from '../trace/store/open-trace-db';
import type { ReportFormat } from '../../shared/reports';
import { buildReport } from './build-report';
import type { BuildReportOptions } from './build-report';
import { writePerfetto } from './perfetto';
import { renderHtml } from './render-html';
import { writeReportJson } from './render-json';
import { renderMarkdown } from './render-markdown';
import { htmlToPdf } from './render-pdf';
import { TextSink } from './text-sink';

export type PdfPrinter = (html: string, signal?: AbortSignal) => Promise<Uint8Array>;

export interface WriteReportOptions extends BuildReportOptions {
  format: ReportFormat;
  /** json: stream every exit of every trace too. */
  exits?: boolean;
  /** pdf: how to print the HTML (default: the system Chromium through playwright-core). */
  printPdf?: PdfPrinter;
}

export interface WrittenReport {
  format: ReportFormat;
  bytes: number;
  traces: number;
}

class CountingSink extends TextSink {
  bytes = 0;
  override async write(text: string): Promise<void> {
    this.bytes += Buffer.byteLength(text, 'utf8');
    await super.write(text);
  }
}

export async function writeReport(db: Db, traceIds: readonly number[], out: Writable, opts: WriteReportOptions): Promise<WrittenReport> {
  const sink = new CountingSink(out);
  if (opts.format === 'perfetto') {
    if (traceIds.length !== 1) throw new ExitScopeError('ValidationError', `a Perfetto trace holds one trace's exits; got ${traceIds.length} trace ids`);
    await writePerfetto(db, traceIds[0]!, sink, { signal: opts.signal, onProgress: opts.onProgress });
    await sink.end();
    return { format: 'perfetto', bytes: sink.bytes, traces: 1 };
  }
  const report = await buildReport(db, traceIds, opts);
  if (opts.format === 'json') {
    const total = report.traces.reduce((n, t) => n + t.facts.exits, 0);
    await writeReportJson(report, sink, opts.exits ? { db, signal: opts.signal, onRows: (rows) => opts.onProgress?.({ stage: 'exits', done: rows, total }) } : null);
  } else if (opts.format === 'md') {
    await sink.write(renderMarkdown(report));
  } else if (opts.format === 'html') {
    await sink.write(renderHtml(report));
  } else {
    const html = renderHtml(report);
    opts.onProgress?.({ stage: 'printing the PDF', done: 0, total: 1 });
    const pdf = opts.printPdf ? await opts.printPdf(html, opts.signal) : await htmlToPdf(html, { signal: opts.signal });
    if (opts.signal?.aborted) throw new ExitScopeError('Cancelled', 'the report was cancelled');
    await sink.flush();
    const ok = out.write(Buffer.from(pdf.buffer, pdf.byteOffset, pdf.byteLength));
    sink.bytes += pdf.byteLength;
    if (!ok) await new Promise((resolve) => out.once('drain', resolve));
  }
  await sink.end();
  return { format: opts.format, bytes: sink.bytes, traces: report.traces.length };
}
