import { custom } from '../dom';

export interface ButtonOptions {
  label: string;
  appearance?: 'primary' | 'secondary';
  title?: string;
  testId?: string;
  disabled?: boolean;
  onClick: () => void;
}

export interface Button {
  element: HTMLElement;
  setLabel(label: string): void;
  setDisabled(disabled: boolean): void;
  setTitle(title: string): void;
}

export function button(o: ButtonOptions): Button {
  const el = custom('vscode-button', { appearance: o.appearance ?? 'primary', title: o.title, 'data-testid': o.testId }, o.label);
  let disabled = false;
  // A click can still reach the host element while disabled (on its padding); ignore it then.
  el.addEventListener('click', () => {
    if (!disabled) o.onClick();
  });
  const handle: Button = {
    element: el,
    setLabel: (label) => {
      if (el.textContent !== label) el.textContent = label;
    },
    setDisabled: (d) => {
      disabled = d;
      el.toggleAttribute('disabled', d);
    },
    setTitle: (title) => el.setAttribute('title', title),
  };
  handle.setDisabled(o.disabled ?? false);
  return handle;
}
