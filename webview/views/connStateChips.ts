// The Connections tab's per-state chips and total: one button per state with its count (always in the DOM,
// for the e2e tests); a click filters on that state.
import * as l10n from '@vscode/l10n';
import type { Conn } from '../../src/protocol/messages';
import { KEY_STATES, countByState, stateClass, summaryStates } from '../connModel';
import { stateMeaning } from '../connStates';
import { h, replaceChildren, setText } from '../dom';

export class ConnStateChips {
  private readonly chips = h('div', { class: 'chips', role: 'group', 'aria-label': l10n.t('Entries per state') });
  private readonly totalCount = h('span', { 'data-testid': 'conn-count-total' }, '0');
  readonly element = h('div', { class: 'summary-row' }, this.chips, h('span', { class: 'chip-total' }, l10n.t('Total'), ' ', this.totalCount));
  private chipCounts = new Map<string, { chip: HTMLButtonElement; count: HTMLElement }>();
  private chipStates = '';

  constructor(private readonly onChipClick: (state: string) => void) {}

  /** The counts of `conns`; `selected` is the state the filter shows ('' for all). */
  render(conns: Conn[], selected: string): void {
    const states = summaryStates(conns);
    if (states.join() !== this.chipStates) this.rebuild(states);
    const counts = countByState(conns);
    for (const [state, { chip, count }] of this.chipCounts) {
      const n = counts.get(state) ?? 0;
      setText(count, String(n));
      // Zero counts stay in the DOM (tests read them) but only the handbook's key states are shown at 0.
      chip.classList.toggle('is-zero', n === 0);
      chip.hidden = n === 0 && !KEY_STATES.includes(state) && selected !== state;
      chip.setAttribute('aria-pressed', String(selected === state));
    }
    setText(this.totalCount, String(conns.length));
  }

  /** One chip per state, when the states listed change. */
  private rebuild(states: string[]): void {
    this.chipStates = states.join();
    this.chipCounts.clear();
    replaceChildren(this.chips, ...states.map((state) => this.chip(state)));
  }

  private chip(state: string): HTMLButtonElement {
    const count = h('span', { class: 'chip-count', 'data-testid': `conn-count-${state}` }, '0');
    const chip = h(
      'button',
      { type: 'button', class: `chip ${stateClass(state)}`, 'data-state': state, title: chipTitle(state) },
      h('span', { class: 'chip-label' }, state),
      count,
    );
    chip.addEventListener('click', () => this.onChipClick(state));
    this.chipCounts.set(state, { chip, count });
    return chip;
  }
}

/** The state's meaning, where the project explains it, and what a click does. */
function chipTitle(state: string): string {
  const meaning = stateMeaning(state);
  const click = l10n.t('Click: show only {0} entries.', state);
  return meaning ? `${meaning}\n${click}` : click;
}
