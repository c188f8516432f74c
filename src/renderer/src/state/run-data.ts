// Data of the run and savings views: `runs/breakdown` or `runs/savings` for the selected
// trace, reloaded when the trace changes or the library changes (a run of the group stored);
// an answer for a trace that is no longer selected is dropped.
import { onScopeDispose, ref, shallowRef, toValue, watch, type MaybeRefOrGetter, type ShallowRef } from 'vue';
import type { RunBreakdown, RunSavings } from '../../../shared/runs';
import { client } from '../api/client';

function useTraceQuery<T>(traceId: MaybeRefOrGetter<number>, load: (id: number) => Promise<T>, what: string, reportError: (title: string, err: unknown) => void) {
  const data: ShallowRef<T | null> = shallowRef(null);
  const loading = ref(false);
  let generation = 0;

  async function reload(): Promise<void> {
    const mine = ++generation;
    loading.value = true;
    try {
      const value = await load(toValue(traceId));
      if (mine === generation) data.value = value;
    } catch (err) {
      if (mine === generation) reportError(`Cannot load the ${what}`, err);
    } finally {
      if (mine === generation) loading.value = false;
    }
  }

  watch(() => toValue(traceId), () => void reload(), { immediate: true });
  onScopeDispose(client.on('traces/changed', () => void reload()));
  return { data, loading };
}

export function useRunBreakdown(traceId: MaybeRefOrGetter<number>, reportError: (title: string, err: unknown) => void) {
  return useTraceQuery<RunBreakdown>(traceId, (id) => client.call('runs/breakdown', { traceId: id }), 'run breakdown', reportError);
}

export function useRunSavings(traceId: MaybeRefOrGetter<number>, reportError: (title: string, err: unknown) => void) {
  return useTraceQuery<RunSavings>(traceId, (id) => client.call('runs/savings', { traceId: id }), 'savings', reportError);
}
