// Keyboard shortcuts (state/shortcuts.ts) and the trace list's search, grouping and stepping
// (state/trace-list.ts): pure functions, checked on realistic list items.
import { describe, expect, it } from 'vitest';
import { actionOf, SHORTCUTS } from '../../../src/renderer/src/state/shortcuts';
import { filterTraces, groupTraces, stepTrace } from '../../../src/renderer/src/state/trace-list';
import { humanizeName } from '../../../src/renderer/src/format/format';
import type { TraceListItem } from '../../../src/shared/dto';

const key = (k: string, mods: Partial<{ ctrlKey: boolean; metaKey: boolean; altKey: boolean }> = {}) => ({ key: k, ctrlKey: false, metaKey: false, altKey: false, ...mods });

function item(id: number, name: string, extra: Partial<TraceListItem> = {}): TraceListItem {
  return { id, name, kind: 'imported', status: 'complete', format: 'tracefs', sourcePath: null, createdAt: '2026-01-01T00:00:00Z', exitCount: 10, ioExitCount: 5, vcpuCount: 1, durationNs: 1000, ...extra };
}

const traces = [
  item(5, 'kvm-host-a.txt'),
  item(4, 'outl_to_kernel ring p4-2007', { kind: 'emulated', format: 'exitscope-run', run: { workload: 'outl_to_kernel', mechanism: 'ring', profileId: 'p4-2007', runGroup: 'aaaa1111-2222' } }),
  item(3, 'outl_to_kernel trap p4-2007', { kind: 'emulated', format: 'exitscope-run', run: { workload: 'outl_to_kernel', mechanism: 'trap', profileId: 'p4-2007', runGroup: 'aaaa1111-2222' } }),
  item(2, 'serial trap p4-2007', { kind: 'emulated', format: 'exitscope-run', run: { workload: 'serial', mechanism: 'trap', profileId: 'p4-2007', runGroup: 'bbbb' } }),
];

describe('shortcuts', () => {
  it('maps keys to actions, and leaves plain keys alone while typing', () => {
    expect(actionOf(key('i'), false)).toBe('import');
    expect(actionOf(key('o', { ctrlKey: true }), true)).toBe('import');
    expect(actionOf(key('n'), false)).toBe('new-run');
    expect(actionOf(key('/'), false)).toBe('find');
    expect(actionOf(key(']'), false)).toBe('next-exit');
    expect(actionOf(key('['), false)).toBe('previous-exit');
    expect(actionOf(key('e', { metaKey: true }), true)).toBe('export');
    expect(actionOf(key('?'), false)).toBe('help');
    expect(actionOf(key('Escape'), true)).toBe('escape');
    expect(actionOf(key('n'), true)).toBeNull();
    expect(actionOf(key('i', { altKey: true }), false)).toBeNull();
  });

  it('lists every action it handles in the help overlay', () => {
    const listed = new Set(SHORTCUTS.map((s) => s.action));
    for (const k of ['i', 'n', '/', 'j', 'k', ']', '[', 'e', 'c', 'd', '?', 'Escape']) expect(listed.has(actionOf(key(k), false)!)).toBe(true);
  });
});

describe('trace list', () => {
  it('finds traces by every word of the query', () => {
    expect(filterTraces(traces, 'trap').map((t) => t.id)).toEqual([3, 2]);
    expect(filterTraces(traces, 'outl RING').map((t) => t.id)).toEqual([4]);
    expect(filterTraces(traces, '#5').map((t) => t.id)).toEqual([5]);
    expect(filterTraces(traces, '  ').length).toBe(4);
    expect(filterTraces(traces, 'nothing-like-it')).toEqual([]);
  });

  it('groups by source, workload and run group, keeping the list order', () => {
    expect(groupTraces(traces, 'source').map((g) => [g.label, g.traces.map((t) => t.id)])).toEqual([['imported · tracefs', [5]], ['emulated · exitscope-run', [4, 3, 2]]]);
    expect(groupTraces(traces, 'workload').map((g) => [g.label, g.traces.length])).toEqual([['imported traces', 1], ['outl_to_kernel', 2], ['serial', 1]]);
    expect(groupTraces(traces, 'run').map((g) => g.traces.map((t) => t.id))).toEqual([[5], [4, 3], [2]]);
    expect(groupTraces(traces, 'none')).toHaveLength(1);
  });

  it('steps to the next and previous trace, stopping at the ends', () => {
    expect(stepTrace(traces, 5, 1)).toBe(4);
    expect(stepTrace(traces, 5, -1)).toBe(5);
    expect(stepTrace(traces, 2, 1)).toBe(2);
    expect(stepTrace(traces, null, 1)).toBe(5);
    expect(stepTrace([], 1, 1)).toBeNull();
  });

  it('turns camelCase keys into column titles', () => {
    expect(humanizeName('cyclesPerIteration')).toBe('Cycles per iteration');
    expect(humanizeName('guestTimeUs', true)).toBe('Guest time');
    expect(humanizeName('entry')).toBe('Entry');
    expect(humanizeName('configReads')).toBe('Config reads');
  });
});
