// The data of the selected trace: its summary (`traces/summary`, every aggregate computed by
// the host in SQL) and its slowest exits (`traces/slowest`). Reloaded when the trace changes;
// an answer for a trace that is no longer selected is dropped.
import { ref, shallowRef, toValue, watch, type MaybeRefOrGetter } from 'vue';
import type { ExitRow, TraceSummary } from '../../../shared/dto';
import { client } from '../api/client';

export const SLOWEST_LIMIT = 50;

export function useTraceData(traceId: MaybeRefOrGetter<number>, reportError: (title: string, err: unknown) => void) {
  const summary = shallowRef<TraceSummary | null>(null);
  const slowest = shallowRef<ExitRow[]>([]);
  const loading = ref(false);
  let generation = 0;

  async function load(id: number): Promise<void> {
    const mine = ++generation;
    loading.value = true;
    try {
      const [s, rows] = await Promise.all([
        client.call('traces/summary', { traceId: id }),
        client.call('traces/slowest', { traceId: id, limit: SLOWEST_LIMIT }),
      ]);
      if (mine !== generation) return;
      summary.value = s;
      slowest.value = rows;
    } catch (err) {
      if (mine === generation) reportError('Cannot load the trace', err);
    } finally {
      if (mine === generation) loading.value = false;
    }
  }

  watch(() => toValue(traceId), (id) => void load(id), { immediate: true });

  return { summary, slowest, loading };
}
