import { custom, h } from '../dom';

export interface DropdownOption {
  value: string;
  label: string;
}

export interface DropdownOptions {
  /** Accessible name; shown as a visible label before the control. */
  label: string;
  options: DropdownOption[];
  value: string;
  testId?: string;
  /** Narrowest width of the control, in ch; its list is as wide as the control. */
  minWidthCh?: number;
  onChange: (value: string) => void;
}

export interface Dropdown {
  /** The label and the control together. */
  element: HTMLElement;
  value: string;
  /** Replaces the options (only when they changed, so an open list is not disturbed each tick). */
  setOptions(options: DropdownOption[], value: string): void;
}

interface ToolkitDropdown extends HTMLElement {
  value: string;
}

let ids = 0;

export function dropdown(o: DropdownOptions): Dropdown {
  const id = `dropdown-${++ids}`;
  const control = custom('vscode-dropdown', { id, 'aria-label': o.label, 'data-testid': o.testId }) as unknown as ToolkitDropdown;
  if (o.minWidthCh) control.style.minWidth = `${o.minWidthCh}ch`;
  const element = h('span', { class: 'field' }, h('label', { for: id, class: 'field-label' }, o.label), control);
  let current: DropdownOption[] = [];
  let value = o.value;
  // The component's own 'change' bubbles (composed) and the tabs listen for theirs: check the target.
  control.addEventListener('change', (e) => {
    if (e.target !== control) return;
    e.stopPropagation();
    if (control.value === value) return;
    value = control.value;
    o.onChange(value);
  });
  const handle: Dropdown = {
    element,
    get value() {
      return value;
    },
    set value(v: string) {
      value = v;
      control.value = v;
    },
    setOptions(options, v) {
      value = v;
      const same = options.length === current.length && options.every((opt, i) => opt.value === current[i].value && opt.label === current[i].label);
      if (!same) {
        current = options.map((opt) => ({ ...opt }));
        control.replaceChildren(...options.map((opt) => custom('vscode-option', { value: opt.value }, opt.label)));
      }
      // The list re-selects its first option when its children change; put the value back afterwards.
      queueMicrotask(() => {
        if (control.value !== value) control.value = value;
      });
    },
  };
  handle.setOptions(o.options, o.value);
  return handle;
}
