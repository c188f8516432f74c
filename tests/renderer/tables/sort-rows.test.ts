import { describe, expect, it } from 'vitest';
import { nextSort, sortRows, sortValueOf } from '../../../src/renderer/src/tables/sort-rows';
import type { TableRow } from '../../../src/renderer/src/tables/table-model';

const row = (key: string, text: string, raw?: number | null): TableRow => ({
  key,
  cells: { name: key, latency: text },
  ...(raw === undefined ? {} : { sort: { latency: raw } }),
});

// Formatted text would sort wrongly ("9 µs" > "10 µs"); the raw ns values sort right.
const rows = [row('a', '9 µs', 9000), row('b', '—', null), row('c', '10 µs', 10_000), row('d', '250 ns', 250)];
const keys = (list: TableRow[]): string[] => list.map((r) => r.key);

describe('sortRows', () => {
  it('keeps the builder\u2019s order without a sort', () => {
    expect(keys(sortRows(rows, null))).toEqual(['a', 'b', 'c', 'd']);
  });

  it('sorts by raw values, missing ones last in both directions', () => {
    expect(keys(sortRows(rows, { key: 'latency', direction: 'desc' }))).toEqual(['c', 'a', 'd', 'b']);
    expect(keys(sortRows(rows, { key: 'latency', direction: 'asc' }))).toEqual(['d', 'a', 'c', 'b']);
  });

  it('falls back to the cell text, with digit runs compared as numbers', () => {
    const named = ['port 10', 'port 9', 'port 100'].map((k) => row(k, ''));
    expect(keys(sortRows(named, { key: 'name', direction: 'asc' }))).toEqual(['port 9', 'port 10', 'port 100']);
  });

  it('keeps ties in the builder\u2019s order', () => {
    const tied = [row('x', '', 1), row('y', '', 1), row('z', '', 0)];
    expect(keys(sortRows(tied, { key: 'latency', direction: 'desc' }))).toEqual(['x', 'y', 'z']);
    expect(keys(sortRows(tied, { key: 'latency', direction: 'asc' }))).toEqual(['z', 'x', 'y']);
  });

  it('does not reorder its input', () => {
    sortRows(rows, { key: 'latency', direction: 'asc' });
    expect(keys(rows)).toEqual(['a', 'b', 'c', 'd']);
  });

  it('treats an empty cell as missing', () => {
    expect(sortValueOf(row('e', ''), 'latency')).toBeNull();
    expect(sortValueOf(row('e', 'x'), 'latency')).toBe('x');
    expect(sortValueOf(row('e', 'x', 5), 'latency')).toBe(5);
  });
});

describe('nextSort', () => {
  const numeric = { key: 'latency', label: 'Latency', numeric: true };
  const text = { key: 'name', label: 'Name' };

  it('starts numbers largest first and text A to Z, then reverses, then clears', () => {
    const first = nextSort(null, numeric);
    expect(first).toEqual({ key: 'latency', direction: 'desc' });
    const second = nextSort(first, numeric);
    expect(second).toEqual({ key: 'latency', direction: 'asc' });
    expect(nextSort(second, numeric)).toBeNull();
    expect(nextSort(null, text)).toEqual({ key: 'name', direction: 'asc' });
  });

  it('starts over on another column', () => {
    expect(nextSort({ key: 'latency', direction: 'asc' }, text)).toEqual({ key: 'name', direction: 'asc' });
  });
});
