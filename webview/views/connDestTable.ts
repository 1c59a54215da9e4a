// The Connections tab's "Entries per real server" table: one row per real server, its total and its count per
// state (always in the DOM, for the e2e tests); a click on a server's address filters on it.
import * as l10n from '@vscode/l10n';
import type { Conn } from '../../src/protocol/messages';
import { KEY_STATES, countByState, destinationSummary, stateClass, summaryStates, type DestinationSummary } from '../connModel';
import { h, replaceChildren, setText } from '../dom';

export class ConnDestTable {
  readonly element = h('table', { class: 'data-table dest-summary', 'data-testid': 'conn-dest-summary' });
  private shape = '';
  private cells = new Map<string, HTMLElement>();

  constructor(private readonly onServerClick: (ip: string) => void) {}

  /** The counts of `conns` per real server (`knownIps` listed even at 0), each named from `names` (IP -> node). */
  render(conns: Conn[], knownIps: string[], names: ReadonlyMap<string, string>): void {
    const summary = destinationSummary(conns, knownIps);
    const states = summaryStates(conns);
    const shape = `${summary.map((s) => s.ip).join()}|${states.join()}`;
    if (shape !== this.shape) {
      this.shape = shape;
      this.rebuild(summary, states);
    }
    this.fillCounts(summary, states, names);
    this.hideEmptyStates(countByState(conns));
  }

  /** The table's head and rows for these servers and states, every count cell at 0. */
  private rebuild(summary: DestinationSummary[], states: string[]): void {
    this.cells.clear();
    const head = h(
      'tr',
      {},
      h('th', { scope: 'col' }, l10n.t('Real server')),
      h('th', { scope: 'col', class: 'num' }, l10n.t('Entries')),
      ...states.map((s) => h('th', { scope: 'col', class: `num ${stateClass(s)}`, 'data-state': s }, s)),
    );
    const rows = summary.map((s) => this.row(s.ip, states));
    replaceChildren(
      this.element,
      h('caption', {}, l10n.t('Entries per real server')),
      h('thead', {}, head),
      h('tbody', {}, ...(rows.length ? rows : [h('tr', {}, h('td', { colspan: states.length + 2, class: 'muted' }, l10n.t('No real servers yet.')))])),
    );
  }

  private row(ip: string, states: string[]): HTMLTableRowElement {
    const pick = h('button', { type: 'button', class: 'link-button', title: l10n.t('Show only entries to {0}', ip) }, ip);
    pick.addEventListener('click', () => this.onServerClick(ip));
    const name = h('span', { class: 'dest-name', 'data-ip': ip });
    return h(
      'tr',
      { 'data-ip': ip },
      h('th', { scope: 'row' }, pick, ' ', name),
      this.cell(`conn-dest-${ip}`),
      ...states.map((st) => this.cell(`conn-dest-${ip}-${st}`, st)),
    );
  }

  private cell(testId: string, state?: string): HTMLTableCellElement {
    const td = h('td', { class: 'num', 'data-testid': testId, 'data-state': state }, '0');
    this.cells.set(testId, td);
    return td;
  }

  private fillCounts(summary: DestinationSummary[], states: string[], names: ReadonlyMap<string, string>): void {
    for (const s of summary) {
      setText(this.cells.get(`conn-dest-${s.ip}`)!, String(s.total));
      for (const st of states) {
        const td = this.cells.get(`conn-dest-${s.ip}-${st}`)!;
        const n = s.byState.get(st) ?? 0;
        setText(td, String(n));
        td.classList.toggle('is-zero', n === 0);
      }
      const name = this.element.querySelector(`.dest-name[data-ip="${CSS.escape(s.ip)}"]`);
      if (name) setText(name, names.get(s.ip) ?? '');
    }
  }

  /** Columns of states nobody is in are hidden (still in the DOM at 0), except the handbook's key states. */
  private hideEmptyStates(totals: Map<string, number>): void {
    for (const el of this.element.querySelectorAll<HTMLElement>('[data-state]')) {
      const st = el.dataset.state!;
      el.hidden = !KEY_STATES.includes(st) && (totals.get(st) ?? 0) === 0;
    }
  }
}
