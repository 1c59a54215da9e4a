// The Connections tab's filter bar: a state and a real-server dropdown, and how many entries are shown.
import * as l10n from '@vscode/l10n';
import type { Conn } from '../../src/protocol/messages';
import { dropdown, type Dropdown, type DropdownOption } from '../components';
import { countByState, destinationSummary, summaryStates, type ConnFilter } from '../connModel';
import { h, setText } from '../dom';
import { entriesText } from '../counted';
import { formatCount } from '../format';

export class ConnFilterBar {
  readonly element: HTMLElement;
  private readonly shownCount = h('span', { class: 'toolbar-count', 'data-testid': 'conn-shown', 'aria-live': 'off' });
  private readonly stateFilter: Dropdown;
  private readonly destFilter: Dropdown;

  /** `onChange` gets the one field the user changed. */
  constructor(filter: ConnFilter, onChange: (change: Partial<ConnFilter>) => void) {
    this.stateFilter = dropdown({
      label: l10n.t('State'),
      testId: 'conn-filter-state',
      minWidthCh: 18,
      options: [{ value: '', label: l10n.t('All states') }],
      value: filter.state,
      onChange: (state) => onChange({ state }),
    });
    this.destFilter = dropdown({
      label: l10n.t('Real server'),
      testId: 'conn-filter-dest',
      minWidthCh: 28,
      options: [{ value: '', label: l10n.t('All real servers') }],
      value: filter.dest,
      onChange: (dest) => onChange({ dest }),
    });
    this.element = h('div', { class: 'toolbar' }, this.stateFilter.element, this.destFilter.element, this.shownCount);
  }

  /** Offers the states entries are in and the real servers there are, plus whatever the filter names. */
  setOptions(conns: Conn[], knownIps: string[], filter: ConnFilter, ipLabel: (ip: string) => string): void {
    const counts = countByState(conns);
    const states: DropdownOption[] = summaryStates(conns)
      .filter((s) => (counts.get(s) ?? 0) > 0 || s === filter.state)
      .map((s) => ({ value: s, label: s }));
    this.stateFilter.setOptions([{ value: '', label: l10n.t('All states') }, ...states], filter.state);
    const ips = destinationSummary(conns, knownIps).map((s) => s.ip);
    if (filter.dest !== '' && !ips.includes(filter.dest)) ips.push(filter.dest);
    this.destFilter.setOptions([{ value: '', label: l10n.t('All real servers') }, ...ips.map((ip) => ({ value: ip, label: ipLabel(ip) }))], filter.dest);
  }

  /** "N entries", or "Showing M of N entries" while a filter is on. */
  setShown(shown: number, total: number, filtered: boolean): void {
    setText(this.shownCount, filtered ? l10n.t('Showing {0} of {1}', formatCount(shown), entriesText(total)) : entriesText(total));
  }
}
