// The shape every table in the UI is built from: the stats tables, the slowest-exits table and
// the data table behind each chart. Pure builders (in this folder and in charts/) turn DTOs into
// a TableModel of ready-formatted strings, plus raw values to sort by; DataTable.vue only renders
// it. The `id` becomes the table's data-testid and each row's `key` its data-key, so tests and
// screen readers see the same data as the charts.
export interface TableColumn {
  key: string;
  label: string;
  /** Right-aligned, monospace. */
  numeric?: boolean;
  /** A longer explanation, shown as the header's tooltip. */
  title?: string;
}

/** The raw value a column sorts by (null sorts last); without one, the cell's text is used. */
export type SortValue = number | string | null;

export interface TableRow {
  key: string;
  cells: Record<string, string>;
  sort?: Record<string, SortValue>;
  /** A cell's tooltip (e.g. where its number comes from), by column key. */
  titles?: Record<string, string>;
}

export interface TableModel {
  id: string;
  caption: string;
  columns: TableColumn[];
  rows: TableRow[];
  /** What to say when there are no rows. */
  empty: string;
  /** Headers sort the rows when clicked (see sort-rows.ts). */
  sortable?: boolean;
}
