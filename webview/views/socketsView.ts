// Sockets tab: `netstat -natp` on every node, one node per tab.
import { roleWord } from '../../src/core/lab';
import * as l10n from '@vscode/l10n';
import type { LabInfo, Socket } from '../../src/protocol/messages';
import { tabs, type Tabs } from '../components';
import { compareEndpoints, compareNumbers } from '../compare';
import { h, replaceChildren, setText } from '../dom';
import { socketsText } from '../counted';
import { endpointText, formatCount } from '../format';
import { CODE_MARKS, withCode } from '../richText';
import { programText, socketStateClass, socketStateSummary } from '../socketModel';
import type { Column, SortState } from '../tableModel';
import { VirtualTable } from '../virtualTable';

export interface SocketsHandlers {
  onNodeChange(node: string): void;
  onSortChange(sort: SortState): void;
}

interface NodePane {
  element: HTMLElement;
  summary: HTMLElement;
  error: HTMLElement;
  table: VirtualTable<Socket>;
}

/** netstat's own column names: not translated. */
const columns: Column<Socket>[] = [
  { key: 'proto', title: 'Proto', minCh: 9, text: (s) => s.proto },
  { key: 'recvQ', title: 'Recv-Q', minCh: 10, align: 'end', text: (s) => formatCount(s.recvQ), compare: (a, b) => compareNumbers(a.recvQ, b.recvQ) },
  { key: 'sendQ', title: 'Send-Q', minCh: 10, align: 'end', text: (s) => formatCount(s.sendQ), compare: (a, b) => compareNumbers(a.sendQ, b.sendQ) },
  { key: 'local', title: 'Local address', minCh: 24, grow: 1, text: (s) => endpointText(s.local), compare: (a, b) => compareEndpoints(a.local, b.local) },
  {
    key: 'foreign',
    title: 'Foreign address',
    minCh: 24,
    grow: 1,
    text: (s) => endpointText(s.foreign),
    compare: (a, b) => compareEndpoints(a.foreign, b.foreign),
  },
  { key: 'state', title: 'State', minCh: 16, text: (s) => s.state ?? '', cellClass: (s) => `state ${socketStateClass(s.state)}` },
  { key: 'program', title: 'PID/Program name', minCh: 20, grow: 1, text: programText },
];

export class SocketsView {
  readonly element: HTMLElement;
  private readonly host = h('div', { class: 'node-tabs' });
  private panes = new Map<string, NodePane>();
  private nodeTabs: Tabs | null = null;
  private node: string | null;
  private sort: SortState | null;

  constructor(
    node: string | null,
    sort: SortState | null,
    private readonly handlers: SocketsHandlers,
  ) {
    this.node = node;
    this.sort = sort;
    this.element = h(
      'section',
      { class: 'view sockets-view', 'aria-label': l10n.t('Sockets') },
      h(
        'p',
        { class: 'view-caption' },
        ...withCode(
          l10n.t(
            "Each node's TCP sockets: {0}. In DR and TUN the real servers talk to the client directly; the director has no connection of its own to them.",
            ...CODE_MARKS,
          ),
          'netstat -natp',
        ),
      ),
      this.host,
    );
  }

  setLab(lab: LabInfo): void {
    for (const p of this.panes.values()) p.table.destroy();
    this.panes.clear();
    const names = lab.nodes.map((n) => n.name);
    if (!this.node || !names.includes(this.node)) this.node = lab.director;
    this.nodeTabs = tabs({
      label: l10n.t('Nodes'),
      idPrefix: 'sockets-',
      selected: this.node,
      onSelect: (id) => {
        this.node = id;
        this.handlers.onNodeChange(id);
      },
      tabs: lab.nodes.map((n) => ({
        id: n.name,
        label: `${n.name} · ${roleWord(n.role)}`,
        testId: `socket-tab-${n.name}`,
        withBadge: true,
        content: this.pane(n.name).element,
      })),
    });
    replaceChildren(this.host, this.nodeTabs.element);
  }

  setSockets(sockets: Record<string, Socket[]>, errors: Record<string, string>): void {
    for (const [node, pane] of this.panes) {
      const list = sockets[node];
      const error = errors[node];
      pane.error.hidden = !error;
      setText(pane.error, error ? `${node}: ${error}` : '');
      pane.table.setEmptyText(list ? l10n.t('No TCP sockets.') : l10n.t('netstat -natp could not be read on {0}.', node));
      pane.table.setRows(list ?? []);
      this.nodeTabs?.setBadge(node, list ? formatCount(list.length) : '!');
      const counts = socketStateSummary(list ?? []);
      replaceChildren(
        pane.summary,
        h('span', {}, socketsText(list?.length ?? 0)),
        ...counts.map((c) =>
          h(
            'span',
            { class: `chip chip-static ${socketStateClass(c.state)}` },
            h('span', { class: 'chip-label' }, c.state),
            h('span', { class: 'chip-count' }, formatCount(c.count)),
          ),
        ),
      );
    }
  }

  private pane(node: string): NodePane {
    const summary = h('div', { class: 'summary-row chips', 'data-testid': `socket-summary-${node}` });
    const error = h('div', { class: 'notice notice-error', role: 'status', hidden: true });
    const table = new VirtualTable<Socket>({
      label: l10n.t('TCP sockets on {0}', node),
      testId: `socket-table-${node}`,
      columns,
      sort: this.sort,
      onSortChange: (s) => {
        this.sort = s;
        // One sort for every node, so switching nodes compares like with like.
        for (const p of this.panes.values()) if (p.table !== table) p.table.setSort(s);
        this.handlers.onSortChange(s);
      },
      emptyText: l10n.t('Waiting for the first reading…'),
    });
    const pane: NodePane = { element: h('div', { class: 'node-pane' }, summary, error, table.element), summary, error, table };
    this.panes.set(node, pane);
    return pane;
  }
}
