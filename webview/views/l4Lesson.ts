// Lessons tab, "the director only forwards": the sockets on the service's port while large downloads ran (none on
// the director, the connections on the real servers), the director's byte counters, the mode's claim with ✓/✗.
import type { L4Message } from '../../src/protocol/messages';
import { h } from '../dom';

/** Every string this section shows, in one place for translation. */
export const L4_TEXT = {
  title: 'The director only forwards (L4)',
  empty: 'Run "LVS Lab: The Director Only Forwards (L4)" to compare its sockets and byte counters with the real servers\'.',
  intro: (l: L4Message) =>
    `${l.mode.toUpperCase()}: ${l.downloads.requested} downloads of ${mb(l.sizeBytes)} through ${l.vip}:${l.port}, sockets on port ${l.port} read while they ran.`,
  node: 'Node',
  sockets: 'Sockets on the port',
  connections: 'Connections (client → node)',
  director: (name: string) => `${name} (director)`,
  none: (entries: number) => `none — ${entries} ESTABLISHED IPVS ${entries === 1 ? 'entry' : 'entries'}, no socket`,
  countersTitle: (l: L4Message) => `${l.director}'s counters for the service, after minus before (ipvsadm -Ln --stats --exact)`,
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
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, T.node), h('th', { scope: 'col' }, T.sockets), h('th', { scope: 'col' }, T.connections))),
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
