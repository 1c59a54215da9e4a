// Commander's own error sentences (an unknown command or option, a missing argument, a value not among the
// choices), in the user's language. Commander writes them in English; each known form is matched and said
// again through l10n.t, anything else passes unchanged.
import * as l10n from '@vscode/l10n';

type Rule = [RegExp, (...m: string[]) => string];

const RULES: Rule[] = [
  [/^error: unknown command '(.*)'$/, (c) => l10n.t("error: unknown command '{0}'", c)],
  [/^error: unknown option '(.*)'$/, (o) => l10n.t("error: unknown option '{0}'", o)],
  [/^error: missing required argument '(.*)'$/, (a) => l10n.t("error: missing required argument '{0}'", a)],
  [/^error: option '(.*)' argument missing$/, (o) => l10n.t("error: option '{0}' argument missing", o)],
  [
    /^error: option '(.*)' argument '(.*)' is invalid\. Allowed choices are (.*)\.$/,
    (o, v, choices) => l10n.t("error: option '{0}' argument '{1}' is invalid. Allowed choices are {2}.", o, v, choices),
  ],
  // Our own parsers' reasons (already translated) after commander's words.
  [/^error: option '(.*)' argument '(.*)' is invalid\. (.*)$/, (o, v, why) => l10n.t("error: option '{0}' argument '{1}' is invalid. {2}", o, v, why)],
  [
    /^error: too many arguments(?: for '(.*)')?\. Expected (\d+) arguments? but got (\d+)\.$/,
    (command, want, got) =>
      command
        ? l10n.t("error: too many arguments for '{0}'. Expected {1} argument(s) but got {2}.", command, want, got)
        : l10n.t('error: too many arguments. Expected {0} argument(s) but got {1}.', want, got),
  ],
  [/^\(Did you mean one of (.*)\?\)$/, (names) => l10n.t('(Did you mean one of {0}?)', names)],
  [/^\(Did you mean (.*)\?\)$/, (name) => l10n.t('(Did you mean {0}?)', name)],
];

/** `text` (one or more lines commander wrote to stderr) with every line it knows translated. */
export function commanderError(text: string): string {
  return text
    .split('\n')
    .map((line) => {
      for (const [re, say] of RULES) {
        const m = re.exec(line);
        if (m) return say(...m.slice(1).map((g) => g ?? ''));
      }
      return line;
    })
    .join('\n');
}
