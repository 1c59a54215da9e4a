// A translated sentence with commands in it ("… {0} on the director."): the translator moves the placeholders,
// the commands stay untranslated and are drawn as <code>. Call l10n.t(message, ...CODE_MARKS), then withCode.
import { h } from './dom';

/** Stand-ins for {0}, {1}, {2} (a private-use character around the index) that no sentence contains. */
export const CODE_MARKS = ['\uE0000\uE000', '\uE0001\uE000', '\uE0002\uE000', '\uE0003\uE000'] as const;

/** The sentence's text and a <code> element for each mark, in the translation's order. */
export function withCode(text: string, ...codes: string[]): (string | HTMLElement)[] {
  return text
    .split(/(\uE000\d\uE000)/)
    .filter((part) => part !== '')
    .map((part) => {
      const m = /^\uE000(\d)\uE000$/.exec(part);
      return m ? h('code', {}, codes[Number(m[1])] ?? '') : part;
    });
}
