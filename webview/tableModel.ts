// The pure half of the virtualized table: which rows are in view, column layout and ordering.
// No DOM here, so the maths runs under node:test.

export type SortDir = 'asc' | 'desc';
export interface SortState {
  key: string;
  dir: SortDir;
}

export interface Column<T> {
  key: string;
  title: string;
  /** Narrowest the column gets, in ch (cell padding included). */
  minCh: number;
  /** Share of the spare width; 0 (default) keeps the column at minCh. */
  grow?: number;
  align?: 'start' | 'end';
  text: (row: T) => string;
  /** Ordering for the column; without one the column sorts by its text. */
  compare?: (a: T, b: T) => number;
  cellClass?: (row: T) => string | undefined;
}

export interface RangeInput {
  scrollTop: number;
  /** Height of the area rows can show in (the sticky header excluded). */
  viewportHeight: number;
  rowHeight: number;
  rowCount: number;
  /** Extra rows rendered above and below the visible ones, so fast scrolling shows no gaps. */
  overscan: number;
}

/** Rows [start, end) to render. */
export interface RowRange {
  start: number;
  end: number;
}

export function visibleRange({ scrollTop, viewportHeight, rowHeight, rowCount, overscan }: RangeInput): RowRange {
  if (rowCount <= 0 || rowHeight <= 0) return { start: 0, end: 0 };
  const height = Math.max(0, viewportHeight);
  // The browser may report a scrollTop past the end for a moment after rows were removed.
  const top = clampScrollTop(scrollTop, rowCount, rowHeight, height);
  const first = Math.floor(top / rowHeight);
  const last = Math.ceil((top + height) / rowHeight);
  return { start: Math.max(0, first - overscan), end: Math.min(rowCount, Math.max(last, first + 1) + overscan) };
}

export function clampScrollTop(scrollTop: number, rowCount: number, rowHeight: number, viewportHeight: number): number {
  const max = Math.max(0, rowCount * rowHeight - viewportHeight);
  return Math.min(Math.max(0, scrollTop), max);
}

/** CSS grid-template-columns for the columns, and the width below which the table scrolls sideways. */
export function columnLayout(columns: readonly Column<unknown>[]): { template: string; minWidthCh: number } {
  const template = columns.map((c) => (c.grow ? `minmax(${c.minCh}ch, ${c.grow}fr)` : `${c.minCh}ch`)).join(' ');
  return { template, minWidthCh: columns.reduce((sum, c) => sum + c.minCh, 0) };
}

/** Clicking a header: a new column sorts ascending, the sorted one flips. */
export function nextSort(current: SortState | null, key: string): SortState {
  if (current && current.key === key) return { key, dir: current.dir === 'asc' ? 'desc' : 'asc' };
  return { key, dir: 'asc' };
}

export function ariaSort(current: SortState | null, key: string): 'ascending' | 'descending' | 'none' {
  if (!current || current.key !== key) return 'none';
  return current.dir === 'asc' ? 'ascending' : 'descending';
}

const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });
export const compareText = (a: string, b: string): number => collator.compare(a, b);

/**
 * A sorted copy. Ties keep their input order in both directions (Array.prototype.sort is stable and
 * descending negates the comparison instead of reversing), so rows do not jump between refreshes.
 * An unknown key or no sort returns the rows in input order.
 */
export function sortRows<T>(rows: readonly T[], columns: readonly Column<T>[], sort: SortState | null): T[] {
  const column = sort ? columns.find((c) => c.key === sort.key) : undefined;
  if (!sort || !column) return rows.slice();
  const cmp = column.compare ?? ((a: T, b: T) => compareText(column.text(a), column.text(b)));
  const sign = sort.dir === 'asc' ? 1 : -1;
  return rows.slice().sort((a, b) => sign * cmp(a, b));
}
