// The Services tab's health checks: what keepalived on the director says of each real server
// (the lab's health-check option), or that plain IPVS has none.
import * as l10n from '@vscode/l10n';
import type { HealthMessage } from '../../src/protocol/messages';
import { h, replaceChildren, setText } from '../dom';
import { addressIp } from '../format';

const STATE_TEXT: Record<HealthMessage['servers'][number]['state'], () => string> = {
  up: () => l10n.t('check passes'),
  down: () => l10n.t('check fails'),
  unknown: () => l10n.t('not checked yet'),
};

export class HealthChecksView {
  readonly element: HTMLElement;
  private readonly caption = h('p', { class: 'muted', 'data-testid': 'health-caption' });
  private readonly list = h('ul', { class: 'health-list', 'aria-label': l10n.t('Health checks') });
  private names = new Map<string, string>();

  constructor() {
    this.element = h(
      'section',
      { class: 'health-checks', 'data-testid': 'health-checks' },
      h('h2', { class: 'service-title' }, l10n.t('Health checks')),
      this.caption,
      this.list,
    );
  }

  setNodeNames(names: Map<string, string>): void {
    this.names = names;
  }

  set(health: HealthMessage | null): void {
    if (!health || (!health.running && health.servers.length === 0)) {
      setText(
        this.caption,
        l10n.t('None: plain IPVS keeps sending to a real server that does not answer. Turn on keepalived with “{0}”.', l10n.t('Health checks…')),
      );
      replaceChildren(this.list);
      return;
    }
    setText(
      this.caption,
      health.running
        ? l10n.t('keepalived on the director asks each real server for a page; one whose check fails is taken out of the table until it answers again.')
        : l10n.t('keepalived is not running: the checks below are its last word, and nothing takes a dead real server out now.'),
    );
    replaceChildren(
      this.list,
      ...[...health.servers]
        .sort((a, b) => a.address.localeCompare(b.address, 'en', { numeric: true }))
        .map((s) => {
          const name = this.names.get(addressIp(s.address));
          const state = s.removed ? 'out' : s.state;
          return h(
            'li',
            { class: `health-item health-${state}`, 'data-testid': `health-${name ?? s.address}`, 'data-state': s.state, 'data-removed': String(s.removed) },
            h('span', { class: 'health-dot', 'aria-hidden': 'true' }),
            h('span', { class: 'mono' }, s.address),
            name ? h('span', { class: 'dest-name' }, ` ${name}`) : null,
            h('span', { class: 'health-state' }, ` — ${s.removed ? l10n.t('{0}, taken out of the table', STATE_TEXT[s.state]()) : STATE_TEXT[s.state]()}`),
          );
        }),
    );
  }
}
