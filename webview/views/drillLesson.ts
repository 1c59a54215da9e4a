// Lessons tab, failure drills: the drill now active, the load test's outcome, the director's entries per real
// server and state (SYN_RECV marked), and the findings with the handbook's diagnosis.
import * as l10n from '@vscode/l10n';
import type { DrillMessage } from '../../src/protocol/messages';
import { h } from '../dom';

/** Every string this section shows, in one place; each looked up when shown (l10n). */
export const DRILL_TEXT = {
  title: () => l10n.t('Failure drills'),
  empty: () =>
    l10n.t(
      'Run "{0}" (or a real server\'s context menu in the Lab view) to break a real server and see what the handbook says to look for.',
      l10n.t('LVS Lab: Failure Drill…'),
    ),
  load: (d: DrillMessage) => l10n.t('Load test: {0} of {1} answered, {2} failed, {3} timed out.', d.load.ok, d.load.total, d.load.errors, d.load.timeouts),
  tableTitle: () => l10n.t("The director's connection table (ipvsadm -Lnc), entries per real server and state"),
  realServer: () => l10n.t('Real server'),
  undo: (node: string) => l10n.t('Undo: "{0}" (or {1}\'s context menu).', l10n.t('LVS Lab: Undo Drills'), node),
};

export function drillSection(d: DrillMessage): HTMLElement[] {
  const T = DRILL_TEXT;
  const states = [...new Set(d.table.flatMap((r) => Object.keys(r.states)))].sort();
  return [
    h('p', { class: 'muted', 'data-testid': 'drill-load' }, T.load(d)),
    h('p', { class: 'muted' }, T.tableTitle()),
    h(
      'table',
      { class: 'data-table', 'data-testid': 'drill-table' },
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, T.realServer()), ...states.map((s) => h('th', { scope: 'col' }, s)))),
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
