// The side view's last load test: requests per real server as bars, the predicted share marked on each bar (a
// mismatch in the theme's error colour), and the prediction's verdict. The same rows as the panel's load table.
import { splitRows } from '../../src/core/loadRows';
import type { SideLoad } from '../../src/protocol/sideMessages';
import { h, replaceChildren, setText } from '../dom';
import { clockTime, formatCount, formatPercent } from '../format';
import { SIDE_TEXT } from './sideText';

export class LoadSplit {
  private readonly summary = h('p', { class: 'muted', 'data-testid': 'side-load-summary' }, SIDE_TEXT.loadNone());
  private readonly rows = h('div', { class: 'side-load-rows', 'data-testid': 'side-load' });
  private readonly verdict = h('p', { class: 'muted', 'data-testid': 'side-load-verdict' });
  readonly element = h(
    'section',
    { class: 'side-section side-load', 'aria-label': SIDE_TEXT.loadTitle() },
    h('h3', { class: 'side-title' }, SIDE_TEXT.loadTitle()),
    this.summary,
    this.rows,
    this.verdict,
  );

  show(load: SideLoad | null): void {
    if (!load) {
      setText(this.summary, SIDE_TEXT.loadNone());
      replaceChildren(this.rows);
      setText(this.verdict, '');
      return;
    }
    const s = load.stats;
    setText(this.summary, SIDE_TEXT.loadSummary(clockTime(load.at), formatCount(load.requests), formatCount(s.ok)));
    const rows = splitRows(s, load.prediction);
    replaceChildren(
      this.rows,
      ...rows.map((r) => {
        const fill = h('span', { class: 'side-bar-fill' });
        fill.style.width = `${r.percent}%`;
        const bar = h('span', { class: 'side-bar', 'aria-hidden': 'true' }, fill);
        if (r.predicted !== null && s.ok > 0) {
          const mark = h('span', { class: 'side-bar-mark' });
          mark.style.left = `${Math.min(100, (r.predicted / s.ok) * 100)}%`;
          bar.append(mark);
        }
        const predicted =
          r.predicted === null ? null : h('span', { 'data-testid': `side-load-predicted-${r.backend}` }, SIDE_TEXT.predicted(formatCount(r.predicted)));
        return h(
          'div',
          {
            class: `side-load-row${r.matches === false ? ' mismatch' : ''}`,
            'data-backend': r.backend,
            title: r.matches === false ? SIDE_TEXT.mismatch() : undefined,
          },
          h('span', { class: 'side-load-name' }, r.backend),
          bar,
          h('span', { class: 'side-load-count', 'data-testid': `side-load-${r.backend}` }, formatCount(r.count)),
          h('span', { class: 'side-load-detail muted' }, formatPercent(r.percent), predicted ? ' · ' : null, predicted, r.matches === false ? ' ✗' : null),
        );
      }),
    );
    const p = load.prediction;
    setText(this.verdict, p ? SIDE_TEXT.predictionVerdict(p.scheduler, p.matches) : SIDE_TEXT.noPrediction(load.predictionNote));
    this.verdict.classList.toggle('side-bad', p?.matches === false);
  }
}
