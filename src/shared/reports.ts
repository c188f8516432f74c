// Report exports as they cross the boundary: the formats a report is written in, the request
// the app sends (desktop: a host path from the save dialog; serve: a download), and its
// progress events. Types and constants only.

/** html: self-contained page with charts; pdf: the same, paginated; md: a Markdown summary; json: the data (docs/report-schema.md); perfetto: Chrome Trace Event JSON of one trace's exits. */
export const REPORT_FORMATS = ['html', 'pdf', 'md', 'json', 'perfetto'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

/** File name extension per format. */
export const REPORT_EXTENSIONS: Record<ReportFormat, string> = { html: 'html', pdf: 'pdf', md: 'md', json: 'json', perfetto: 'perfetto.json' };

export interface ReportExportRequest {
  /** Chosen by the caller, to match `report/progress` events and to cancel. */
  reportId: string;
  /** One trace, or the runs of one group (one report with its savings table). */
  traceIds: number[];
  format: ReportFormat;
  /** The whole run group of the (one) trace named: one report with its savings table. */
  wholeGroup?: boolean;
}

/** Desktop: written to a host path chosen in the save dialog. */
export interface ReportExportToPath extends ReportExportRequest {
  path: string;
}

export interface ReportExportResult {
  path: string;
  format: ReportFormat;
  bytes: number;
  traces: number;
}

export interface ReportProgressEvent {
  reportId: string;
  stage: string;
  /** Exits read so far and how many there are. */
  done: number;
  total: number;
}
