// A table that renders only the rows in view (plus overscan) inside its own scroll container, so the
// connection table stays fast with thousands of entries. Fixed row height; sortable headers; the scroll
// position survives data updates because the container and its rows are reused, never rebuilt.
import { h, setText } from './dom';
import { ariaSort, columnLayout, nextSort, sortRows, visibleRange, type Column, type SortState } from './tableModel';

export interface VirtualTableOptions<T> {
  /** Accessible name of the table. */
  label: string;
  columns: Column<T>[];
  sort?: SortState | null;
  onSortChange?: (sort: SortState) => void;
  /** Extra classes for a row, e.g. to colour it by state. */
  rowClass?: (row: T) => string | undefined;
  /** Tooltip for a whole row. */
  rowTitle?: (row: T) => string | undefined;
  rowHeight?: number;
  overscan?: number;
  emptyText?: string;
  testId?: string;
}

interface RowEl {
  row: HTMLDivElement;
  cells: HTMLDivElement[];
}

export class VirtualTable<T> {
  readonly element: HTMLDivElement;
  private readonly body: HTMLDivElement;
  private readonly window: HTMLDivElement;
  private readonly empty: HTMLDivElement;
  private readonly headers: HTMLDivElement[] = [];
  private readonly pool: RowEl[] = [];
  private readonly rowHeight: number;
  private readonly overscan: number;
  private rows: readonly T[] = [];
  private sorted: T[] = [];
  private sort: SortState | null;
  private frame = 0;
  private readonly resizeObserver: ResizeObserver;

  constructor(private readonly o: VirtualTableOptions<T>) {
    this.rowHeight = o.rowHeight ?? 24;
    this.overscan = o.overscan ?? 10;
    this.sort = o.sort ?? null;
    const layout = columnLayout(o.columns as Column<unknown>[]);

    const headRow = h('div', { class: 'vt-row vt-head-row', role: 'row', 'aria-rowindex': 1 });
    for (const c of o.columns) {
      const sortButton = h(
        'button',
        { class: 'vt-sort', type: 'button' },
        h('span', { class: 'vt-title' }, c.title),
        h('span', { class: 'vt-sort-icon', 'aria-hidden': 'true' }),
      );
      sortButton.addEventListener('click', () => this.setSort(nextSort(this.sort, c.key), true));
      const th = h('div', { class: `vt-cell vt-th${c.align === 'end' ? ' vt-end' : ''}`, role: 'columnheader', 'data-key': c.key }, sortButton);
      this.headers.push(th);
      headRow.append(th);
    }
    this.window = h('div', { class: 'vt-window', role: 'presentation' });
    this.body = h('div', { class: 'vt-body', role: 'rowgroup' }, this.window);
    this.empty = h('div', { class: 'vt-empty', role: 'status' }, o.emptyText ?? '');
    this.element = h(
      'div',
      { class: 'vt', role: 'table', 'aria-label': o.label, tabindex: 0, 'data-testid': o.testId },
      h('div', { class: 'vt-head', role: 'rowgroup' }, headRow),
      this.body,
      this.empty,
    );
    // CSSOM (not a style attribute), which the CSP allows.
    this.element.style.setProperty('--vt-columns', layout.template);
    this.element.style.setProperty('--vt-min-width', `${layout.minWidthCh}ch`);
    this.element.style.setProperty('--vt-row-height', `${this.rowHeight}px`);

    this.element.addEventListener('scroll', () => this.schedule(), { passive: true });
    // Also fires when a hidden tab becomes visible and the viewport gets its real height.
    this.resizeObserver = new ResizeObserver(() => this.schedule());
    this.resizeObserver.observe(this.element);
    this.updateHeaders();
    this.setRows([]);
  }

  setRows(rows: readonly T[]): void {
    this.rows = rows;
    this.sorted = sortRows(rows, this.o.columns, this.sort);
    this.body.style.height = `${this.sorted.length * this.rowHeight}px`;
    this.element.setAttribute('aria-rowcount', String(this.sorted.length + 1));
    this.empty.hidden = this.sorted.length > 0;
    this.render();
  }

  setEmptyText(text: string): void {
    setText(this.empty, text);
  }

  setSort(sort: SortState | null, fromUser = false): void {
    this.sort = sort;
    this.updateHeaders();
    this.setRows(this.rows);
    if (fromUser && sort) this.o.onSortChange?.(sort);
  }

  /** How many row elements exist (visible + overscan); the e2e and dev checks use it to see virtualization. */
  get renderedRowCount(): number {
    return this.window.childElementCount;
  }

  destroy(): void {
    this.resizeObserver.disconnect();
    cancelAnimationFrame(this.frame);
  }

  private updateHeaders(): void {
    this.o.columns.forEach((c, i) => {
      const th = this.headers[i];
      const s = ariaSort(this.sort, c.key);
      th.setAttribute('aria-sort', s);
      setText(th.querySelector('.vt-sort-icon')!, s === 'ascending' ? '▲' : s === 'descending' ? '▼' : '');
    });
  }

  private schedule(): void {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.render();
    });
  }

  private render(): void {
    const { columns } = this.o;
    // The sticky header is one row high and covers the top of the viewport.
    const viewportHeight = Math.max(0, this.element.clientHeight - this.rowHeight);
    const { start, end } = visibleRange({
      scrollTop: this.element.scrollTop,
      viewportHeight,
      rowHeight: this.rowHeight,
      rowCount: this.sorted.length,
      overscan: this.overscan,
    });
    const count = end - start;
    while (this.pool.length < count) {
      const cells = columns.map((c) => h('div', { class: c.align === 'end' ? 'vt-cell vt-end' : 'vt-cell', role: 'cell' }));
      this.pool.push({ row: h('div', { class: 'vt-row', role: 'row' }, ...cells), cells });
    }
    for (let i = 0; i < count; i++) {
      const item = this.sorted[start + i];
      const { row, cells } = this.pool[i];
      const extra = this.o.rowClass?.(item);
      const rowClass = extra ? `vt-row ${extra}` : 'vt-row';
      if (row.className !== rowClass) row.className = rowClass;
      row.setAttribute('aria-rowindex', String(start + i + 2));
      const title = this.o.rowTitle?.(item);
      if (title) row.title = title;
      else row.removeAttribute('title');
      columns.forEach((c, j) => {
        const cell = cells[j];
        const text = c.text(item);
        setText(cell, text);
        // A tooltip where the text may be cut off (longer than the column's guaranteed width).
        if (text.length > c.minCh - 2) cell.title = text;
        else if (cell.hasAttribute('title')) cell.removeAttribute('title');
        const cls = c.cellClass?.(item);
        const cellClass = `vt-cell${c.align === 'end' ? ' vt-end' : ''}${cls ? ` ${cls}` : ''}`;
        if (cell.className !== cellClass) cell.className = cellClass;
      });
      if (row.parentElement !== this.window || this.window.children[i] !== row) this.window.append(row);
    }
    // Surplus pooled rows leave the DOM but stay in the pool for the next render.
    for (let i = count; i < this.pool.length; i++) this.pool[i].row.remove();
    this.window.style.transform = `translateY(${start * this.rowHeight}px)`;
  }
}
