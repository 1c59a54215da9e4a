// Connections tab: the director's `ipvsadm -Lnc`, with per-state and per-real-server counts (always in the
// DOM, outside the virtualized rows, for the e2e tests) and the handbook's SYN_RECV diagnosis.
import type { Conn, VirtualService } from '../../src/protocol/messages';
import { dropdown, type DropdownOption } from '../components';
import { compareEndpoints, compareIp, compareNumbers } from '../compare';
import {
  KEY_STATES,
  SYN_RECV_HINT,
  SynRecvTracker,
  connKey,
  countByState,
  destinationSummary,
  filterConns,
  stateClass,
  summaryStates,
  type ConnFilter,
} from '../connModel';
import { h, replaceChildren, setText } from '../dom';
import { addressIp, endpointText, formatCount, plural } from '../format';
import type { Column, SortState } from '../tableModel';
import { VirtualTable } from '../virtualTable';

export interface ConnectionsHandlers {
  onFilterChange(filter: ConnFilter): void;
  onSortChange(sort: SortState): void;
}

export class ConnectionsView {
  readonly element: HTMLElement;
  private readonly table: VirtualTable<Conn>;
  private readonly stateFilter;
  private readonly destFilter;
  private readonly shownCount = h('span', { class: 'toolbar-count', 'data-testid': 'conn-shown', 'aria-live': 'off' });
  private readonly chips = h('div', { class: 'chips', role: 'group', 'aria-label': 'Entries per state' });
  private readonly totalCount = h('span', { 'data-testid': 'conn-count-total' }, '0');
  private readonly hint = h('div', { class: 'notice notice-warning', role: 'status', 'data-testid': 'syn-recv-hint', hidden: true });
  private readonly readError = h('div', { class: 'notice notice-error', role: 'status', 'data-testid': 'conn-error', hidden: true });
  private readonly destTable = h('table', { class: 'data-table dest-summary', 'data-testid': 'conn-dest-summary' });
  private chipCounts = new Map<string, { chip: HTMLButtonElement; count: HTMLElement }>();
  private chipStates = '';
  private destShape = '';
  private destCells = new Map<string, HTMLElement>();
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
    this.stateFilter = dropdown({
      label: 'State',
      testId: 'conn-filter-state',
      minWidthCh: 18,
      options: [{ value: '', label: 'All states' }],
      value: filter.state,
      onChange: (state) => this.applyFilter({ ...this.filter, state }),
    });
    this.destFilter = dropdown({
      label: 'Real server',
      testId: 'conn-filter-dest',
      minWidthCh: 28,
      options: [{ value: '', label: 'All real servers' }],
      value: filter.dest,
      onChange: (dest) => this.applyFilter({ ...this.filter, dest }),
    });
    const columns: Column<Conn>[] = [
      { key: 'protocol', title: 'Pro', minCh: 6, text: (c) => c.protocol },
      { key: 'expire', title: 'Expire', minCh: 10, align: 'end', text: (c) => c.expire, compare: (a, b) => compareNumbers(a.expireSeconds, b.expireSeconds) },
      {
        key: 'state',
        title: 'State',
        minCh: 19,
        text: (c) => (this.stuck.has(connKey(c)) ? `${c.state} ⚠ stuck` : c.state),
        cellClass: (c) => `state ${stateClass(c.state)}`,
      },
      { key: 'source', title: 'Source', minCh: 23, grow: 1, text: (c) => endpointText(c.source), compare: (a, b) => compareEndpoints(a.source, b.source) },
      { key: 'virtual', title: 'Virtual', minCh: 21, grow: 1, text: (c) => endpointText(c.virtual), compare: (a, b) => compareEndpoints(a.virtual, b.virtual) },
      {
        key: 'destination',
        title: 'Destination',
        minCh: 31,
        grow: 1,
        text: (c) => this.withName(endpointText(c.destination), c.destination.ip),
        compare: (a, b) => compareEndpoints(a.destination, b.destination),
      },
    ];
    this.table = new VirtualTable<Conn>({
      label: 'IPVS connection entries',
      testId: 'conn-table',
      columns,
      sort,
      onSortChange: (s) => handlers.onSortChange(s),
      rowClass: (c) => (this.stuck.has(connKey(c)) ? 'is-stuck' : undefined),
      rowTitle: (c) => (this.stuck.has(connKey(c)) ? SYN_RECV_HINT : undefined),
      emptyText: 'Waiting for the first reading…',
    });
    this.element = h(
      'section',
      { class: 'view conn-view', 'aria-label': 'Connections' },
      h('p', { class: 'view-caption' }, 'What the director remembers about each connection: ', h('code', {}, 'ipvsadm -lnc'), ' on the director.'),
      h('div', { class: 'summary-row' }, this.chips, h('span', { class: 'chip-total' }, 'Total ', this.totalCount)),
      this.hint,
      this.readError,
      this.destTable,
      h('div', { class: 'toolbar' }, this.stateFilter.element, this.destFilter.element, this.shownCount),
      this.table.element,
    );
  }

  setNodeNames(names: Map<string, string>): void {
    this.names = names;
    this.refreshRows();
  }

  setSnapshot(conns: Conn[] | null, services: VirtualService[] | null, readAtMs: number, error: string | undefined): void {
    this.hasData = true;
    this.conns = conns ?? [];
    if (services) this.knownIps = [...new Set(services.flatMap((s) => s.destinations.map((d) => addressIp(d.address))))];
    this.stuck = this.tracker.update(this.conns, readAtMs);
    this.readError.hidden = conns !== null;
    if (conns === null) setText(this.readError, `The director's connection table could not be read${error ? `:\n${error}` : '.'}`);
    this.renderChips();
    this.renderDestinations();
    this.renderHint();
    this.updateFilterOptions();
    this.refreshRows();
  }

  private withName(text: string, ip: string): string {
    const name = this.names.get(ip);
    return name ? `${text} (${name})` : text;
  }

  private applyFilter(filter: ConnFilter): void {
    this.filter = filter;
    this.handlers.onFilterChange(filter);
    this.renderChips();
    // Also offers a state nobody is in (a key state chip at 0) so the dropdown can show it.
    this.updateFilterOptions();
    this.refreshRows();
  }

  private refreshRows(): void {
    const rows = filterConns(this.conns, this.filter);
    const filtered = this.filter.state !== '' || this.filter.dest !== '';
    this.table.setEmptyText(
      !this.hasData
        ? 'Waiting for the first reading…'
        : !this.readError.hidden
          ? 'No data: the director could not be read.'
          : this.conns.length === 0
            ? 'No connection entries. Send some requests to the VIP, e.g. from the Load test tab.'
            : 'No entries match the filters.',
    );
    this.table.setRows(rows);
    setText(
      this.shownCount,
      filtered ? `Showing ${formatCount(rows.length)} of ${plural(this.conns.length, 'entry', 'entries')}` : plural(this.conns.length, 'entry', 'entries'),
    );
  }

  private renderChips(): void {
    const counts = countByState(this.conns);
    const states = summaryStates(this.conns);
    if (states.join() !== this.chipStates) {
      this.chipStates = states.join();
      this.chipCounts.clear();
      replaceChildren(
        this.chips,
        ...states.map((state) => {
          const count = h('span', { class: 'chip-count', 'data-testid': `conn-count-${state}` }, '0');
          const chip = h(
            'button',
            { type: 'button', class: `chip ${stateClass(state)}`, 'data-state': state, title: `Show only ${state} entries` },
            h('span', { class: 'chip-label' }, state),
            count,
          );
          chip.addEventListener('click', () => this.applyFilter({ ...this.filter, state: this.filter.state === state ? '' : state }));
          this.chipCounts.set(state, { chip, count });
          return chip;
        }),
      );
    }
    for (const [state, { chip, count }] of this.chipCounts) {
      const n = counts.get(state) ?? 0;
      setText(count, String(n));
      // Zero counts stay in the DOM (tests read them) but only the handbook's key states are shown at 0.
      chip.classList.toggle('is-zero', n === 0);
      chip.hidden = n === 0 && !KEY_STATES.includes(state) && this.filter.state !== state;
      chip.setAttribute('aria-pressed', String(this.filter.state === state));
    }
    setText(this.totalCount, String(this.conns.length));
  }

  private renderDestinations(): void {
    const summary = destinationSummary(this.conns, this.knownIps);
    const states = summaryStates(this.conns);
    const totals = countByState(this.conns);
    const shape = `${summary.map((s) => s.ip).join()}|${states.join()}`;
    if (shape !== this.destShape) {
      this.destShape = shape;
      this.destCells.clear();
      const cell = (testId: string, state?: string) => {
        const td = h('td', { class: 'num', 'data-testid': testId, 'data-state': state }, '0');
        this.destCells.set(testId, td);
        return td;
      };
      const head = h(
        'tr',
        {},
        h('th', { scope: 'col' }, 'Real server'),
        h('th', { scope: 'col', class: 'num' }, 'Entries'),
        ...states.map((s) => h('th', { scope: 'col', class: `num ${stateClass(s)}`, 'data-state': s }, s)),
      );
      const rows = summary.map((s) => {
        const pick = h('button', { type: 'button', class: 'link-button', title: `Show only entries to ${s.ip}` }, s.ip);
        pick.addEventListener('click', () => this.applyFilter({ ...this.filter, dest: this.filter.dest === s.ip ? '' : s.ip }));
        const name = h('span', { class: 'dest-name', 'data-ip': s.ip });
        return h(
          'tr',
          { 'data-ip': s.ip },
          h('th', { scope: 'row' }, pick, ' ', name),
          cell(`conn-dest-${s.ip}`),
          ...states.map((st) => cell(`conn-dest-${s.ip}-${st}`, st)),
        );
      });
      replaceChildren(
        this.destTable,
        h('caption', {}, 'Entries per real server'),
        h('thead', {}, head),
        h('tbody', {}, ...(rows.length ? rows : [h('tr', {}, h('td', { colspan: states.length + 2, class: 'muted' }, 'No real servers yet.'))])),
      );
    }
    for (const s of summary) {
      setText(this.destCells.get(`conn-dest-${s.ip}`)!, String(s.total));
      for (const st of states) {
        const td = this.destCells.get(`conn-dest-${s.ip}-${st}`)!;
        const n = s.byState.get(st) ?? 0;
        setText(td, String(n));
        td.classList.toggle('is-zero', n === 0);
      }
      const name = this.destTable.querySelector(`.dest-name[data-ip="${CSS.escape(s.ip)}"]`);
      if (name) setText(name, this.names.get(s.ip) ?? '');
    }
    // Columns of states nobody is in are hidden (still in the DOM at 0), except the handbook's key states.
    for (const el of this.destTable.querySelectorAll<HTMLElement>('[data-state]')) {
      const st = el.dataset.state!;
      el.hidden = !KEY_STATES.includes(st) && (totals.get(st) ?? 0) === 0;
    }
  }

  private renderHint(): void {
    const stuck = this.conns.filter((c) => this.stuck.has(connKey(c)));
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
      h('span', {}, h('strong', {}, `${plural(stuck.length, 'entry', 'entries')} stuck in SYN_RECV`), `, all to ${dests.join(', ')}. `, SYN_RECV_HINT),
    );
  }

  private updateFilterOptions(): void {
    const counts = countByState(this.conns);
    const states: DropdownOption[] = summaryStates(this.conns)
      .filter((s) => (counts.get(s) ?? 0) > 0 || s === this.filter.state)
      .map((s) => ({ value: s, label: s }));
    this.stateFilter.setOptions([{ value: '', label: 'All states' }, ...states], this.filter.state);
    const ips = destinationSummary(this.conns, this.knownIps).map((s) => s.ip);
    if (this.filter.dest !== '' && !ips.includes(this.filter.dest)) ips.push(this.filter.dest);
    this.destFilter.setOptions([{ value: '', label: 'All real servers' }, ...ips.map((ip) => ({ value: ip, label: this.withName(ip, ip) }))], this.filter.dest);
  }
}
