// The panel's header: which lab, its nodes' states, when the data was read, Pause/Resume and Refresh.
import type { LabInfo, NodeInfo } from '../../src/protocol/messages';
import { button } from '../components';
import { h, replaceChildren, setText } from '../dom';
import { clockTime } from '../format';
import { MODE_NAMES, SCHEDULER_NAMES, textFor } from '../labText';

export interface HeaderHandlers {
  onPause(paused: boolean): void;
  onRefresh(): void;
}

type NodeState = NodeInfo['state'] | 'unknown';

export class HeaderView {
  readonly element: HTMLElement;
  private readonly title = h('h1', { class: 'lab-title' });
  private readonly meta = h('div', { class: 'lab-meta' });
  private readonly readAt = h('span', { class: 'read-at', 'data-testid': 'read-at', 'aria-live': 'off' }, 'not read yet');
  private readonly pausedFlag = h('span', { class: 'paused-flag', 'data-testid': 'paused-flag', hidden: true }, 'Paused');
  private readonly nodeList = h('ul', { class: 'node-list', 'aria-label': 'Nodes' });
  private readonly errors = h('div', { class: 'read-errors', role: 'alert', 'data-testid': 'read-errors' });
  private readonly pauseButton;
  private paused = false;
  private errorsShown = '';

  constructor(handlers: HeaderHandlers) {
    this.pauseButton = button({
      label: 'Pause',
      appearance: 'secondary',
      testId: 'pause-button',
      title: 'Stop reading the nodes',
      onClick: () => handlers.onPause(!this.paused),
    });
    const refresh = button({
      label: 'Refresh',
      appearance: 'secondary',
      testId: 'refresh-button',
      title: 'Read the nodes now',
      onClick: () => handlers.onRefresh(),
    });
    this.element = h(
      'header',
      { class: 'lab-header' },
      h(
        'div',
        { class: 'header-top' },
        h('div', { class: 'header-lab' }, this.title, this.meta),
        h('div', { class: 'header-actions' }, this.pausedFlag, this.readAt, this.pauseButton.element, refresh.element),
      ),
      this.nodeList,
      this.errors,
    );
  }

  setLab(lab: LabInfo): void {
    setText(this.title, lab.title);
    const item = (label: string, value: string, title?: string) =>
      h('span', { class: 'meta-item', title }, h('span', { class: 'meta-label' }, label), ' ', h('span', { class: 'meta-value' }, value));
    replaceChildren(
      this.meta,
      item('Mode', `${lab.mode.toUpperCase()} · ${MODE_NAMES[lab.mode]}`),
      item('Scheduler', `${lab.scheduler} · ${textFor(SCHEDULER_NAMES, lab.scheduler) ?? ''}`.replace(/ · $/, '')),
      item('VIP', `${lab.vip}:${lab.port}`),
      item('Director', lab.director),
      item('Real servers', lab.realServers.join(', ')),
    );
    this.setNodes(lab.nodes.map((n) => ({ ...n, state: 'unknown' as const, addresses: {} })));
  }

  setNodes(nodes: readonly { name: string; role: NodeInfo['role']; state: NodeState; addresses: Record<string, string> }[]): void {
    replaceChildren(
      this.nodeList,
      ...nodes.map((n) => {
        const ips = Object.values(n.addresses).join(', ');
        return h(
          'li',
          { class: `node node-${n.state}`, 'data-testid': `node-${n.name}`, 'data-state': n.state, title: ips ? `${n.name}: ${ips}` : n.name },
          h('span', { class: 'node-dot', 'aria-hidden': 'true' }),
          h('span', { class: 'node-name' }, n.name),
          h('span', { class: 'node-role' }, n.role),
          h('span', { class: 'node-state' }, n.state),
        );
      }),
    );
  }

  setPaused(paused: boolean): void {
    this.paused = paused;
    this.pauseButton.setLabel(paused ? 'Resume' : 'Pause');
    this.pauseButton.setTitle(paused ? 'Read the nodes again every few seconds' : 'Stop reading the nodes');
    this.pausedFlag.hidden = !paused;
  }

  setSnapshot(readAt: string, durationMs: number, errors: Record<string, string>): void {
    setText(this.readAt, `read at ${clockTime(readAt)} (${Math.round(durationMs)} ms)`);
    this.readAt.title = readAt;
    // The list is an alert region: only touch it when it changes, or it is announced every tick.
    const key = JSON.stringify(errors);
    if (key === this.errorsShown) return;
    this.errorsShown = key;
    replaceChildren(
      this.errors,
      ...Object.entries(errors).map(([node, message]) =>
        h(
          'div',
          { class: 'read-error', 'data-testid': `read-error-${node}` },
          h('span', { class: 'read-error-node' }, node),
          ' ',
          h('span', { class: 'read-error-text' }, message),
        ),
      ),
    );
  }
}
