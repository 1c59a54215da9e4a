import { custom } from '../dom';

/** An indeterminate spinner; `label` is its accessible name. */
export function progressRing(label: string): HTMLElement {
  return custom('vscode-progress-ring', { 'aria-label': label, class: 'progress-ring' });
}
