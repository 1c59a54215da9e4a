// The Connections side view: receives the host's messages (each one validated) and keeps its parts up to date —
// what to say when there is nothing to read, the per-real-server cards, the SYN_RECV diagnosis, the last load
// test and the newest entries. Nothing is kept across being hidden: the host sends it all again when shown.
import type { Conn } from '../../src/protocol/messages';
import { parseSideHostMessage, type SideHostMessage } from '../../src/protocol/sideMessages';
import { synRecvHint, SynRecvTracker, connKey } from '../connModel';
import { compareIp } from '../compare';
import { h, replaceChildren, setText } from '../dom';
import { entriesText } from '../counted';
import { clockTime, formatMs } from '../format';
import { nodeNamesByIp } from '../labText';
import { postSide as post } from '../vscodeApi';
import { LoadSplit } from './loadSplit';
import { NewestList } from './newestList';
import { ServerCards } from './serverCards';
import { SIDE_TEXT } from './sideText';

export class SideApp {
  private readonly status = h('p', { class: 'notice side-status', role: 'status', 'data-testid': 'side-status', hidden: true });
  private readonly stopped = h('p', { class: 'muted', hidden: true }, SIDE_TEXT.stopped());
  private readonly readAt = h('span', { class: 'muted side-read-at', 'data-testid': 'side-read-at' });
  private readonly hint = h('div', { class: 'notice notice-warning', role: 'status', 'data-testid': 'side-syn-recv-hint', hidden: true });
  private readonly readError = h('div', { class: 'notice notice-error', role: 'status', 'data-testid': 'side-error', hidden: true });
  private readonly servers = new ServerCards((filter) => post({ type: 'openPanel', filter }));
  private readonly load = new LoadSplit();
  private readonly newest = new NewestList();
  private readonly body: HTMLElement;
  private readonly tracker = new SynRecvTracker();
  private names = new Map<string, string>();
  private knownIps: string[] = [];
  private conns: Conn[] | null = null;
  private hintShown = '';
  private stuck = new Set<string>();

  constructor(private readonly root: HTMLElement) {
    const open = h(
      'button',
      { type: 'button', class: 'link-button', 'data-testid': 'side-open-panel', title: SIDE_TEXT.openPanelTitle() },
      SIDE_TEXT.openPanel(),
    );
    open.addEventListener('click', () => post({ type: 'openPanel', filter: { state: '', dest: '' } }));
    this.body = h(
      'div',
      { class: 'side-body', 'data-testid': 'side-body', hidden: true },
      h('div', { class: 'side-head' }, this.readAt, open),
      h('p', { class: 'muted side-caption' }, SIDE_TEXT.caption()),
      this.stopped,
      this.hint,
      this.readError,
      this.servers.element,
      this.load.element,
      this.newest.element,
    );
    setText(this.status, SIDE_TEXT.status.unknown());
    this.status.hidden = false;
  }

  start(): void {
    replaceChildren(this.root, h('div', { class: 'side' }, this.status, this.body));
    window.addEventListener('message', (e: MessageEvent<unknown>) => this.receive(e.data));
    post({ type: 'ready' });
  }

  receive(data: unknown): void {
    const parsed = parseSideHostMessage(data);
    if (!parsed.ok) {
      console.warn(`LVS Lab Connections view: ignored a message that does not fit the protocol (${parsed.error})`);
      return;
    }
    this.handle(parsed.message);
  }

  private handle(m: SideHostMessage): void {
    switch (m.type) {
      case 'lab': {
        const say = SIDE_TEXT.status[m.status]?.() ?? null;
        setText(this.status, say && m.detail ? `${say}\n${m.detail}` : (say ?? ''));
        this.status.hidden = say === null;
        this.body.hidden = say !== null;
        this.stopped.hidden = m.status !== 'partial';
        this.names = nodeNamesByIp(m.nodes);
        this.render();
        break;
      }
      case 'conns': {
        this.conns = m.conns;
        if (m.realServers) this.knownIps = m.realServers;
        setText(this.readAt, SIDE_TEXT.readAt(clockTime(m.readAt), formatMs(m.durationMs)));
        this.readError.hidden = m.conns !== null;
        if (m.conns === null) setText(this.readError, SIDE_TEXT.readError(m.error));
        const readAt = Date.parse(m.readAt);
        this.renderHint(this.tracker.update(m.conns ?? [], Number.isNaN(readAt) ? Date.now() : readAt));
        this.render();
        break;
      }
      case 'load':
        this.load.show(m.load);
        break;
    }
  }

  private render(): void {
    const conns = this.conns ?? [];
    this.servers.render(conns, this.knownIps, this.names);
    const empty = this.conns === null ? SIDE_TEXT.waiting() : SIDE_TEXT.newestEmpty();
    this.newest.render(this.conns, this.names, this.stuck, empty);
  }

  /** The handbook's diagnosis once SYN_RECV entries pile up (stay past the tracker's limit). */
  private renderHint(stuck: Set<string>): void {
    this.stuck = stuck;
    const entries = stuck.size === 0 ? [] : (this.conns ?? []).filter((c) => c.state === 'SYN_RECV' && stuck.has(connKey(c)));
    this.hint.hidden = entries.length === 0;
    const servers = [...new Set(entries.map((c) => c.destination.ip))].sort(compareIp).map((ip) => this.names.get(ip) ?? ip);
    const key = `${entries.length}|${servers.join()}`;
    if (entries.length === 0 || key === this.hintShown) {
      if (entries.length === 0) this.hintShown = '';
      return;
    }
    this.hintShown = key;
    replaceChildren(
      this.hint,
      h('span', { class: 'notice-icon', 'aria-hidden': 'true' }, '⚠'),
      h('span', {}, h('strong', {}, SIDE_TEXT.stuck(entriesText(entries.length), servers.join(', '))), ' ', synRecvHint()),
    );
  }
}
