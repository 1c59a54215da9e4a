// Load test tab: a form that asks the host to run N requests against the VIP (from K client addresses, with H
// connections held open), progress while it runs, and the result (./loadResults.ts).
import * as l10n from '@vscode/l10n';
import type { LabInfo } from '../../src/protocol/messages';
import { button, progressRing, textField, type TextField } from '../components';
import { h, setText } from '../dom';
import { connectionsText } from '../counted';
import { formatCount } from '../format';
import { LOAD_FIELD_NAMES, LOAD_FIELDS, parseLoadForm, type LoadField, type RunLoadTest } from '../loadForm';
import type { LastLoad, LoadForm } from '../panelState';
import { LoadResults } from './loadResults';

export interface LoadHandlers {
  onRun(message: RunLoadTest): void;
}

const FIELD_SIZE: Record<LoadField, number> = { requests: 8, concurrency: 6, clients: 6, hold: 6 };

export class LoadView {
  readonly element: HTMLElement;
  private readonly fields: Record<LoadField, TextField>;
  private readonly run;
  private readonly formError = h('p', { class: 'form-error', role: 'alert', 'data-testid': 'load-form-error', hidden: true });
  private readonly target = h('p', { class: 'muted form-help' });
  private readonly progress = h('div', { class: 'load-progress', 'data-testid': 'load-progress', hidden: true });
  private readonly progressText = h('span', { class: 'progress-text', 'aria-live': 'polite' });
  private readonly bar = h('div', { class: 'bar-fill' });
  private readonly barTrack = h('div', { class: 'bar-track', role: 'progressbar', 'aria-label': l10n.t('Load test progress'), 'aria-valuemin': 0 }, this.bar);
  private readonly loadError = h('div', { class: 'notice notice-error', role: 'alert', 'data-testid': 'load-error', hidden: true });
  private readonly results = new LoadResults();
  private readonly none = h(
    'p',
    { class: 'muted', 'data-testid': 'load-none' },
    l10n.t('No load test yet. Each request goes from the client to the VIP; the page names the real server that answered.'),
  );
  private running = false;

  constructor(
    form: LoadForm | null,
    private readonly handlers: LoadHandlers,
  ) {
    this.fields = Object.fromEntries(
      LOAD_FIELDS.map((f) => [
        f,
        textField({
          label: LOAD_FIELD_NAMES[f](),
          value: String(form?.[f] ?? ''),
          testId: `load-${f}`,
          size: FIELD_SIZE[f],
          inputMode: 'numeric',
          onEnter: () => this.submit(),
        }),
      ]),
    ) as Record<LoadField, TextField>;
    this.run = button({ label: l10n.t('Run load test'), testId: 'load-run', onClick: () => this.submit() });
    this.progress.append(progressRing(l10n.t('Load test running')), this.progressText, this.barTrack);
    this.element = h(
      'section',
      { class: 'view load-view', 'aria-label': l10n.t('Load test') },
      h(
        'form',
        { class: 'load-form', 'aria-label': l10n.t('Load test'), novalidate: true },
        ...LOAD_FIELDS.map((f) => this.fields[f].element),
        this.run.element,
      ),
      this.target,
      this.formError,
      this.progress,
      this.loadError,
      this.none,
      this.results.element,
    );
    this.element.querySelector('form')!.addEventListener('submit', (e) => {
      e.preventDefault();
      this.submit();
    });
  }

  setLab(lab: LabInfo, form: LoadForm): void {
    for (const f of LOAD_FIELDS) this.fields[f].value = String(form[f]);
    setText(
      this.target,
      l10n.t(
        'Sends the requests from the client to {0}, a number of them in flight at once. Expect {1} to spread them over {2}. More client addresses show how sh, dh and persistence treat clients; held connections give lc, wlc, sed and nq something to count.',
        `http://${lab.vip}:${lab.port}/`,
        lab.scheduler,
        lab.realServers.join(', '),
      ),
    );
  }

  started(run: LoadForm): void {
    this.markRunning();
    this.setProgress(0, run.requests);
    // The optional parts carry their own leading comma, so the translation decides the punctuation.
    const from = run.clients > 1 ? l10n.t(', from {0} addresses', formatCount(run.clients)) : '';
    const held = run.hold > 0 ? l10n.t(', {0} held', connectionsText(run.hold)) : '';
    this.barTrack.setAttribute(
      'aria-valuetext',
      l10n.t('starting {0} requests, {1} at a time{2}{3}', formatCount(run.requests), formatCount(run.concurrency), from, held),
    );
  }

  setProgress(done: number, total: number): void {
    // Progress can arrive without loadStarted when the panel was re-created during a run.
    if (!this.running) this.markRunning();
    setText(this.progressText, l10n.t('{0} / {1} requests', formatCount(done), formatCount(total)));
    this.barTrack.setAttribute('aria-valuemax', String(total));
    this.barTrack.setAttribute('aria-valuenow', String(done));
    this.bar.style.width = `${total > 0 ? Math.min(100, (done / total) * 100) : 0}%`;
  }

  failed(message: string): void {
    this.finish();
    this.loadError.hidden = false;
    setText(this.loadError, l10n.t('Load test failed: {0}', message));
  }

  showResult(result: LastLoad): void {
    this.finish();
    this.loadError.hidden = true;
    this.none.hidden = true;
    this.results.show(result);
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
    this.none.hidden = !this.results.element.hidden;
  }

  private submit(): void {
    if (this.running) return;
    const parsed = parseLoadForm(Object.fromEntries(LOAD_FIELDS.map((f) => [f, this.fields[f].value])) as Record<LoadField, string>);
    for (const f of LOAD_FIELDS) this.fields[f].setInvalid(!parsed.ok && parsed.field === f);
    this.formError.hidden = parsed.ok;
    if (!parsed.ok) {
      setText(this.formError, parsed.error);
      return;
    }
    this.handlers.onRun(parsed.message);
    this.started(parsed.message);
  }
}
