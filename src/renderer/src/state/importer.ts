// One import at a time, from any entry point (Import button, file input, drag-and-drop, the
// desktop File > Import menu). It gets an ImportSource from the client (a host path or an
// upload), runs `traces/import` with a fresh importId, follows that id's `import/progress`
// events, and can cancel with `traces/cancel-import`. The caller hears of the result, or of the
// error with the host's message; a failure after the user cancelled is reported as a notice.
import { onScopeDispose, ref } from 'vue';
import type { ImportSource } from '../../../shared/contract';
import type { ImportProgress, ImportResult } from '../../../shared/dto';
import { client } from '../api/client';
import { baseName } from './import-progress';

export interface ActiveImport {
  importId: string;
  /** The file being imported, as the user knows it. */
  label: string;
  stage: 'choosing' | 'uploading' | 'importing';
  progress: ImportProgress | null;
  cancelling: boolean;
}

export interface ImportHooks {
  onImported(result: ImportResult, label: string): void;
  onError(title: string, err: unknown): void;
  onNotice(text: string): void;
}

export function useImporter(hooks: ImportHooks) {
  const active = ref<ActiveImport | null>(null);
  /** Aborts the running import's upload (browser); the host's own work is cancelled by command. */
  let uploadAbort: AbortController | null = null;

  onScopeDispose(
    client.on('import/progress', (progress) => {
      if (active.value?.importId === progress.importId) active.value.progress = progress;
    }),
  );

  type SourceGetter = (signal: AbortSignal) => Promise<ImportSource | null>;

  async function run(label: string, stage: ActiveImport['stage'], getSource: SourceGetter, name?: string): Promise<void> {
    if (active.value !== null) {
      hooks.onNotice('An import is already running.');
      return;
    }
    const job: ActiveImport = { importId: client.newImportId(), label, stage, progress: null, cancelling: false };
    active.value = job;
    const current = (): ActiveImport => active.value ?? job;
    uploadAbort = new AbortController();
    try {
      const source = await getSource(uploadAbort.signal);
      if (source === null || current().cancelling) return;
      if (label === '') current().label = source.kind === 'path' ? baseName(source.path) : client.grantedName(source) ?? '';
      current().stage = 'importing';
      const result = await client.call('traces/import', { importId: job.importId, source, ...(name === undefined ? {} : { name }) });
      hooks.onImported(result, current().label);
    } catch (err) {
      if (current().cancelling) hooks.onNotice(`Import of ${current().label} cancelled.`);
      else hooks.onError(`Import of ${current().label || 'the trace'} failed`, err);
    } finally {
      active.value = null;
      uploadAbort = null;
    }
  }

  /** A File from the file input or a drop. */
  function importFile(file: File): Promise<void> {
    const stage = client.mode === 'browser' ? 'uploading' : 'importing';
    return run(file.name, stage, (signal) => client.sourceForFile(file, signal), file.name);
  }

  /** The desktop's native open dialog. */
  function importPicked(): Promise<void> {
    return run('', 'choosing', () => client.chooseTraceFile());
  }

  async function cancel(): Promise<void> {
    const job = active.value;
    if (job === null || job.cancelling) return;
    job.cancelling = true;
    if (job.stage !== 'importing') {
      uploadAbort?.abort(); // nothing runs on the host yet: run() stops before importing
      return;
    }
    try {
      await client.call('traces/cancel-import', { importId: job.importId });
    } catch (err) {
      hooks.onError('Cannot cancel the import', err);
    }
  }

  return { active, importFile, importPicked, cancel };
}
