// Option parsers: a value out of range is refused with the range.
import * as l10n from '@vscode/l10n';

export function numberArg(min: number, max: number) {
  return (value: string) => {
    const n = Number(value);
    if (!Number.isFinite(n) || n < min || n > max) throw new Error(l10n.t('expected a number from {0} to {1}, got "{2}"', min, max, value));
    return n;
  };
}

export function intArg(min: number, max: number) {
  return (value: string) => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min || n > max) throw new Error(l10n.t('expected a whole number from {0} to {1}, got "{2}"', min, max, value));
    return n;
  };
}
