// Lessons tab, "the director only forwards": the sockets on the service's port while large downloads ran (none on
// the director, the connections on the real servers), the director's byte counters, the mode's claim with ✓/✗.
import * as l10n from '@vscode/l10n';
import type { L4Message } from '../../src/protocol/messages';
import { h } from '../dom';

/** Every string this section shows, in one place; each looked up when shown (l10n). */
export const L4_TEXT = {
  title: () => l10n.t('The director only forwards (L4)'),
  empty: () => l10n.t('Run "{0}" to compare its sockets and byte counters with the real servers\'.', l10n.t('LVS Lab: The Director Only Forwards (L4)')),
  intro: (l: L4Message) =>
    l10n.t(
      '{0}: {1} downloads of {2} through {3}, sockets on port {4} read while they ran.',
      l.mode.toUpperCase(),
      l.downloads.requested,
      mb(l.sizeBytes),
      `${l.vip}:${l.port}`,
      l.port,
    ),
  node: () => l10n.t('Node'),
  sockets: () => l10n.t('Sockets on the port'),
  connections: () => l10n.t('Connections (client → node)'),
  director: (name: string) => l10n.t('{0} (director)', name),
  none: (entries: number) =>
    entries === 1 ? l10n.t('none — 1 ESTABLISHED IPVS entry, no socket') : l10n.t('none — {0} ESTABLISHED IPVS entries, no socket', entries),
  countersTitle: (l: L4Message) => l10n.t("{0}'s counters for the service, after minus before (ipvsadm -Ln --stats --exact)", l.director),
  /** ipvsadm's own names: not translated. */
  counterNames: ['Conns', 'InPkts', 'OutPkts', 'InBytes', 'OutBytes'] as const,
};

const mb = (n: number) => `${(n / 1024 ** 2).toFixed(2)} MB`;
const bytes = (n: number) => n.toLocaleString('en-US');

export function l4Section(l: L4Message): HTMLElement[] {
  const T = L4_TEXT;
  const row = (node: string, count: number, text: string, testId: string) =>
    h('tr', { 'data-testid': testId }, h('th', { scope: 'row' }, node), h('td', { class: 'num' }, String(count)), h('td', {}, text));
  const c = l.counters;
  return [
    h('p', { class: 'muted' }, T.intro(l)),
    h(
      'table',
      { class: 'data-table', 'data-testid': 'l4-sockets' },
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, T.node()), h('th', { scope: 'col' }, T.sockets()), h('th', { scope: 'col' }, T.connections()))),
      h(
        'tbody',
        {},
        row(
          T.director(l.director),
          l.during.directorSockets.length,
          l.during.directorSockets.join(', ') || T.none(l.during.directorEstablished),
          'l4-director',
        ),
        ...l.during.realServers.map((r) => row(r.node, r.connections.length, r.connections.join(', ') || '–', `l4-${r.node}`)),
      ),
    ),
    h('p', { class: 'muted' }, T.countersTitle(l)),
    h(
      'table',
      { class: 'data-table', 'data-testid': 'l4-counters' },
      h('thead', {}, h('tr', {}, ...T.counterNames.map((n) => h('th', { scope: 'col' }, n)))),
      h(
        'tbody',
        {},
        h(
          'tr',
          {},
          ...[c.conns, c.inPkts, c.outPkts, c.inBytes, c.outBytes].map((v, i) => h('td', { class: 'num', 'data-testid': `l4-${T.counterNames[i]}` }, bytes(v))),
        ),
      ),
    ),
    h('p', { class: 'lesson-claim', 'data-testid': 'l4-claim' }, l.lesson.claim),
    h(
      'ul',
      { class: 'lesson-evidence', 'data-testid': 'l4-evidence' },
      ...l.lesson.evidence.map((e) => h('li', { class: e.startsWith('✗') ? 'lesson-bad' : e.startsWith('✓') ? 'lesson-ok' : 'muted' }, e.trim())),
    ),
  ];
}
