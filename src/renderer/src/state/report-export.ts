// One report export at a time, from the Export menu or a view's Export report button: a fresh
// reportId, its `report/progress` events (exits read of how many), Cancel through
// `reports/cancel`. The caller hears what was saved (a notice) or the error.
import { onScopeDispose, ref } from 'vue';
import type { ReportFormat, ReportProgressEvent } from '../../../shared/reports';
import { client } from '../api/client';
import { FORMAT_LABELS } from './report-progress';

export interface ActiveReport {
  reportId: string;
  /** "HTML report of run 3" */
  label: string;
  progress: ReportProgressEvent | null;
  cancelling: boolean;
}

export interface ReportHooks {
  onError(title: string, err: unknown): void;
  onNotice(text: string): void;
}

export function useReportExport(hooks: ReportHooks) {
  const active = ref<ActiveReport | null>(null);

  onScopeDispose(
    client.on('report/progress', (p) => {
      if (active.value?.reportId === p.reportId) active.value.progress = p;
    }),
  );

  async function start(trace: { id: number; name: string }, format: ReportFormat, wholeGroup: boolean): Promise<void> {
    if (active.value !== null) {
      hooks.onNotice('A report is already being written.');
      return;
    }
    const job: ActiveReport = { reportId: client.newImportId(), label: `${FORMAT_LABELS[format]} report of ${wholeGroup ? 'the run group of ' : ''}${trace.name}`, progress: null, cancelling: false };
    active.value = job;
    try {
      const outcome = await client.exportReport({ reportId: job.reportId, traceIds: [trace.id], format, ...(wholeGroup ? { wholeGroup: true } : {}) }, trace.name);
      if (outcome !== null) hooks.onNotice(outcome);
    } catch (err) {
      if (err instanceof Error && err.name === 'Cancelled') hooks.onNotice(`${job.label} cancelled.`);
      else hooks.onError(`${job.label} failed`, err);
    } finally {
      active.value = null;
    }
  }

  async function cancel(): Promise<void> {
    const job = active.value;
    if (job === null || job.cancelling) return;
    job.cancelling = true;
    try {
      await client.call('reports/cancel', { reportId: job.reportId });
    } catch (err) {
      hooks.onError('Cannot cancel the report', err);
    }
  }

  return { active, start, cancel };
}
