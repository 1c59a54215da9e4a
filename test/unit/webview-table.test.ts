// The virtualized table's pure parts: visible-range maths, column layout, sorting; and the orderings it uses.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ariaSort, clampScrollTop, columnLayout, nextSort, sortRows, visibleRange, type Column } from '../../webview/tableModel';
import { compareEndpoints, compareIp } from '../../webview/compare';

describe('visibleRange', () => {
  const base = { rowHeight: 24, overscan: 0, rowCount: 1000 };

  test('top of the list: the rows that fit, the last one partly', () => {
    // 100 px / 24 px = 4.17 -> rows 0..4 (5 rows) are at least partly visible
    assert.deepEqual(visibleRange({ ...base, scrollTop: 0, viewportHeight: 100 }), { start: 0, end: 5 });
  });

  test('scrolled: starts at the row under the top edge', () => {
    // scrollTop 250 -> row 10 (240..264) is under the edge; 250 + 100 = 350 -> row 14 (336..360) is the last
    assert.deepEqual(visibleRange({ ...base, scrollTop: 250, viewportHeight: 100 }), { start: 10, end: 15 });
  });

  test('exactly on row boundaries renders no extra row', () => {
    // 240..336 covers rows 10..13 exactly
    assert.deepEqual(visibleRange({ ...base, scrollTop: 240, viewportHeight: 96 }), { start: 10, end: 14 });
  });

  test('overscan adds rows on both sides, clipped to the list', () => {
    assert.deepEqual(visibleRange({ ...base, overscan: 8, scrollTop: 250, viewportHeight: 100 }), { start: 2, end: 23 });
    assert.deepEqual(visibleRange({ ...base, overscan: 8, scrollTop: 0, viewportHeight: 100 }), { start: 0, end: 13 });
  });

  test('at the bottom the range ends at the last row', () => {
    // 1000 rows * 24 = 24000; max scrollTop = 24000 - 100 = 23900 -> first row 995
    assert.deepEqual(visibleRange({ ...base, overscan: 3, scrollTop: 23900, viewportHeight: 100 }), { start: 992, end: 1000 });
  });

  test('a scrollTop past the end (rows just removed) is clamped', () => {
    // 10 rows = 240 px, viewport 100 -> max scrollTop 140 -> rows 5..9
    assert.deepEqual(visibleRange({ ...base, rowCount: 10, scrollTop: 5000, viewportHeight: 100 }), { start: 5, end: 10 });
  });

  test('fewer rows than fit: all of them', () => {
    assert.deepEqual(visibleRange({ ...base, rowCount: 3, scrollTop: 0, viewportHeight: 500 }), { start: 0, end: 3 });
  });

  test('no rows, or a hidden table (height 0), renders nothing or only the first row and overscan', () => {
    assert.deepEqual(visibleRange({ ...base, rowCount: 0, scrollTop: 0, viewportHeight: 100 }), { start: 0, end: 0 });
    assert.deepEqual(visibleRange({ ...base, overscan: 2, scrollTop: 0, viewportHeight: 0 }), { start: 0, end: 3 });
  });

  test('negative scrollTop (overscroll) counts as 0', () => {
    assert.deepEqual(visibleRange({ ...base, scrollTop: -40, viewportHeight: 48 }), { start: 0, end: 2 });
  });

  test('renders a bounded number of rows however long the list', () => {
    const r = visibleRange({ rowHeight: 24, overscan: 8, rowCount: 1_000_000, scrollTop: 12_000_000, viewportHeight: 600 });
    assert.ok(r.end - r.start <= 600 / 24 + 1 + 16, `rendered ${r.end - r.start}`);
  });

  test('clampScrollTop', () => {
    assert.equal(clampScrollTop(500, 10, 24, 100), 140);
    assert.equal(clampScrollTop(-1, 10, 24, 100), 0);
    assert.equal(clampScrollTop(50, 2, 24, 100), 0);
  });
});

interface Row {
  name: string;
  n: number;
}
const columns: Column<Row>[] = [
  { key: 'name', title: 'Name', minCh: 10, grow: 2, text: (r) => r.name },
  { key: 'n', title: 'N', minCh: 6, align: 'end', text: (r) => String(r.n), compare: (a, b) => a.n - b.n },
];

describe('sorting', () => {
  const rows: Row[] = [
    { name: 'node10', n: 2 },
    { name: 'node2', n: 1 },
    { name: 'Node3', n: 2 },
    { name: 'node1', n: 3 },
  ];

  test('by text: natural order (node2 before node10), case-insensitive', () => {
    const sorted = sortRows(rows, columns, { key: 'name', dir: 'asc' }).map((r) => r.name);
    assert.deepEqual(sorted, ['node1', 'node2', 'Node3', 'node10']);
  });

  test('by the column comparator, descending; ties keep input order either way', () => {
    assert.deepEqual(
      sortRows(rows, columns, { key: 'n', dir: 'asc' }).map((r) => r.name),
      ['node2', 'node10', 'Node3', 'node1'],
    );
    assert.deepEqual(
      sortRows(rows, columns, { key: 'n', dir: 'desc' }).map((r) => r.name),
      ['node1', 'node10', 'Node3', 'node2'],
    );
  });

  test('no sort or an unknown column: input order, as a copy', () => {
    const same = sortRows(rows, columns, null);
    assert.deepEqual(same, rows);
    assert.notEqual(same, rows);
    assert.deepEqual(sortRows(rows, columns, { key: 'gone', dir: 'asc' }), rows);
  });

  test('nextSort: new column ascending, same column flips', () => {
    assert.deepEqual(nextSort(null, 'n'), { key: 'n', dir: 'asc' });
    assert.deepEqual(nextSort({ key: 'n', dir: 'asc' }, 'n'), { key: 'n', dir: 'desc' });
    assert.deepEqual(nextSort({ key: 'n', dir: 'desc' }, 'n'), { key: 'n', dir: 'asc' });
    assert.deepEqual(nextSort({ key: 'n', dir: 'desc' }, 'name'), { key: 'name', dir: 'asc' });
  });

  test('ariaSort', () => {
    assert.equal(ariaSort(null, 'n'), 'none');
    assert.equal(ariaSort({ key: 'n', dir: 'asc' }, 'n'), 'ascending');
    assert.equal(ariaSort({ key: 'n', dir: 'desc' }, 'n'), 'descending');
    assert.equal(ariaSort({ key: 'n', dir: 'desc' }, 'name'), 'none');
  });
});

test('columnLayout: fixed and growing tracks, and the sum of the minimums', () => {
  assert.deepEqual(columnLayout(columns as Column<unknown>[]), { template: 'minmax(10ch, 2fr) 6ch', minWidthCh: 16 });
});

describe('address ordering', () => {
  test('IPv4 numerically, not as text', () => {
    const ips = ['10.0.0.100', '10.0.0.12', '9.255.255.255', '10.0.0.2'];
    assert.deepEqual(ips.slice().sort(compareIp), ['9.255.255.255', '10.0.0.2', '10.0.0.12', '10.0.0.100']);
  });

  test('IPv4 before IPv6; IPv6 by its groups, :: expanded', () => {
    const ips = ['fd00::12', '::1', '10.0.0.1', 'fd00::2', '::ffff:10.0.0.1'];
    assert.deepEqual(ips.slice().sort(compareIp), ['10.0.0.1', '::1', '::ffff:10.0.0.1', 'fd00::2', 'fd00::12']);
  });

  test('endpoints by IP, then port; a "*" port (null) first', () => {
    const eps = [
      { ip: '10.0.0.2', port: 80 },
      { ip: '10.0.0.12', port: 22 },
      { ip: '10.0.0.2', port: 443 },
      { ip: '10.0.0.2', port: null },
    ];
    assert.deepEqual(eps.slice().sort(compareEndpoints), [
      { ip: '10.0.0.2', port: null },
      { ip: '10.0.0.2', port: 80 },
      { ip: '10.0.0.2', port: 443 },
      { ip: '10.0.0.12', port: 22 },
    ]);
  });
});
