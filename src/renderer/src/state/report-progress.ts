// The pure part of a report export's progress: the share done and the formats' names. Pure.
import type { ReportFormat, ReportProgressEvent } from '../../../shared/reports';

export const FORMAT_LABELS: Record<ReportFormat, string> = { html: 'HTML', pdf: 'PDF', md: 'Markdown', json: 'JSON', perfetto: 'Perfetto' };

/** The share done (0..1), or null before the first event. */
export function reportFraction(p: ReportProgressEvent | null): number | null {
  return p === null || p.total <= 0 ? null : Math.min(1, p.done / p.total);
}
