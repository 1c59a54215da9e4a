// Lessons tab: the last packet trace (a table per packet kind, then the mode's lesson with ✓/✗), the last
// ARP experiment (who answered per phase, the client's neighbour entry, the lesson in one line), the last
// "director only forwards" run and the last failure drill.
import * as l10n from '@vscode/l10n';
import type { ArpMessage, HostMessage, LessonId, TraceMessage } from '../../src/protocol/messages';
import { arpLesson, arpPhases } from '../arpModel';
import { h, replaceChildren } from '../dom';
import { missingKinds, traceTables } from '../traceModel';
import { DRILL_TEXT, drillSection } from './drillLesson';
import { L4_TEXT, l4Section } from './l4Lesson';
import { traceTable } from './traceTable';

type LessonMessage = Extract<HostMessage, { type: 'lessonStarted' | 'traceResult' | 'arpResult' | 'l4Result' | 'drillResult' | 'lessonNote' | 'lessonError' }>;

export class LessonsView {
  private readonly traceBox = h('div', { class: 'lesson-body', 'data-testid': 'lesson-trace' });
  private readonly arpBox = h('div', { class: 'lesson-body', 'data-testid': 'lesson-arp' });
  private readonly l4Box = h('div', { class: 'lesson-body', 'data-testid': 'lesson-l4' });
  private readonly drillBox = h('div', { class: 'lesson-body', 'data-testid': 'lesson-drill' });
  readonly element = h(
    'div',
    { class: 'lessons' },
    h('h2', { class: 'section-title' }, l10n.t('Trace a request')),
    this.traceBox,
    h('h2', { class: 'section-title' }, l10n.t('ARP: why the VIP stays hidden')),
    this.arpBox,
    h('h2', { class: 'section-title' }, L4_TEXT.title()),
    this.l4Box,
    h('h2', { class: 'section-title' }, DRILL_TEXT.title()),
    this.drillBox,
  );

  constructor() {
    this.note('trace', l10n.t('Run "{0}" to follow one request hop by hop.', l10n.t('LVS Lab: Trace a Request')));
    this.note('arp', l10n.t('Run "{0}" to see who answers for the VIP.', l10n.t('LVS Lab: ARP Experiment')));
    this.note('l4', L4_TEXT.empty());
    this.note('drill', DRILL_TEXT.empty());
  }

  handle(m: LessonMessage): void {
    if (m.type === 'lessonStarted') this.note(m.lesson, m.note, 'lesson-running');
    else if (m.type === 'lessonNote') this.note(m.lesson, m.note);
    else if (m.type === 'lessonError') this.note(m.lesson, m.message, 'notice notice-error');
    else if (m.type === 'traceResult') this.showTrace(m.trace);
    else if (m.type === 'l4Result') replaceChildren(this.l4Box, ...l4Section(m.l4));
    else if (m.type === 'drillResult') replaceChildren(this.drillBox, ...drillSection(m.drill));
    else this.showArp(m.arp);
  }

  private note(lesson: LessonId, text: string, cls = 'muted'): void {
    const box = { trace: this.traceBox, arp: this.arpBox, l4: this.l4Box, drill: this.drillBox }[lesson];
    replaceChildren(box, h('p', { class: cls, role: cls.includes('error') ? 'alert' : null, 'data-testid': `lesson-${lesson}-note` }, text));
  }

  showTrace(t: TraceMessage): void {
    const missing = missingKinds(t);
    replaceChildren(
      this.traceBox,
      h(
        'p',
        { class: 'muted' },
        t.realServer
          ? l10n.t(
              '{0}: the client {1} → {2}, served by {3}. Highlighted and bold: changed since the hop before.',
              t.mode.toUpperCase(),
              `${t.client.ip}:${t.client.port}`,
              `${t.vip}:${t.port}`,
              t.realServer,
            )
          : l10n.t(
              '{0}: the client {1} → {2}. Highlighted and bold: changed since the hop before.',
              t.mode.toUpperCase(),
              `${t.client.ip}:${t.client.port}`,
              `${t.vip}:${t.port}`,
            ),
      ),
      ...traceTables(t).map(traceTable),
      missing.length > 0 && h('p', { class: 'muted' }, l10n.t('Not captured: {0}.', missing.join(', '))),
      h('p', { class: 'lesson-claim', 'data-testid': 'trace-claim' }, t.lesson.claim),
      h(
        'ul',
        { class: 'lesson-evidence', 'data-testid': 'trace-evidence' },
        ...t.lesson.evidence.map((e) => h('li', { class: e.startsWith('✓') ? 'lesson-ok' : 'lesson-bad' }, e)),
      ),
    );
  }

  showArp(a: ArpMessage): void {
    const phases = arpPhases(a);
    const row = (p: (typeof phases)[number]) =>
      h(
        'tr',
        { 'data-testid': `arp-${p.id}` },
        h('th', { scope: 'row' }, p.title),
        h('td', { class: p.leak ? 'lesson-bad' : null }, p.answers.join(', ') || l10n.t('nobody')),
        h('td', {}, p.neighbour),
      );
    const lesson = arpLesson(a);
    replaceChildren(
      this.arpBox,
      h('p', { class: 'muted' }, l10n.t('From the client: who answers "{0}"? The director is {1}.', `who-has ${a.vip}`, a.director)),
      h(
        'table',
        { class: 'data-table arp-table' },
        h(
          'thead',
          {},
          h(
            'tr',
            {},
            h('th', { scope: 'col' }, l10n.t('Phase')),
            h('th', { scope: 'col' }, l10n.t('Answered (node)')),
            h('th', { scope: 'col' }, l10n.t("Client's neighbour entry")),
          ),
        ),
        h('tbody', {}, ...phases.map(row)),
      ),
      h('p', { class: lesson.startsWith('✓') ? 'lesson-ok' : 'lesson-bad', 'data-testid': 'arp-lesson' }, lesson),
    );
  }
}
