// "1 entry", "3,000 entries": counted words, each form a whole sentence for the translator (Chinese has one form).
import * as l10n from '@vscode/l10n';
import { formatCount } from './format';

export const entriesText = (n: number): string => (n === 1 ? l10n.t('1 entry') : l10n.t('{0} entries', formatCount(n)));
export const socketsText = (n: number): string => (n === 1 ? l10n.t('1 socket') : l10n.t('{0} sockets', formatCount(n)));
export const connectionsText = (n: number): string => (n === 1 ? l10n.t('1 connection') : l10n.t('{0} connections', formatCount(n)));
export const requestsText = (n: number): string => (n === 1 ? l10n.t('1 request') : l10n.t('{0} requests', formatCount(n)));
