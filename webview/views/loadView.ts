// Load test tab: a form that asks the host to run N requests against the VIP, progress while it runs, and
// the result: requests per backend (chart and the same numbers as a table), latency, errors, timeouts.
import type { LabInfo, LoadStatsMessage } from '../../src/protocol/messages';
import { button, progressRing, textField } from '../components';
import { h, replaceChildren, setText } from '../dom';
import { clockTime, formatCount, formatMs, formatPercent, plural } from '../format';
import { parseLoadForm, type RunLoadTest } from '../loadForm';
import type { LastLoad, LoadForm } from '../panelState';
import { LoadChart } from './loadChart';

export interface LoadHandlers {
  onRun(message: RunLoadTest): void;
}

export class LoadView {
  readonly element: HTMLElement;
  private readonly requests;
  private readonly concurrency;
  private readonly run;
  private readonly formError = h('p', { class: 'form-error', role: 'alert', 'data-testid': 'load-form-error', hidden: true });
  private readonly target = h('p', { class: 'muted form-help' });
  private readonly progress = h('div', { class: 'load-progress', 'data-testid': 'load-progress', hidden: true });
  private readonly progressText = h('span', { class: 'progress-text', 'aria-live': 'polite' });
  private readonly bar = h('div', { class: 'bar-fill' });
  private readonly barTrack = h('div', { class: 'bar-track', role: 'progressbar', 'aria-label': 'Load test progress', 'aria-valuemin': 0 }, this.bar);
  private readonly loadError = h('div', { class: 'notice notice-error', role: 'alert', 'data-testid': 'load-error', hidden: true });
  private readonly results = h('div', { class: 'load-results', 'data-testid': 'load-results', hidden: true });
  private readonly resultsTitle = h('h2', { class: 'section-title' });
  private readonly tiles = h('div', { class: 'tiles' });
  private readonly backendTable = h('table', { class: 'data-table backend-table', 'data-testid': 'load-table' });
  private readonly errorList = h('div', { class: 'error-list' });
  private readonly none = h(
    'p',
    { class: 'muted', 'data-testid': 'load-none' },
    'No load test yet. Each request goes from the client to the VIP; the page names the real server that answered.',
  );
  private readonly chart = new LoadChart();
  private running = false;

  constructor(
    form: LoadForm | null,
    private readonly handlers: LoadHandlers,
  ) {
    this.requests = textField({
      label: 'Requests',
      value: String(form?.requests ?? ''),
      testId: 'load-requests',
      size: 8,
      inputMode: 'numeric',
      onEnter: () => this.submit(),
    });
    this.concurrency = textField({
      label: 'Concurrency',
      value: String(form?.concurrency ?? ''),
      testId: 'load-concurrency',
      size: 6,
      inputMode: 'numeric',
      onEnter: () => this.submit(),
    });
    this.run = button({ label: 'Run load test', testId: 'load-run', onClick: () => this.submit() });
    this.progress.append(progressRing('Load test running'), this.progressText, this.barTrack);
    this.results.append(
      this.resultsTitle,
      this.tiles,
      h('div', { class: 'load-split' }, this.chart.element, h('div', { class: 'load-table-box' }, this.backendTable)),
      this.errorList,
    );
    this.element = h(
      'section',
      { class: 'view load-view', 'aria-label': 'Load test' },
      h('form', { class: 'load-form', 'aria-label': 'Load test', novalidate: true }, this.requests.element, this.concurrency.element, this.run.element),
      this.target,
      this.formError,
      this.progress,
      this.loadError,
      this.none,
      this.results,
    );
    this.element.querySelector('form')!.addEventListener('submit', (e) => {
      e.preventDefault();
      this.submit();
    });
  }

  setLab(lab: LabInfo, form: LoadForm): void {
    this.requests.value = String(form.requests);
    this.concurrency.value = String(form.concurrency);
    setText(
      this.target,
      `Sends the requests from the client to http://${lab.vip}:${lab.port}/, a number of them in flight at once. Expect ${lab.scheduler} to spread them over ${lab.realServers.join(' and ')}.`,
    );
  }

  started(requests: number, concurrency: number): void {
    this.markRunning();
    this.setProgress(0, requests);
    this.barTrack.setAttribute('aria-valuetext', `starting ${requests} requests, ${concurrency} at a time`);
  }

  setProgress(done: number, total: number): void {
    // Progress can arrive without loadStarted when the panel was re-created during a run.
    if (!this.running) this.markRunning();
    setText(this.progressText, `${formatCount(done)} / ${formatCount(total)} requests`);
    this.barTrack.setAttribute('aria-valuemax', String(total));
    this.barTrack.setAttribute('aria-valuenow', String(done));
    this.bar.style.width = `${total > 0 ? Math.min(100, (done / total) * 100) : 0}%`;
  }

  failed(message: string): void {
    this.finish();
    this.loadError.hidden = false;
    setText(this.loadError, `Load test failed: ${message}`);
  }

  showResult(result: LastLoad): void {
    this.finish();
    this.loadError.hidden = true;
    this.none.hidden = true;
    this.results.hidden = false;
    const s = result.stats;
    setText(
      this.resultsTitle,
      `Last run at ${clockTime(result.at)}: ${plural(result.requests, 'request', 'requests')}, ${formatCount(result.concurrency)} at a time`,
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
    this.chart.setBackends(s.backends);
    this.renderTable(s);
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

  private renderTable(s: LoadStatsMessage): void {
    const rows = s.backends.map((b) =>
      h(
        'tr',
        { 'data-backend': b.backend },
        h('th', { scope: 'row' }, b.backend),
        h('td', { class: 'num', 'data-testid': `load-count-${b.backend}` }, String(b.count)),
        h('td', { class: 'num', 'data-testid': `load-percent-${b.backend}` }, formatPercent(b.percent)),
      ),
    );
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
        ),
      ),
      h('tbody', {}, ...(rows.length ? rows : [h('tr', {}, h('td', { colspan: 3, class: 'muted' }, 'No request succeeded.'))])),
      h(
        'tfoot',
        {},
        h(
          'tr',
          {},
          h('th', { scope: 'row' }, 'OK'),
          h('td', { class: 'num', 'data-testid': 'load-count-total' }, String(s.ok)),
          h('td', { class: 'num' }, s.ok > 0 ? '100 %' : ''),
        ),
      ),
    );
  }

  private markRunning(): void {
    this.running = true;
    this.run.setDisabled(true);
    this.loadError.hidden = true;
    this.progress.hidden = false;
    this.none.hidden = true;
  }

  private finish(): void {
    this.running = false;
    this.run.setDisabled(false);
    this.progress.hidden = true;
    this.none.hidden = !this.results.hidden;
  }

  private submit(): void {
    if (this.running) return;
    const parsed = parseLoadForm(this.requests.value, this.concurrency.value);
    this.requests.setInvalid(!parsed.ok && parsed.field === 'requests');
    this.concurrency.setInvalid(!parsed.ok && parsed.field === 'concurrency');
    this.formError.hidden = parsed.ok;
    if (!parsed.ok) {
      setText(this.formError, parsed.error);
      return;
    }
    this.handlers.onRun(parsed.message);
    this.started(parsed.message.requests, parsed.message.concurrency);
  }
}
