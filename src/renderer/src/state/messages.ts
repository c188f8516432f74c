// What the app tells the user outside the trace view: errors (kept until dismissed, each with
// the host's message, e.g. "line 12: ...") and one transient notice ("Imported 14 exits").
import { onScopeDispose, ref } from 'vue';
import { errorMessage } from '../api/client';

export interface UiError {
  id: number;
  title: string;
  name: string;
  message: string;
}

const NOTICE_MS = 8000;

export function useMessages() {
  const errors = ref<UiError[]>([]);
  const notice = ref<string | null>(null);
  let nextId = 1;
  let noticeTimer: ReturnType<typeof setTimeout> | undefined;

  function reportError(title: string, err: unknown): void {
    const name = err instanceof Error ? err.name : 'Error';
    errors.value = [...errors.value, { id: nextId++, title, name, message: errorMessage(err) }];
  }
  function dismiss(id: number): void {
    errors.value = errors.value.filter((e) => e.id !== id);
  }
  function notify(text: string): void {
    notice.value = text;
    clearTimeout(noticeTimer);
    noticeTimer = setTimeout(() => (notice.value = null), NOTICE_MS);
  }
  onScopeDispose(() => clearTimeout(noticeTimer));

  return { errors, notice, reportError, dismiss, notify };
}
