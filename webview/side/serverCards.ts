// The side view's summary: one card per real server with its entries by state (ESTABLISHED, SYN_RECV, FIN_WAIT,
// TIME_WAIT; each state's meaning on hover). The chips wrap, so a narrow side bar never scrolls sideways. A click
// opens the live panel filtered on that server (and state). Counts always in the DOM, for the e2e tests.
import type { Conn } from '../../src/protocol/messages';
import { destinationSummary, stateClass } from '../connModel';
import { SUMMARY_STATES, STATE_MEANINGS } from '../connStates';
import { h, replaceChildren, setText } from '../dom';
import { entriesText } from '../counted';
import { formatCount } from '../format';
import { SIDE_TEXT } from './sideText';

export type OpenPanel = (filter: { state: string; dest: string }) => void;

export class ServerCards {
  readonly element = h('div', { class: 'side-servers', 'data-testid': 'side-servers' });
  private shape = '';
  private readonly cells = new Map<string, HTMLElement>();

  constructor(private readonly open: OpenPanel) {}

  /** `knownIps`: the services' real servers, listed even with no entries; `names`: IP -> node. */
  render(conns: readonly Conn[], knownIps: readonly string[], names: ReadonlyMap<string, string>): void {
    const summary = destinationSummary(conns, knownIps);
    const shape = summary.map((s) => `${s.ip}=${names.get(s.ip) ?? ''}`).join();
    if (shape !== this.shape) {
      this.shape = shape;
      this.cells.clear();
      replaceChildren(
        this.element,
        ...(summary.length ? summary.map((s) => this.card(s.ip, names.get(s.ip))) : [h('p', { class: 'muted' }, SIDE_TEXT.noServers())]),
      );
    }
    for (const s of summary) {
      setText(this.cells.get(s.ip)!, entriesText(s.total));
      for (const state of SUMMARY_STATES) {
        const n = s.byState.get(state) ?? 0;
        const cell = this.cells.get(`${s.ip}-${state}`)!;
        setText(cell, formatCount(n));
        cell.parentElement!.classList.toggle('is-zero', n === 0);
      }
    }
  }

  private card(ip: string, name: string | undefined): HTMLElement {
    const server = name ?? ip;
    const pick = h('button', { type: 'button', class: 'link-button side-server-name', title: SIDE_TEXT.serverTitle(server) }, server);
    pick.addEventListener('click', () => this.open({ state: '', dest: ip }));
    const total = h('span', { class: 'side-server-total muted', 'data-testid': `side-dest-${ip}` });
    this.cells.set(ip, total);
    const chips = SUMMARY_STATES.map((state) => {
      const count = h('span', { class: 'chip-count', 'data-testid': `side-dest-${ip}-${state}` }, '0');
      this.cells.set(`${ip}-${state}`, count);
      const chip = h(
        'button',
        { type: 'button', class: `chip ${stateClass(state)}`, 'data-state': state, title: SIDE_TEXT.stateTitle(STATE_MEANINGS[state](), server) },
        h('span', { class: 'chip-label' }, state),
        count,
      );
      chip.addEventListener('click', () => this.open({ state, dest: ip }));
      return chip;
    });
    return h(
      'section',
      { class: 'side-server', 'data-ip': ip, 'aria-label': server },
      h('div', { class: 'side-server-head' }, pick, name ? h('span', { class: 'muted side-server-ip' }, ip) : null, total),
      h('div', { class: 'chips' }, ...chips),
    );
  }
}
