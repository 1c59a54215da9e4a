// The side view's newest connection entries: the live panel's virtual table with three narrow columns (state,
// expire, server ← client: the server first, so a narrow bar still shows it), newest first; thousands of
// entries stay cheap in a side bar.
import type { Conn } from '../../src/protocol/messages';
import { compareNumbers } from '../compare';
import { connKey, stateClass, synRecvHint } from '../connModel';
import { newestFirst, stateMeaning } from '../connStates';
import { h, setText } from '../dom';
import { endpointText, formatCount } from '../format';
import { VirtualTable } from '../virtualTable';
import { SIDE_TEXT } from './sideText';

export class NewestList {
  private readonly count = h('span', { class: 'muted', 'data-testid': 'side-newest-count' });
  private readonly table: VirtualTable<Conn>;
  private names: ReadonlyMap<string, string> = new Map();
  private stuck: ReadonlySet<string> = new Set();
  readonly element: HTMLElement;

  constructor() {
    const isStuck = (c: Conn) => c.state === 'SYN_RECV' && this.stuck.has(connKey(c));
    const c = SIDE_TEXT.columns;
    this.table = new VirtualTable<Conn>({
      label: SIDE_TEXT.newestTitle(),
      testId: 'side-newest',
      rowHeight: 22,
      columns: [
        { key: 'state', title: c.state(), minCh: 13, text: (r) => r.state, cellClass: (r) => `state ${stateClass(r.state)}` },
        {
          key: 'expire',
          title: c.expire(),
          minCh: 8,
          align: 'end',
          text: (r) => r.expire,
          compare: (a, b) => compareNumbers(a.expireSeconds, b.expireSeconds),
        },
        {
          key: 'path',
          title: c.path(),
          minCh: 12,
          grow: 1,
          text: (r) => `${this.names.get(r.destination.ip) ?? endpointText(r.destination)} ← ${endpointText(r.source)}`,
        },
      ],
      rowClass: (r) => (isStuck(r) ? 'is-stuck' : undefined),
      rowTitle: (r) => (isStuck(r) ? synRecvHint() : stateMeaning(r.state)),
      emptyText: SIDE_TEXT.waiting(),
    });
    this.element = h(
      'section',
      { class: 'side-section side-newest', 'aria-label': SIDE_TEXT.newestTitle() },
      h('h3', { class: 'side-title', title: SIDE_TEXT.newestHelp() }, SIDE_TEXT.newestTitle(), ' ', this.count),
      this.table.element,
    );
  }

  render(conns: readonly Conn[] | null, names: ReadonlyMap<string, string>, stuck: ReadonlySet<string>, emptyText: string): void {
    this.names = names;
    this.stuck = stuck;
    setText(this.count, conns ? `(${formatCount(conns.length)})` : '');
    this.table.setEmptyText(emptyText);
    this.table.setRows(conns ? newestFirst(conns) : []);
  }
}
