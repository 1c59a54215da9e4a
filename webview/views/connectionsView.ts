// Connections tab: the director's `ipvsadm -Lnc`, with per-state and per-real-server counts (always in the
// DOM, outside the virtualized rows, for the e2e tests) and the handbook's SYN_RECV diagnosis. Its parts:
// the state chips (./connStateChips), the per-real-server table (./connDestTable), the filter bar
// (./connFilterBar) and the entries' virtual table; this view holds the state they show and the filter.
import * as l10n from '@vscode/l10n';
import type { Conn, VirtualService } from '../../src/protocol/messages';
import { compareEndpoints, compareIp, compareNumbers } from '../compare';
import { synRecvHint, SynRecvTracker, connKey, filterConns, stateClass, type ConnFilter } from '../connModel';
import { h, replaceChildren, setText } from '../dom';
import { CODE_MARKS, withCode } from '../richText';
import { entriesText } from '../counted';
import { addressIp, endpointText } from '../format';
import type { Column, SortState } from '../tableModel';
import { VirtualTable } from '../virtualTable';
import { ConnDestTable } from './connDestTable';
import { ConnFilterBar } from './connFilterBar';
import { ConnStateChips } from './connStateChips';

export interface ConnectionsHandlers {
  onFilterChange(filter: ConnFilter): void;
  onSortChange(sort: SortState): void;
}

export class ConnectionsView {
  readonly element: HTMLElement;
  private readonly table: VirtualTable<Conn>;
  private readonly filterBar: ConnFilterBar;
  private readonly chips: ConnStateChips;
  private readonly destTable: ConnDestTable;
  private readonly hint = h('div', { class: 'notice notice-warning', role: 'status', 'data-testid': 'syn-recv-hint', hidden: true });
  private readonly readError = h('div', { class: 'notice notice-error', role: 'status', 'data-testid': 'conn-error', hidden: true });
  private readonly tracker = new SynRecvTracker();
  private stuck = new Set<string>();
  private hintShown = '';
  private conns: Conn[] = [];
  private knownIps: string[] = [];
  private names = new Map<string, string>();
  private filter: ConnFilter;
  private hasData = false;

  constructor(
    filter: ConnFilter,
    sort: SortState | null,
    private readonly handlers: ConnectionsHandlers,
  ) {
    this.filter = { ...filter };
    this.filterBar = new ConnFilterBar(filter, (change) => this.applyFilter({ ...this.filter, ...change }));
    this.table = this.createTable(sort);
    this.chips = new ConnStateChips((state) => this.toggleState(state));
    this.destTable = new ConnDestTable((ip) => this.toggleDest(ip));
    this.element = this.layout();
  }

  /** The tab's parts, top to bottom. */
  private layout(): HTMLElement {
    return h(
      'section',
      { class: 'view conn-view', 'aria-label': l10n.t('Connections') },
      h(
        'p',
        { class: 'view-caption' },
        ...withCode(l10n.t('What the director remembers about each connection: {0} on the director.', ...CODE_MARKS), 'ipvsadm -lnc'),
      ),
      this.chips.element,
      this.hint,
      this.readError,
      this.destTable.element,
      this.filterBar.element,
      this.table.element,
    );
  }

  setNodeNames(names: Map<string, string>): void {
    this.names = names;
    // Names can arrive after the first snapshot: the per-real-server table shows them without waiting for the next.
    if (this.hasData) this.destTable.render(this.conns, this.knownIps, this.names);
    this.refreshRows();
  }

  setSnapshot(conns: Conn[] | null, services: VirtualService[] | null, readAtMs: number, error: string | undefined): void {
    this.hasData = true;
    this.conns = conns ?? [];
    if (services) this.knownIps = [...new Set(services.flatMap((s) => s.destinations.map((d) => addressIp(d.address))))];
    this.stuck = this.tracker.update(this.conns, readAtMs);
    this.readError.hidden = conns !== null;
    if (conns === null)
      setText(
        this.readError,
        error ? l10n.t("The director's connection table could not be read:\n{0}", error) : l10n.t("The director's connection table could not be read."),
      );
    this.chips.render(this.conns, this.filter.state);
    this.destTable.render(this.conns, this.knownIps, this.names);
    this.renderHint();
    this.updateFilterOptions();
    this.refreshRows();
  }

  private createTable(sort: SortState | null): VirtualTable<Conn> {
    const isStuck = (c: Conn) => this.stuck.has(connKey(c));
    return new VirtualTable<Conn>({
      label: l10n.t('IPVS connection entries'),
      testId: 'conn-table',
      columns: connColumns(isStuck, (text, ip) => this.withName(text, ip)),
      sort,
      onSortChange: (s) => this.handlers.onSortChange(s),
      rowClass: (c) => (isStuck(c) ? 'is-stuck' : undefined),
      rowTitle: (c) => (isStuck(c) ? synRecvHint() : undefined),
      emptyText: l10n.t('Waiting for the first reading…'),
    });
  }

  private withName(text: string, ip: string): string {
    const name = this.names.get(ip);
    return name ? `${text} (${name})` : text;
  }

  /** Shows only the entries this filter lets through (from outside: the side view's link). */
  setFilter(filter: ConnFilter): void {
    this.applyFilter({ ...filter });
  }

  /** A state chip turns its state's filter on, or off when it is already on. */
  private toggleState(state: string): void {
    this.applyFilter({ ...this.filter, state: this.filter.state === state ? '' : state });
  }

  /** A real server's address turns its filter on, or off when it is already on. */
  private toggleDest(ip: string): void {
    this.applyFilter({ ...this.filter, dest: this.filter.dest === ip ? '' : ip });
  }

  private applyFilter(filter: ConnFilter): void {
    this.filter = filter;
    this.handlers.onFilterChange(filter);
    this.chips.render(this.conns, this.filter.state);
    // Also offers a state nobody is in (a key state chip at 0) so the dropdown can show it.
    this.updateFilterOptions();
    this.refreshRows();
  }

  private refreshRows(): void {
    const rows = filterConns(this.conns, this.filter);
    const filtered = this.filter.state !== '' || this.filter.dest !== '';
    this.table.setEmptyText(this.emptyText());
    this.table.setRows(rows);
    this.filterBar.setShown(rows.length, this.conns.length, filtered);
  }

  /** What the table says when it has no rows to show. */
  private emptyText(): string {
    if (!this.hasData) return l10n.t('Waiting for the first reading…');
    if (!this.readError.hidden) return l10n.t('No data: the director could not be read.');
    if (this.conns.length === 0) return l10n.t('No connection entries. Send some requests to the VIP, e.g. from the Load test tab.');
    return l10n.t('No entries match the filters.');
  }

  private renderHint(): void {
    // Only SYN_RECV entries can be stuck: no key is built for the others (100k entries, every refresh).
    const stuck = this.stuck.size === 0 ? [] : this.conns.filter((c) => c.state === 'SYN_RECV' && this.stuck.has(connKey(c)));
    this.hint.hidden = stuck.length === 0;
    if (stuck.length === 0) {
      this.hintShown = '';
      return;
    }
    const dests = [...new Set(stuck.map((c) => c.destination.ip))].sort(compareIp).map((ip) => this.withName(ip, ip));
    // A live region: rewrite it only when what it says changes.
    const key = `${stuck.length}|${dests.join()}`;
    if (key === this.hintShown) return;
    this.hintShown = key;
    replaceChildren(
      this.hint,
      h('span', { class: 'notice-icon', 'aria-hidden': 'true' }, '⚠'),
      h('span', {}, h('strong', {}, l10n.t('{0} stuck in SYN_RECV, all to {1}.', entriesText(stuck.length), dests.join(', '))), ' ', synRecvHint()),
    );
  }

  private updateFilterOptions(): void {
    this.filterBar.setOptions(this.conns, this.knownIps, this.filter, (ip) => this.withName(ip, ip));
  }
}

/** The table's columns; `isStuck` and `withName` read the view's state when a row is drawn. */
function connColumns(isStuck: (c: Conn) => boolean, withName: (text: string, ip: string) => string): Column<Conn>[] {
  return [
    // The columns are ipvsadm -lnc's own (pro expire state source virtual destination): not translated.
    { key: 'protocol', title: 'Pro', minCh: 6, text: (c) => c.protocol },
    {
      key: 'expire',
      title: 'Expire',
      minCh: 10,
      align: 'end',
      text: (c) => c.expire,
      compare: (a, b) => compareNumbers(a.expireSeconds, b.expireSeconds),
    },
    {
      key: 'state',
      title: 'State',
      minCh: 19,
      text: (c) => (isStuck(c) ? l10n.t('{0} ⚠ stuck', c.state) : c.state),
      cellClass: (c) => `state ${stateClass(c.state)}`,
    },
    { key: 'source', title: 'Source', minCh: 23, grow: 1, text: (c) => endpointText(c.source), compare: (a, b) => compareEndpoints(a.source, b.source) },
    { key: 'virtual', title: 'Virtual', minCh: 21, grow: 1, text: (c) => endpointText(c.virtual), compare: (a, b) => compareEndpoints(a.virtual, b.virtual) },
    {
      key: 'destination',
      title: 'Destination',
      minCh: 31,
      grow: 1,
      text: (c) => withName(endpointText(c.destination), c.destination.ip),
      compare: (a, b) => compareEndpoints(a.destination, b.destination),
    },
  ];
}
