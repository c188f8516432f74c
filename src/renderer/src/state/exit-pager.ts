// Rows of the exit table, fetched a page at a time (`exits/page`) as the table scrolls, and
// forgotten again when they scroll far away: the renderer holds at most KEEP_PAGES pages of a
// trace, never the whole trace. A new query (trace, filter, sort) drops everything; answers to an
// older query are ignored.
import { ref, shallowRef } from 'vue';
import type { ExitCount, ExitFilter, ExitSortKey, ExitTableRow, SortDir } from '../../../shared/explore';
import { client } from '../api/client';

export const PAGE_ROWS = 200;
/** Pages kept around the visible ones. */
export const KEEP_PAGES = 12;

export interface ExitQuery {
  traceId: number;
  filter: ExitFilter;
  sort: { key: ExitSortKey; dir: SortDir };
}

export function useExitPager(reportError: (title: string, err: unknown) => void) {
  const total = shallowRef<ExitCount | null>(null);
  const plan = ref('');
  /** Bumped whenever a page arrives or goes, so views reading rowAt re-render. */
  const version = ref(0);
  const loading = ref(false);
  let pages = new Map<number, ExitTableRow[]>();
  let inFlight = new Set<number>();
  let query: ExitQuery | null = null;
  let generation = 0;

  async function fetchPage(page: number): Promise<void> {
    if (query === null || pages.has(page) || inFlight.has(page)) return;
    const mine = generation;
    const q = query;
    inFlight.add(page);
    loading.value = true;
    try {
      const res = await client.call('exits/page', { ...q, offset: page * PAGE_ROWS, limit: PAGE_ROWS });
      if (mine !== generation) return;
      pages.set(page, res.rows);
      total.value = res.total;
      plan.value = res.plan;
      version.value++;
    } catch (err) {
      if (mine === generation) reportError('Cannot read the exits', err);
    } finally {
      if (mine === generation) {
        inFlight.delete(page);
        loading.value = inFlight.size > 0;
      }
    }
  }

  /** Starts a new query: forgets every row and reads the first page (which brings the total). */
  function setQuery(q: ExitQuery): Promise<void> {
    generation++;
    query = q;
    pages = new Map();
    inFlight = new Set();
    total.value = null;
    version.value++;
    return fetchPage(0);
  }

  /** Makes sure rows first..last are loaded (or loading), and drops pages far from them. */
  function ensure(first: number, last: number): void {
    const p0 = Math.floor(Math.max(0, first) / PAGE_ROWS);
    const p1 = Math.floor(Math.max(0, last) / PAGE_ROWS);
    for (let p = p0; p <= p1; p++) void fetchPage(p);
    let dropped = false;
    for (const p of pages.keys()) {
      if (p < p0 - KEEP_PAGES / 2 || p > p1 + KEEP_PAGES / 2) {
        pages.delete(p);
        dropped = true;
      }
    }
    if (dropped) version.value++;
  }

  function rowAt(i: number): ExitTableRow | null {
    return pages.get(Math.floor(i / PAGE_ROWS))?.[i % PAGE_ROWS] ?? null;
  }

  /** Rows held now (for tests and the status line). */
  function heldRows(): number {
    let n = 0;
    for (const rows of pages.values()) n += rows.length;
    return n;
  }

  return { total, plan, version, loading, setQuery, ensure, rowAt, heldRows };
}
