// Reads the load-test form into a runLoadTest message; the limits are the protocol schema's own.
import { webviewMessageSchema, type WebviewMessage } from '../src/protocol/messages';

export type RunLoadTest = Extract<WebviewMessage, { type: 'runLoadTest' }>;
export const LOAD_FIELDS = ['requests', 'concurrency', 'clients', 'hold'] as const;
export type LoadField = (typeof LOAD_FIELDS)[number];
export type LoadFormResult = { ok: true; message: RunLoadTest } | { ok: false; field: LoadField; error: string };

export const LOAD_FIELD_NAMES: Record<LoadField, string> = {
  requests: 'Requests',
  concurrency: 'Concurrency',
  clients: 'Client addresses',
  hold: 'Held connections',
};

function wholeNumber(text: string): number {
  const t = text.trim().replace(/[,_\s]/g, '');
  return /^\d+$/.test(t) ? Number(t) : NaN;
}

export function parseLoadForm(text: Record<LoadField, string>): LoadFormResult {
  const values = Object.fromEntries(LOAD_FIELDS.map((f) => [f, wholeNumber(text[f])])) as Record<LoadField, number>;
  for (const field of LOAD_FIELDS) {
    if (Number.isNaN(values[field])) return { ok: false, field, error: `${LOAD_FIELD_NAMES[field]}: enter a whole number.` };
  }
  if (values.clients > values.requests && values.requests >= 1) {
    return { ok: false, field: 'clients', error: `Client addresses: at most one per request (${values.requests.toLocaleString('en-US')}).` };
  }
  const parsed = webviewMessageSchema.safeParse({ type: 'runLoadTest', ...values });
  if (parsed.success && parsed.data.type === 'runLoadTest') return { ok: true, message: parsed.data };
  const issue = parsed.error?.issues[0];
  const field: LoadField = LOAD_FIELDS.find((f) => f === issue?.path[0]) ?? 'requests';
  let error = `${LOAD_FIELD_NAMES[field]}: not accepted.`;
  if (issue?.code === 'too_big') error = `${LOAD_FIELD_NAMES[field]}: at most ${Number(issue.maximum).toLocaleString('en-US')}.`;
  if (issue?.code === 'too_small') error = `${LOAD_FIELD_NAMES[field]}: at least ${Number(issue.minimum).toLocaleString('en-US')}.`;
  return { ok: false, field, error };
}
