// Times as people read them, in the panel and in messages.

const pad = (n: number) => String(n).padStart(2, '0');

/** Local wall-clock time HH:MM:SS; empty when the time does not parse. */
export function clockTime(time: string | Date): string {
  const d = typeof time === 'string' ? new Date(time) : time;
  if (Number.isNaN(d.getTime())) return '';
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}
