// Reads the load-test form into a runLoadTest message; the limits are the protocol schema's own.
import * as l10n from '@vscode/l10n';
import { webviewMessageSchema, type WebviewMessage } from '../src/protocol/messages';

export type RunLoadTest = Extract<WebviewMessage, { type: 'runLoadTest' }>;
export const LOAD_FIELDS = ['requests', 'concurrency', 'clients', 'hold'] as const;
export type LoadField = (typeof LOAD_FIELDS)[number];
export type LoadFormResult = { ok: true; message: RunLoadTest } | { ok: false; field: LoadField; error: string };

/** Each field's label, looked up when shown. */
export const LOAD_FIELD_NAMES: Record<LoadField, () => string> = {
  requests: () => l10n.t('Requests'),
  concurrency: () => l10n.t('Concurrency'),
  clients: () => l10n.t('Client addresses'),
  hold: () => l10n.t('Held connections'),
};

const count = (n: number) => n.toLocaleString('en-US');

function wholeNumber(text: string): number {
  const t = text.trim().replace(/[,_\s]/g, '');
  return /^\d+$/.test(t) ? Number(t) : NaN;
}

export function parseLoadForm(text: Record<LoadField, string>): LoadFormResult {
  const values = Object.fromEntries(LOAD_FIELDS.map((f) => [f, wholeNumber(text[f])])) as Record<LoadField, number>;
  for (const field of LOAD_FIELDS) {
    if (Number.isNaN(values[field])) return { ok: false, field, error: l10n.t('{0}: enter a whole number.', LOAD_FIELD_NAMES[field]()) };
  }
  if (values.clients > values.requests && values.requests >= 1) {
    return { ok: false, field: 'clients', error: l10n.t('{0}: at most one per request ({1}).', LOAD_FIELD_NAMES.clients(), count(values.requests)) };
  }
  const parsed = webviewMessageSchema.safeParse({ type: 'runLoadTest', ...values });
  if (parsed.success && parsed.data.type === 'runLoadTest') return { ok: true, message: parsed.data };
  const issue = parsed.error?.issues[0];
  const field: LoadField = LOAD_FIELDS.find((f) => f === issue?.path[0]) ?? 'requests';
  const name = LOAD_FIELD_NAMES[field]();
  let error = l10n.t('{0}: not accepted.', name);
  if (issue?.code === 'too_big') error = l10n.t('{0}: at most {1}.', name, count(Number(issue.maximum)));
  if (issue?.code === 'too_small') error = l10n.t('{0}: at least {1}.', name, count(Number(issue.minimum)));
  return { ok: false, field, error };
}
