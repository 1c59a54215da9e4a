// Lessons tab: the last packet trace (a table per packet kind, then the mode's lesson with ✓/✗) and the last
// ARP experiment (who answered per phase, the client's neighbour entry, the lesson in one line).
import type { ArpMessage, HostMessage, TraceMessage } from '../../src/protocol/messages';
import { arpLesson, arpPhases } from '../arpModel';
import { h, replaceChildren } from '../dom';
import { missingKinds, traceTables } from '../traceModel';
import { traceTable } from './traceTable';

type Lesson = 'trace' | 'arp';

export class LessonsView {
  private readonly traceBox = h('div', { class: 'lesson-body', 'data-testid': 'lesson-trace' });
  private readonly arpBox = h('div', { class: 'lesson-body', 'data-testid': 'lesson-arp' });
  readonly element = h(
    'div',
    { class: 'lessons' },
    h('h2', { class: 'section-title' }, 'Trace a request'),
    this.traceBox,
    h('h2', { class: 'section-title' }, 'ARP: why the VIP stays hidden'),
    this.arpBox,
  );

  constructor() {
    this.note('trace', 'Run "LVS Lab: Trace a Request" to follow one request hop by hop.');
    this.note('arp', 'Run "LVS Lab: ARP Experiment" to see who answers for the VIP.');
  }

  handle(m: Extract<HostMessage, { type: 'lessonStarted' | 'traceResult' | 'arpResult' | 'lessonError' }>): void {
    if (m.type === 'lessonStarted') this.note(m.lesson, m.note, 'lesson-running');
    else if (m.type === 'lessonError') this.note(m.lesson, m.message, 'notice notice-error');
    else if (m.type === 'traceResult') this.showTrace(m.trace);
    else this.showArp(m.arp);
  }

  private note(lesson: Lesson, text: string, cls = 'muted'): void {
    const box = lesson === 'trace' ? this.traceBox : this.arpBox;
    replaceChildren(box, h('p', { class: cls, role: cls.includes('error') ? 'alert' : null, 'data-testid': `lesson-${lesson}-note` }, text));
  }

  showTrace(t: TraceMessage): void {
    const missing = missingKinds(t);
    replaceChildren(
      this.traceBox,
      h(
        'p',
        { class: 'muted' },
        `${t.mode.toUpperCase()}: the client ${t.client.ip}:${t.client.port} → ${t.vip}:${t.port}` +
          `${t.realServer ? `, served by ${t.realServer}` : ''}. Highlighted and bold: changed since the hop before.`,
      ),
      ...traceTables(t).map(traceTable),
      missing.length > 0 && h('p', { class: 'muted' }, `Not captured: ${missing.join(', ')}.`),
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
        h('td', { class: p.leak ? 'lesson-bad' : null }, p.answers.join(', ') || 'nobody'),
        h('td', {}, p.neighbour),
      );
    const lesson = arpLesson(a);
    replaceChildren(
      this.arpBox,
      h('p', { class: 'muted' }, `From the client: who answers "who-has ${a.vip}"? The director is ${a.director}.`),
      h(
        'table',
        { class: 'data-table arp-table' },
        h(
          'thead',
          {},
          h('tr', {}, h('th', { scope: 'col' }, 'Phase'), h('th', { scope: 'col' }, 'Answered (node)'), h('th', { scope: 'col' }, "Client's neighbour entry")),
        ),
        h('tbody', {}, ...phases.map(row)),
      ),
      h('p', { class: lesson.startsWith('✓') ? 'lesson-ok' : 'lesson-bad', 'data-testid': 'arp-lesson' }, lesson),
    );
  }
}
