import { h } from '../dom';

export interface Badge {
  element: HTMLElement;
  setText(text: string): void;
}

/**
 * A count badge. Our own element, not the toolkit's: FAST's badge template carries a style="" binding,
 * which the panel's CSP (no 'unsafe-inline') refuses and reports.
 */
export function badge(text: string, testId?: string): Badge {
  const el = h('span', { class: 'badge', 'data-testid': testId }, text);
  return {
    element: el,
    setText: (t) => {
      if (el.textContent !== t) el.textContent = t;
    },
  };
}
