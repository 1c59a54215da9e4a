import { custom } from '../dom';
import { badge, type Badge } from './badge';

export interface TabSpec {
  id: string;
  label: string;
  content: HTMLElement;
  testId?: string;
  /** Show a count badge beside the label. */
  withBadge?: boolean;
}

export interface TabsOptions {
  /** Accessible name of the tab list. */
  label: string;
  tabs: TabSpec[];
  selected: string;
  onSelect: (id: string) => void;
  /** Prefix for the element ids, so nested tab sets do not collide. */
  idPrefix: string;
}

export interface Tabs {
  element: HTMLElement;
  selected: string;
  select(id: string): void;
  setBadge(id: string, text: string): void;
}

interface ToolkitPanels extends HTMLElement {
  activeid: string;
}

export function tabs(o: TabsOptions): Tabs {
  const tabId = (id: string) => `${o.idPrefix}tab-${id}`;
  const badges = new Map<string, Badge>();
  // FAST moves its active-tab indicator with a CSS transition, which never ends while the tabs are hidden
  // (nested node tabs inside an inactive view) and leaves it under the wrong tab: components.css draws it.
  const panels = custom('vscode-panels', {
    'aria-label': o.label,
    activeid: tabId(o.selected),
    activeindicator: 'false',
    class: 'tabs',
  }) as unknown as ToolkitPanels;
  for (const t of o.tabs) {
    const tab = custom('vscode-panel-tab', { id: tabId(t.id), 'data-testid': t.testId }, t.label);
    if (t.withBadge) {
      const b = badge('');
      b.element.classList.add('tab-badge');
      badges.set(t.id, b);
      tab.append(b.element);
    }
    panels.append(tab);
  }
  for (const t of o.tabs) panels.append(custom('vscode-panel-view', { id: `${o.idPrefix}view-${t.id}`, class: 'tab-view' }, t.content));
  let selected = o.selected;
  // Panels emit a bubbling 'change'; so do fields inside the views and nested panels: only ours counts.
  panels.addEventListener('change', (e) => {
    if (e.target !== panels) return;
    const id = o.tabs.find((t) => tabId(t.id) === panels.activeid)?.id;
    if (id && id !== selected) {
      selected = id;
      o.onSelect(id);
    }
  });
  return {
    element: panels,
    get selected() {
      return selected;
    },
    select(id) {
      selected = id;
      panels.activeid = tabId(id);
    },
    setBadge(id, text) {
      const b = badges.get(id);
      if (!b) return;
      b.setText(text);
      b.element.classList.toggle('is-empty', text === '');
    },
  };
}
