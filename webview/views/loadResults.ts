// A load test's result: tiles (ok, errors, timeouts, latency), requests per backend next to the predicted split
// (chart and table, a mismatch marked in the theme's error colour), what the prediction rests on, the held
// connections, requests per source address, and the errors.
import * as l10n from '@vscode/l10n';
import { splitRows, type SplitRow } from '../../src/core/loadRows';
import { h, replaceChildren, setText } from '../dom';
import { connectionsText, requestsText } from '../counted';
import { clockTime, formatCount, formatMs, formatPercent } from '../format';
import type { LastLoad } from '../panelState';
import { LoadChart } from './loadChart';

/** How sure the prediction is (the core's PredictionKind), in words; looked up when shown. */
const KIND_TEXT: Record<NonNullable<LastLoad['prediction']>['kind'], () => string> = {
  exact: () => l10n.t({ message: 'exact', args: [], comment: ["a prediction's kind: the kernel's own computation, reproduced"] }),
  rule: () => l10n.t({ message: 'rule', args: [], comment: ["a prediction's kind: the kernel's rule on counts the model can only estimate"] }),
};

export class LoadResults {
  readonly element = h('div', { class: 'load-results', 'data-testid': 'load-results', hidden: true });
  private readonly title = h('h2', { class: 'section-title' });
  private readonly tiles = h('div', { class: 'tiles' });
  private readonly backendTable = h('table', { class: 'data-table backend-table', 'data-testid': 'load-table' });
  private readonly prediction = h('div', { class: 'load-prediction', 'data-testid': 'load-prediction' });
  private readonly holds = h('p', { class: 'muted', 'data-testid': 'load-holds', hidden: true });
  private readonly sources = h('div', { class: 'load-sources' });
  private readonly errorList = h('div', { class: 'error-list' });
  private readonly chart = new LoadChart();

  constructor() {
    this.element.append(
      this.title,
      this.tiles,
      h('div', { class: 'load-split' }, this.chart.element, h('div', { class: 'load-table-box' }, this.backendTable)),
      this.prediction,
      this.holds,
      this.sources,
      this.errorList,
    );
  }

  show(result: LastLoad): void {
    this.element.hidden = false;
    const s = result.stats;
    // The optional parts carry their own leading comma, so the translation decides the punctuation.
    const from = result.clients > 1 ? l10n.t(', from {0} client addresses', formatCount(result.clients)) : '';
    const held = result.hold > 0 ? l10n.t(', {0} held open', connectionsText(result.hold)) : '';
    setText(
      this.title,
      l10n.t('Last run at {0}: {1}, {2} at a time{3}{4}', clockTime(result.at), requestsText(result.requests), formatCount(result.concurrency), from, held),
    );
    const tile = (label: string, value: string, testId: string, cls = '') =>
      h('div', { class: `tile ${cls}` }, h('div', { class: 'tile-label' }, label), h('div', { class: 'tile-value', 'data-testid': testId }, value));
    const lat = s.latencyMs;
    replaceChildren(
      this.tiles,
      tile(l10n.t({ message: 'OK', args: [], comment: ['requests answered with HTTP 200'] }), formatCount(s.ok), 'load-ok', 'tile-ok'),
      tile(l10n.t('Errors'), formatCount(s.errors), 'load-errors', s.errors > 0 ? 'tile-bad' : ''),
      tile(l10n.t('Timeouts'), formatCount(s.timeouts), 'load-timeouts', s.timeouts > 0 ? 'tile-bad' : ''),
      tile('p50', lat ? formatMs(lat.p50) : '–', 'load-p50'),
      tile('p95', lat ? formatMs(lat.p95) : '–', 'load-p95'),
      tile('p99', lat ? formatMs(lat.p99) : '–', 'load-p99'),
    );
    if (lat) this.tiles.title = l10n.t('min {0}, mean {1}, max {2}', formatMs(lat.min), formatMs(lat.mean), formatMs(lat.max));
    const rows = splitRows(s, result.prediction);
    this.chart.setRows(rows, result.prediction !== null);
    this.renderTable(rows, s.ok, result.prediction !== null);
    this.renderPrediction(result);
    this.renderSources(result);
    replaceChildren(
      this.errorList,
      ...(s.errorMessages.length
        ? [
            h('h3', { class: 'section-title' }, l10n.t('Errors')),
            h(
              'ul',
              { 'data-testid': 'load-error-messages' },
              ...s.errorMessages.map((e) => h('li', {}, h('span', { class: 'count' }, `${formatCount(e.count)}×`), ' ', e.message)),
            ),
          ]
        : []),
    );
  }

  private renderTable(rows: SplitRow[], ok: number, predicted: boolean): void {
    const body = rows.map((r) =>
      h(
        'tr',
        { 'data-backend': r.backend, class: r.matches === false ? 'mismatch' : undefined },
        h('th', { scope: 'row' }, r.backend),
        h('td', { class: 'num', 'data-testid': `load-count-${r.backend}` }, String(r.count)),
        h('td', { class: 'num', 'data-testid': `load-percent-${r.backend}` }, formatPercent(r.percent)),
        ...(predicted
          ? [
              h(
                'td',
                {
                  class: 'num',
                  'data-testid': `load-predicted-${r.backend}`,
                  title: r.matches === false ? l10n.t('Does not match the prediction') : undefined,
                },
                `${r.predicted === null ? '–' : String(r.predicted)}${r.matches === false ? ' ✗' : ''}`,
              ),
            ]
          : []),
      ),
    );
    const columns = predicted ? 4 : 3;
    replaceChildren(
      this.backendTable,
      h('caption', {}, l10n.t('Requests per backend')),
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          h('th', { scope: 'col' }, l10n.t('Backend')),
          h('th', { scope: 'col', class: 'num' }, l10n.t('Requests')),
          h('th', { scope: 'col', class: 'num' }, l10n.t('Share of OK')),
          ...(predicted ? [h('th', { scope: 'col', class: 'num' }, l10n.t('Predicted'))] : []),
        ),
      ),
      h('tbody', {}, ...(body.length ? body : [h('tr', {}, h('td', { colspan: columns, class: 'muted' }, l10n.t('No request succeeded.')))])),
      h(
        'tfoot',
        {},
        h(
          'tr',
          {},
          h('th', { scope: 'row' }, l10n.t({ message: 'OK', args: [], comment: ['requests answered with HTTP 200'] })),
          h('td', { class: 'num', 'data-testid': 'load-count-total' }, String(ok)),
          h('td', { class: 'num' }, ok > 0 ? '100 %' : ''),
          ...(predicted ? [h('td', {})] : []),
        ),
      ),
    );
  }

  private renderPrediction(result: LastLoad): void {
    const p = result.prediction;
    if (!p) {
      this.prediction.className = 'load-prediction muted';
      const note = result.predictionNote;
      replaceChildren(this.prediction, h('p', {}, note ? l10n.t('No prediction: {0}.', note.replace(/^no prediction: /, '')) : ''));
    } else {
      this.prediction.className = `load-prediction ${p.matches ? 'prediction-ok' : 'prediction-bad'}`;
      const by = p.persistence ? l10n.t('{0}, persistent {1} s', p.scheduler, p.persistence) : p.scheduler;
      replaceChildren(
        this.prediction,
        h(
          'p',
          { 'data-testid': 'load-prediction-verdict' },
          p.matches
            ? l10n.t('Predicted by {0} ({1}): matches.', by, KIND_TEXT[p.kind]())
            : l10n.t('Predicted by {0} ({1}): does not match.', by, KIND_TEXT[p.kind]()),
        ),
        h('p', { class: 'muted' }, l10n.t('Checked: {0}. {1}.', p.check, `${p.basis[0].toUpperCase()}${p.basis.slice(1)}`)),
      );
    }
    const holds = result.holds;
    this.holds.hidden = !holds;
    if (holds) {
      const where = Object.entries(holds.byBackend).map(([b, n]) => `${b} ${formatCount(n)}`);
      const held = connectionsText(holds.opened);
      const at = where.join(', ') || l10n.t('none');
      setText(
        this.holds,
        p
          ? l10n.t(
              'Held {0} open ({1}). ActiveConn as the requests began: {2}.',
              held,
              at,
              p.rows.map((r) => `${r.server} ${formatCount(r.active)}`).join(', '),
            )
          : l10n.t('Held {0} open ({1}).', held, at),
      );
    }
  }

  private renderSources(result: LastLoad): void {
    if (result.bySource.length <= 1) return replaceChildren(this.sources);
    const rows = result.bySource.map((b) => {
      const servers = Object.entries(b.backends);
      return h(
        'tr',
        { 'data-source': b.source },
        h('th', { scope: 'row' }, b.source),
        h('td', { class: 'num' }, formatCount(b.requests)),
        h('td', { 'data-testid': `load-source-${b.source}` }, servers.map(([name, n]) => `${name} ${formatCount(n)}`).join(', ') || '–'),
      );
    });
    replaceChildren(
      this.sources,
      h(
        'table',
        { class: 'data-table', 'data-testid': 'load-sources' },
        h('caption', {}, l10n.t('Requests per source address')),
        h(
          'thead',
          {},
          h(
            'tr',
            {},
            h('th', { scope: 'col' }, l10n.t('Source')),
            h('th', { scope: 'col', class: 'num' }, l10n.t('Requests')),
            h('th', { scope: 'col' }, l10n.t('Answered by')),
          ),
        ),
        h('tbody', {}, ...rows),
      ),
    );
  }
}
