// The Services tab's health checks: what keepalived on the director says of each real server
// (the lab's health-check option), or that plain IPVS has none.
import type { HealthMessage } from '../../src/protocol/messages';
import { h, replaceChildren, setText } from '../dom';
import { addressIp } from '../format';

const STATE_TEXT = { up: 'check passes', down: 'check fails', unknown: 'not checked yet' } as const;

export class HealthChecksView {
  readonly element: HTMLElement;
  private readonly caption = h('p', { class: 'muted', 'data-testid': 'health-caption' });
  private readonly list = h('ul', { class: 'health-list', 'aria-label': 'Health checks' });
  private names = new Map<string, string>();

  constructor() {
    this.element = h(
      'section',
      { class: 'health-checks', 'data-testid': 'health-checks' },
      h('h2', { class: 'service-title' }, 'Health checks'),
      this.caption,
      this.list,
    );
  }

  setNodeNames(names: Map<string, string>): void {
    this.names = names;
  }

  set(health: HealthMessage | null): void {
    if (!health || (!health.running && health.servers.length === 0)) {
      setText(this.caption, 'None: plain IPVS keeps sending to a real server that does not answer. Turn on keepalived with “Health checks…”.');
      replaceChildren(this.list);
      return;
    }
    setText(
      this.caption,
      health.running
        ? 'keepalived on the director asks each real server for a page; one whose check fails is taken out of the table until it answers again.'
        : 'keepalived is not running: the checks below are its last word, and nothing takes a dead real server out now.',
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
            h('span', { class: 'health-state' }, ` — ${STATE_TEXT[s.state]}${s.removed ? ', taken out of the table' : ''}`),
          );
        }),
    );
  }
}
