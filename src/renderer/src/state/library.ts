// The library of stored traces shown in the sidebar: the list from `traces/list`, refreshed on
// every `traces/changed` event, and which trace is selected. On first load, and when the
// selected trace disappears (deleted), the newest trace is selected.
import { computed, onScopeDispose, ref } from 'vue';
import type { TraceListItem } from '../../../shared/dto';
import { client } from '../api/client';

export function newestTrace(traces: readonly TraceListItem[]): TraceListItem | null {
  let newest: TraceListItem | null = null;
  for (const t of traces) if (newest === null || t.id > newest.id) newest = t;
  return newest;
}

export function useLibrary(reportError: (title: string, err: unknown) => void) {
  const traces = ref<TraceListItem[]>([]);
  const selectedId = ref<number | null>(null);
  const loaded = ref(false);
  const selected = computed(() => traces.value.find((t) => t.id === selectedId.value) ?? null);

  async function refresh(): Promise<void> {
    try {
      traces.value = await client.call('traces/list', {});
      const firstLoad = !loaded.value && selectedId.value === null;
      const lost = selectedId.value !== null && selected.value === null;
      if (firstLoad || lost) selectedId.value = newestTrace(traces.value)?.id ?? null;
    } catch (err) {
      reportError('Cannot list the stored traces', err);
    } finally {
      loaded.value = true;
    }
  }

  function select(id: number | null): void {
    selectedId.value = id;
  }

  onScopeDispose(client.on('traces/changed', () => void refresh()));
  void refresh();

  return { traces, selectedId, selected, loaded, refresh, select };
}
