// The explore view's state in the URL hash, so the browser's Back and Forward step through
// filter changes and a link reopens the same exits: which trace, which tab, the exit filter,
// the sort, the selected exit and the timeline window. Plain URLSearchParams, readable:
//   #trace=3&view=explore&reason=HLT&reason=IO_INSTRUCTION&vcpu=0&port=0x3f8-0x3ff&min=100&q=com&sort=latency&dir=desc&sel=42
// Parsing never throws: what does not parse is left out (the host validates the rest).
import type { ExitFilter, ExitSortKey, SortDir } from '../../../shared/explore';
import { EXIT_SORT_KEYS } from '../../../shared/explore';

export interface ExploreState {
  traceId: number;
  view: string | null;
  filter: ExitFilter;
  sort: { key: ExitSortKey; dir: SortDir };
  /** The selected exit (seq). */
  selected: number | null;
  /** The timeline's window, relative to the trace's first exit (ns). */
  window: { from: number; to: number } | null;
}

export const DEFAULT_SORT = { key: 'time', dir: 'asc' } as const;

const num = (s: string | null): number | undefined => {
  if (s === null || s.trim() === '') return undefined;
  const v = Number(s);
  return Number.isFinite(v) ? v : undefined;
};
const int = (s: string): number | undefined => {
  if (s.trim() === '') return undefined;
  const v = /^0x[0-9a-f]+$/i.test(s.trim()) ? Number.parseInt(s.trim().slice(2), 16) : Number(s);
  return Number.isSafeInteger(v) ? v : undefined;
};

/** "0x3f8", "1016", "0x3f8-0x3ff" → an inclusive range; null when it does not parse. */
export function parsePortRange(text: string): { lo: number; hi: number } | null {
  const [a, b, ...rest] = text.split('-').map((p) => p.trim());
  if (a === undefined || a === '' || rest.length > 0) return null;
  const lo = int(a);
  const hi = b === undefined ? lo : int(b);
  if (lo === undefined || hi === undefined || lo < 0 || hi < lo) return null;
  return { lo, hi };
}

export function formatPortRange(r: { lo: number; hi: number }): string {
  const h = (v: number): string => `0x${v.toString(16)}`;
  return r.lo === r.hi ? h(r.lo) : `${h(r.lo)}-${h(r.hi)}`;
}

export function parseExploreHash(hash: string): ExploreState | null {
  const p = new URLSearchParams(hash.replace(/^#/, ''));
  const traceId = int(p.get('trace') ?? '');
  if (traceId === undefined || traceId <= 0) return null;
  const filter: ExitFilter = {};
  const strs = (key: string): string[] | undefined => (p.has(key) ? p.getAll(key).filter((s) => s !== '') : undefined);
  const ints = (key: string): number[] | undefined => (p.has(key) ? p.getAll(key).map(int).filter((v): v is number => v !== undefined) : undefined);
  const set = <K extends keyof ExitFilter>(k: K, v: ExitFilter[K] | undefined): void => {
    if (v !== undefined) filter[k] = v;
  };
  set('reasons', strs('reason'));
  set('forms', ints('form')?.filter((f) => f >= -1 && f <= 23));
  const port = p.get('port');
  if (port !== null) set('ports', parsePortRange(port) ?? undefined);
  set('devices', strs('device'));
  set('locations', strs('loc'));
  set('vcpus', ints('vcpu')?.filter((v) => v >= 0));
  set('mechanisms', strs('mech'));
  const min = num(p.get('min'));
  const max = num(p.get('max'));
  if (min !== undefined || max !== undefined) filter.measure = { ...(min !== undefined ? { min } : {}), ...(max !== undefined ? { max } : {}) };
  set('fromNs', num(p.get('from')));
  set('toNs', num(p.get('to')));
  const q = p.get('q');
  if (q !== null && q !== '') filter.text = q;
  const key = p.get('sort');
  const sort = {
    key: (EXIT_SORT_KEYS as readonly string[]).includes(key ?? '') ? (key as ExitSortKey) : DEFAULT_SORT.key,
    dir: p.get('dir') === 'desc' ? 'desc' as const : 'asc' as const,
  };
  const sel = int(p.get('sel') ?? '');
  const w0 = num(p.get('w0'));
  const w1 = num(p.get('w1'));
  return {
    traceId, view: p.get('view'), filter, sort, selected: sel === undefined ? null : sel,
    window: w0 !== undefined && w1 !== undefined && w1 > w0 ? { from: w0, to: w1 } : null,
  };
}

export function exploreHash(s: ExploreState): string {
  const p = new URLSearchParams();
  p.set('trace', String(s.traceId));
  if (s.view !== null) p.set('view', s.view);
  const f = s.filter;
  for (const v of f.reasons ?? []) p.append('reason', v);
  for (const v of f.forms ?? []) p.append('form', String(v));
  if (f.ports) p.set('port', formatPortRange(f.ports));
  for (const v of f.devices ?? []) p.append('device', v);
  for (const v of f.locations ?? []) p.append('loc', v);
  for (const v of f.vcpus ?? []) p.append('vcpu', String(v));
  for (const v of f.mechanisms ?? []) p.append('mech', v);
  if (f.measure?.min !== undefined) p.set('min', String(f.measure.min));
  if (f.measure?.max !== undefined) p.set('max', String(f.measure.max));
  if (f.fromNs !== undefined) p.set('from', String(f.fromNs));
  if (f.toNs !== undefined) p.set('to', String(f.toNs));
  if (f.text !== undefined && f.text !== '') p.set('q', f.text);
  if (s.sort.key !== DEFAULT_SORT.key || s.sort.dir !== DEFAULT_SORT.dir) {
    p.set('sort', s.sort.key);
    p.set('dir', s.sort.dir);
  }
  if (s.selected !== null) p.set('sel', String(s.selected));
  if (s.window) {
    p.set('w0', String(Math.round(s.window.from)));
    p.set('w1', String(Math.round(s.window.to)));
  }
  return `#${p.toString()}`;
}

export function emptyExploreState(traceId: number): ExploreState {
  return { traceId, view: 'explore', filter: {}, sort: { ...DEFAULT_SORT }, selected: null, window: null };
}

/** The tab the URL names for this trace, if any. */
export function tabFromHash(traceId: number, hash = window.location.hash): string | null {
  const s = parseExploreHash(hash);
  return s !== null && s.traceId === traceId ? s.view : null;
}

/** Writes the state: a new history entry (`push`, for filters) or the current one replaced (selection, zoom). */
export function writeExploreHash(s: ExploreState, mode: 'push' | 'replace'): void {
  const hash = exploreHash(s);
  if (hash === window.location.hash) return;
  if (mode === 'push') window.location.hash = hash;
  else history.replaceState(history.state, '', hash);
}
