// The panel's header: which lab, its nodes' states, when the data was read, Pause/Resume and Refresh.
import { roleWord } from '../../src/core/lab';
import * as l10n from '@vscode/l10n';
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

/** A node's state in words (the data attribute keeps the protocol's value). */
const STATE_TEXT: Record<NodeState, () => string> = {
  running: () => l10n.t({ message: 'running', args: [], comment: ["a node's container state"] }),
  stopped: () => l10n.t({ message: 'stopped', args: [], comment: ["a node's container state"] }),
  missing: () => l10n.t({ message: 'missing', args: [], comment: ["a node's container state: no container"] }),
  unknown: () => l10n.t({ message: 'unknown', args: [], comment: ["a node's container state: not read yet"] }),
};

export class HeaderView {
  readonly element: HTMLElement;
  private readonly title = h('h1', { class: 'lab-title' });
  private readonly meta = h('div', { class: 'lab-meta' });
  private readonly readAt = h('span', { class: 'read-at', 'data-testid': 'read-at', 'aria-live': 'off' }, l10n.t('not read yet'));
  private readonly pausedFlag = h('span', { class: 'paused-flag', 'data-testid': 'paused-flag', hidden: true }, l10n.t('Paused'));
  private readonly nodeList = h('ul', { class: 'node-list', 'aria-label': l10n.t('Nodes') });
  private readonly errors = h('div', { class: 'read-errors', role: 'alert', 'data-testid': 'read-errors' });
  private readonly pauseButton;
  private paused = false;
  private errorsShown = '';

  constructor(handlers: HeaderHandlers) {
    this.pauseButton = button({
      label: l10n.t('Pause'),
      appearance: 'secondary',
      testId: 'pause-button',
      title: l10n.t('Stop reading the nodes'),
      onClick: () => handlers.onPause(!this.paused),
    });
    const refresh = button({
      label: l10n.t('Refresh'),
      appearance: 'secondary',
      testId: 'refresh-button',
      title: l10n.t('Read the nodes now'),
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
      item(l10n.t('Mode'), `${lab.mode.toUpperCase()} · ${MODE_NAMES[lab.mode]()}`),
      item(l10n.t('Scheduler'), `${lab.scheduler} · ${textFor(SCHEDULER_NAMES, lab.scheduler) ?? ''}`.replace(/ · $/, '')),
      item('VIP', `${lab.vip}:${lab.port}`),
      item(l10n.t('Director'), lab.director),
      item(l10n.t('Real servers'), lab.realServers.join(', ')),
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
          h('span', { class: 'node-role' }, roleWord(n.role)),
          h('span', { class: 'node-state' }, STATE_TEXT[n.state]()),
        );
      }),
    );
  }

  setPaused(paused: boolean): void {
    this.paused = paused;
    this.pauseButton.setLabel(paused ? l10n.t('Resume') : l10n.t('Pause'));
    this.pauseButton.setTitle(paused ? l10n.t('Read the nodes again every few seconds') : l10n.t('Stop reading the nodes'));
    this.pausedFlag.hidden = !paused;
  }

  setSnapshot(readAt: string, durationMs: number, errors: Record<string, string>): void {
    setText(this.readAt, l10n.t('read at {0} ({1} ms)', clockTime(readAt), Math.round(durationMs)));
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
