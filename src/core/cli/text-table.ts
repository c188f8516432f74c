// Plain-text tables for the CLI: columns right-aligned for numbers, left for text, one space
// gutter, a header underline. Cells are strings already formatted by the caller.
export interface TableColumn {
  header: string;
  align?: 'left' | 'right';
}

export function renderTable(columns: TableColumn[], rows: string[][]): string {
  const widths = columns.map((c, i) => Math.max(c.header.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]): string =>
    cells.map((cell, i) => (columns[i]!.align === 'left' ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ').trimEnd();
  return [line(columns.map((c) => c.header)), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n') + '\n';
}

/** An integer with thousands separators, or "-" for null. */
export function num(v: number | null): string {
  return v === null ? '-' : Math.round(v).toLocaleString('en-US');
}
