// Report exports of the service: each runs on its own read connection (a long export never holds
// the service's connection), is cancellable by its reportId, reports progress at most every
// 100 ms, and writes to a host path (desktop, CLI) or to any stream (the serve download). A
// failed or cancelled export to a path leaves no file. The desktop app passes Electron's
// printToPDF as `printPdf`; elsewhere a PDF is printed by the system Chromium.
import { createWriteStream, rmSync } from 'node:fs';
import type { Writable } from 'node:stream';
import { ExitScopeError } from '../errors';
import { groupRuns, traceRun } from '../analysis/queries';
import type { BuildReportOptions } from '../report/build-report';
import { discardFile } from '../report/text-sink';
import { writeReport } from '../report/write-report';
import type { PdfPrinter, WrittenReport } from '../report/write-report';
import { openTraceDb } from '../trace/store/open-trace-db';
import type { Db } from '../trace/store/open-trace-db';
import { REPORT_EXTENSIONS } from '../../shared/reports';
import type { ReportExportRequest, ReportExportResult, ReportExportToPath, ReportProgressEvent } from '../../shared/reports';

export interface ReportJobsOptions {
  libraryPath: string;
  version: string;
  printPdf?: PdfPrinter;
  lookups: () => Pick<BuildReportOptions, 'profileOf' | 'resultsOf'>;
  onProgress: (e: ReportProgressEvent) => void;
}

/** The trace ids a request names: the trace's whole run group with wholeGroup (itself when it has none). */
export function reportTraceIds(db: Db, req: Pick<ReportExportRequest, 'traceIds' | 'wholeGroup'>): number[] {
  if (!req.wholeGroup) return req.traceIds;
  const id = req.traceIds[0]!;
  const group = traceRun(db, id).meta.runGroup;
  return group === null ? [id] : groupRuns(db, group).map((r) => r.traceId);
}

export class ReportJobs {
  private readonly jobs = new Map<string, AbortController>();
  constructor(private readonly o: ReportJobsOptions) {}

  async write(req: ReportExportRequest, out: Writable): Promise<WrittenReport> {
    if (this.jobs.has(req.reportId)) throw new ExitScopeError('ValidationError', `report ${req.reportId} is already being written`);
    const ctl = new AbortController();
    this.jobs.set(req.reportId, ctl);
    const reader = openTraceDb(this.o.libraryPath, { create: false, readonly: true });
    let last = 0;
    try {
      return await writeReport(reader, reportTraceIds(reader, req), out, {
        format: req.format, version: this.o.version, printPdf: this.o.printPdf, ...this.o.lookups(), signal: ctl.signal,
        onProgress: (p) => {
          const now = Date.now();
          if (now - last < 100 && p.done < p.total) return;
          last = now;
          this.o.onProgress({ reportId: req.reportId, ...p });
        },
      });
    } finally {
      reader.close();
      this.jobs.delete(req.reportId);
    }
  }

  async toPath(req: ReportExportToPath): Promise<ReportExportResult> {
    const out = createWriteStream(req.path);
    try {
      const written = await this.write(req, out);
      return { path: req.path, format: written.format, bytes: written.bytes, traces: written.traces };
    } catch (err) {
      await discardFile(out, req.path, (f) => rmSync(f, { force: true }));
      throw err;
    }
  }

  /** A download's file name: the trace's name (or "run-group") and the format's extension. */
  fileName(req: ReportExportRequest): string {
    const reader = openTraceDb(this.o.libraryPath, { create: false, readonly: true });
    try {
      const ids = reportTraceIds(reader, req);
      const base = ids.length > 1 ? `exitscope-report-${ids.join('-')}` : traceRun(reader, ids[0]!).traceId + '-' +
        ((reader.prepare('SELECT name FROM traces WHERE id = ?').get(ids[0]) as { name: string }).name);
      return `${base.replace(/\.[A-Za-z0-9]{1,5}$/, '').replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 120) || 'report'}.${REPORT_EXTENSIONS[req.format]}`;
    } finally {
      reader.close();
    }
  }

  cancel(reportId: string): boolean {
    const ctl = this.jobs.get(reportId);
    ctl?.abort();
    return ctl !== undefined;
  }

  cancelAll(): void {
    for (const ctl of this.jobs.values()) ctl.abort();
  }
}
