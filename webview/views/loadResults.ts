// A load test's result: tiles (ok, errors, timeouts, latency), requests per backend next to the predicted split
// (chart and table, a mismatch marked in the theme's error colour), what the prediction rests on, the held
// connections, requests per source address, and the errors.
import { splitRows, type SplitRow } from '../../src/core/loadRows';
import { h, replaceChildren, setText } from '../dom';
import { clockTime, formatCount, formatMs, formatPercent, plural } from '../format';
import type { LastLoad } from '../panelState';
import { LoadChart } from './loadChart';

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
    const from = result.clients > 1 ? `, from ${formatCount(result.clients)} client addresses` : '';
    const held = result.hold > 0 ? `, ${plural(result.hold, 'connection', 'connections')} held open` : '';
    setText(
      this.title,
      `Last run at ${clockTime(result.at)}: ${plural(result.requests, 'request', 'requests')}, ${formatCount(result.concurrency)} at a time${from}${held}`,
    );
    const tile = (label: string, value: string, testId: string, cls = '') =>
      h('div', { class: `tile ${cls}` }, h('div', { class: 'tile-label' }, label), h('div', { class: 'tile-value', 'data-testid': testId }, value));
    const lat = s.latencyMs;
    replaceChildren(
      this.tiles,
      tile('OK', formatCount(s.ok), 'load-ok', 'tile-ok'),
      tile('Errors', formatCount(s.errors), 'load-errors', s.errors > 0 ? 'tile-bad' : ''),
      tile('Timeouts', formatCount(s.timeouts), 'load-timeouts', s.timeouts > 0 ? 'tile-bad' : ''),
      tile('p50', lat ? formatMs(lat.p50) : '–', 'load-p50'),
      tile('p95', lat ? formatMs(lat.p95) : '–', 'load-p95'),
      tile('p99', lat ? formatMs(lat.p99) : '–', 'load-p99'),
    );
    if (lat) this.tiles.title = `min ${formatMs(lat.min)}, mean ${formatMs(lat.mean)}, max ${formatMs(lat.max)}`;
    const rows = splitRows(s, result.prediction);
    this.chart.setRows(rows, result.prediction !== null);
    this.renderTable(rows, s.ok, result.prediction !== null);
    this.renderPrediction(result);
    this.renderSources(result);
    replaceChildren(
      this.errorList,
      ...(s.errorMessages.length
        ? [
            h('h3', { class: 'section-title' }, 'Errors'),
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
                { class: 'num', 'data-testid': `load-predicted-${r.backend}`, title: r.matches === false ? 'Does not match the prediction' : undefined },
                `${r.predicted === null ? '–' : String(r.predicted)}${r.matches === false ? ' ✗' : ''}`,
              ),
            ]
          : []),
      ),
    );
    const columns = predicted ? 4 : 3;
    replaceChildren(
      this.backendTable,
      h('caption', {}, 'Requests per backend'),
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          h('th', { scope: 'col' }, 'Backend'),
          h('th', { scope: 'col', class: 'num' }, 'Requests'),
          h('th', { scope: 'col', class: 'num' }, 'Share of OK'),
          ...(predicted ? [h('th', { scope: 'col', class: 'num' }, 'Predicted')] : []),
        ),
      ),
      h('tbody', {}, ...(body.length ? body : [h('tr', {}, h('td', { colspan: columns, class: 'muted' }, 'No request succeeded.'))])),
      h(
        'tfoot',
        {},
        h(
          'tr',
          {},
          h('th', { scope: 'row' }, 'OK'),
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
      replaceChildren(this.prediction, h('p', {}, result.predictionNote ? `No prediction: ${result.predictionNote.replace(/^no prediction: /, '')}.` : ''));
    } else {
      this.prediction.className = `load-prediction ${p.matches ? 'prediction-ok' : 'prediction-bad'}`;
      const persist = p.persistence ? `, persistent ${p.persistence} s` : '';
      replaceChildren(
        this.prediction,
        h('p', { 'data-testid': 'load-prediction-verdict' }, `Predicted by ${p.scheduler}${persist} (${p.kind}): ${p.matches ? 'matches' : 'does not match'}.`),
        h('p', { class: 'muted' }, `Checked: ${p.check}. ${p.basis[0].toUpperCase()}${p.basis.slice(1)}.`),
      );
    }
    const holds = result.holds;
    this.holds.hidden = !holds;
    if (holds) {
      const where = Object.entries(holds.byBackend).map(([b, n]) => `${b} ${formatCount(n)}`);
      const active = p ? ` ActiveConn as the requests began: ${p.rows.map((r) => `${r.server} ${formatCount(r.active)}`).join(', ')}.` : '';
      setText(this.holds, `Held ${plural(holds.opened, 'connection', 'connections')} open (${where.join(', ') || 'none'}).${active}`);
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
        h('caption', {}, 'Requests per source address'),
        h(
          'thead',
          {},
          h('tr', {}, h('th', { scope: 'col' }, 'Source'), h('th', { scope: 'col', class: 'num' }, 'Requests'), h('th', { scope: 'col' }, 'Answered by')),
        ),
        h('tbody', {}, ...rows),
      ),
    );
  }
}
