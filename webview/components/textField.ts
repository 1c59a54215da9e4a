import { custom } from '../dom';

export interface TextFieldOptions {
  label: string;
  value: string;
  testId?: string;
  /** Width in characters of the input. */
  size?: number;
  inputMode?: 'numeric' | 'text';
  onInput?: (value: string) => void;
  onEnter?: () => void;
}

export interface TextField {
  /** The field; e2e tests fill its inner <input> (open shadow root): getByTestId(id).locator('input'). */
  element: HTMLElement;
  value: string;
  setInvalid(invalid: boolean): void;
  setDisabled(disabled: boolean): void;
}

interface ToolkitTextField extends HTMLElement {
  value: string;
}

export function textField(o: TextFieldOptions): TextField {
  const el = custom('vscode-text-field', { 'data-testid': o.testId, size: o.size, inputmode: o.inputMode ?? 'text' }, o.label) as unknown as ToolkitTextField;
  el.value = o.value;
  el.setAttribute('value', o.value);
  el.addEventListener('input', () => o.onInput?.(el.value));
  el.addEventListener('keydown', (e) => {
    if (e.key === 'Enter') o.onEnter?.();
  });
  return {
    element: el,
    get value() {
      return el.value;
    },
    set value(v: string) {
      el.value = v;
    },
    setInvalid: (invalid) => {
      el.classList.toggle('is-invalid', invalid);
      el.setAttribute('aria-invalid', String(invalid));
    },
    setDisabled: (d) => el.toggleAttribute('disabled', d),
  };
}
