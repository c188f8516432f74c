// Sorting of table rows by a clicked column: by the row's raw sort value when the builder gave
// one (latencies in ns, ports as numbers), else by the cell's text. Missing values sort last in
// either direction; ties keep the builder's order. Clicking a header cycles: numbers start
// largest first (what you look for in a profile), text starts A→Z; the second click reverses,
// the third restores the builder's order.
import type { SortValue, TableColumn, TableRow } from './table-model';

export type SortDirection = 'asc' | 'desc';

export interface SortState {
  key: string;
  direction: SortDirection;
}

export function sortValueOf(row: TableRow, key: string): SortValue {
  if (row.sort !== undefined && key in row.sort) return row.sort[key] ?? null;
  const text = row.cells[key] ?? '';
  return text === '' ? null : text;
}

function compareValues(a: SortValue, b: SortValue): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return String(a).localeCompare(String(b), 'en', { numeric: true });
}

export function sortRows(rows: readonly TableRow[], state: SortState | null): TableRow[] {
  if (state === null) return [...rows];
  const sign = state.direction === 'asc' ? 1 : -1;
  return rows
    .map((row, index) => ({ row, index, value: sortValueOf(row, state.key) }))
    .sort((x, y) => {
      if (x.value === null || y.value === null) {
        if (x.value === y.value) return x.index - y.index;
        return x.value === null ? 1 : -1;
      }
      return sign * compareValues(x.value, y.value) || x.index - y.index;
    })
    .map(({ row }) => row);
}

export function nextSort(current: SortState | null, column: TableColumn): SortState | null {
  const first: SortDirection = column.numeric ? 'desc' : 'asc';
  if (current === null || current.key !== column.key) return { key: column.key, direction: first };
  if (current.direction === first) return { key: column.key, direction: first === 'asc' ? 'desc' : 'asc' };
  return null;
}
