// Lessons tab, failure drills: the drill now active, the load test's outcome, the director's entries per real
// server and state (SYN_RECV marked), and the findings with the handbook's diagnosis.
import type { DrillMessage } from '../../src/protocol/messages';
import { h } from '../dom';

/** Every string this section shows, in one place for translation. */
export const DRILL_TEXT = {
  title: 'Failure drills',
  empty: 'Run "LVS Lab: Failure Drill…" (or a real server\'s context menu in the Lab view) to break a real server and see what the handbook says to look for.',
  load: (d: DrillMessage) => `Load test: ${d.load.ok} of ${d.load.total} answered, ${d.load.errors} failed, ${d.load.timeouts} timed out.`,
  tableTitle: "The director's connection table (ipvsadm -Lnc), entries per real server and state",
  realServer: 'Real server',
  undo: (node: string) => `Undo: "LVS Lab: Undo Drills" (or ${node}'s context menu).`,
};

export function drillSection(d: DrillMessage): HTMLElement[] {
  const T = DRILL_TEXT;
  const states = [...new Set(d.table.flatMap((r) => Object.keys(r.states)))].sort();
  return [
    h('p', { class: 'muted', 'data-testid': 'drill-load' }, T.load(d)),
    h('p', { class: 'muted' }, T.tableTitle),
    h(
      'table',
      { class: 'data-table', 'data-testid': 'drill-table' },
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, T.realServer), ...states.map((s) => h('th', { scope: 'col' }, s)))),
      h(
        'tbody',
        {},
        ...d.table.map((r) =>
          h(
            'tr',
            { 'data-testid': `drill-row-${r.node ?? r.address}` },
            h('th', { scope: 'row' }, r.node ?? r.address),
            ...states.map((s) => h('td', { class: s === 'SYN_RECV' && (r.states[s] ?? 0) > 0 ? 'num lesson-bad' : 'num' }, String(r.states[s] ?? 0))),
          ),
        ),
      ),
    ),
    h(
      'ul',
      { class: 'lesson-evidence', 'data-testid': 'drill-findings' },
      ...d.findings.map((f) => h('li', { class: f.tone === 'ok' ? 'lesson-ok' : 'lesson-bad' }, f.text)),
    ),
    h('p', { class: 'muted' }, T.undo(d.node)),
  ];
}
