// One packet's hops as a table: a cell that changed since the hop before is highlighted in the theme's
// colours and also marked in bold with a title, so the change does not rest on colour alone.
import * as l10n from '@vscode/l10n';
import { h } from '../dom';
import { TRACE_COLUMNS, type TraceTable } from '../traceModel';

export function traceTable(t: TraceTable): HTMLElement {
  const head = h('tr', {}, ...TRACE_COLUMNS.map((c) => h('th', { scope: 'col' }, c.label())));
  const rows = t.rows.map((r, i) =>
    h(
      'tr',
      { 'data-testid': `trace-hop-${t.kind}-${i}`, 'data-node': r.node, 'data-direction': r.direction, 'data-changed': r.changed.join(',') },
      ...r.cells.map((c) =>
        h(
          'td',
          {
            'data-testid': `trace-hop-${t.kind}-${i}-${c.column}`,
            class: c.changed ? 'trace-changed' : null,
            title: c.changed ? l10n.t('changed since the hop before') : null,
          },
          c.text,
        ),
      ),
    ),
  );
  return h(
    'section',
    { class: 'trace-packet', 'data-testid': `trace-${t.kind}` },
    h('h3', { class: 'section-title' }, `${t.kind} `, h('span', { class: 'muted' }, t.caption)),
    h('table', { class: 'data-table trace-table' }, h('thead', {}, head), h('tbody', {}, ...rows)),
  );
}
