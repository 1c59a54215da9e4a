// Reads the load-test form into a runLoadTest message; the limits are the protocol schema's own.
import { webviewMessageSchema, type WebviewMessage } from '../src/protocol/messages';

export type RunLoadTest = Extract<WebviewMessage, { type: 'runLoadTest' }>;
export type LoadField = 'requests' | 'concurrency';
export type LoadFormResult = { ok: true; message: RunLoadTest } | { ok: false; field: LoadField; error: string };

const NAMES: Record<LoadField, string> = { requests: 'Requests', concurrency: 'Concurrency' };

function wholeNumber(text: string): number {
  const t = text.trim().replace(/[,_\s]/g, '');
  return /^\d+$/.test(t) ? Number(t) : NaN;
}

export function parseLoadForm(requests: string, concurrency: string): LoadFormResult {
  const values = { requests: wholeNumber(requests), concurrency: wholeNumber(concurrency) };
  for (const field of ['requests', 'concurrency'] as const) {
    if (Number.isNaN(values[field])) return { ok: false, field, error: `${NAMES[field]}: enter a whole number.` };
  }
  const parsed = webviewMessageSchema.safeParse({ type: 'runLoadTest', ...values });
  if (parsed.success && parsed.data.type === 'runLoadTest') return { ok: true, message: parsed.data };
  const issue = parsed.error?.issues[0];
  const field: LoadField = issue?.path[0] === 'concurrency' ? 'concurrency' : 'requests';
  let error = `${NAMES[field]}: not accepted.`;
  if (issue?.code === 'too_big') error = `${NAMES[field]}: at most ${Number(issue.maximum).toLocaleString('en-US')}.`;
  if (issue?.code === 'too_small') error = `${NAMES[field]}: at least ${Number(issue.minimum).toLocaleString('en-US')}.`;
  return { ok: false, field, error };
}
