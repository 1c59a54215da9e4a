// Orderings for table columns: numbers, IP addresses (numerically, IPv4 before IPv6) and ip:port pairs.

export const compareNumbers = (a: number, b: number): number => a - b;

/** IPv4 as a number; null for anything else. */
function ipv4Value(ip: string): number | null {
  const parts = ip.split('.');
  if (parts.length !== 4) return null;
  let value = 0;
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p) || Number(p) > 255) return null;
    value = value * 256 + Number(p);
  }
  return value;
}

/** IPv6 as eight 16-bit groups (a dotted IPv4 tail counts as two); null if it does not parse. */
function ipv6Groups(ip: string): number[] | null {
  let text = ip.replace(/^\[|\]$/g, '').replace(/%.*$/, '');
  const tail = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (tail) {
    const v4 = ipv4Value(tail[1]);
    if (v4 === null) return null;
    text = text.slice(0, -tail[1].length) + `${(v4 >>> 16).toString(16)}:${(v4 & 0xffff).toString(16)}`;
  }
  const halves = text.split('::');
  if (halves.length > 2) return null;
  const parse = (s: string) => (s === '' ? [] : s.split(':').map((g) => (/^[0-9a-fA-F]{1,4}$/.test(g) ? parseInt(g, 16) : NaN)));
  const head = parse(halves[0]);
  const rest = halves.length === 2 ? parse(halves[1]) : [];
  const missing = 8 - head.length - rest.length;
  if (missing < 0 || (halves.length === 1 && missing !== 0)) return null;
  const groups = [...head, ...Array<number>(missing).fill(0), ...rest];
  return groups.some(Number.isNaN) ? null : groups;
}

export function compareIp(a: string, b: string): number {
  const a4 = ipv4Value(a);
  const b4 = ipv4Value(b);
  if (a4 !== null && b4 !== null) return a4 - b4;
  if (a4 !== null) return -1;
  if (b4 !== null) return 1;
  const a6 = ipv6Groups(a);
  const b6 = ipv6Groups(b);
  if (a6 && b6) {
    for (let i = 0; i < 8; i++) if (a6[i] !== b6[i]) return a6[i] - b6[i];
    return 0;
  }
  if (a6) return -1;
  if (b6) return 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

export function compareEndpoints(a: { ip: string; port: number | null }, b: { ip: string; port: number | null }): number {
  return compareIp(a.ip, b.ip) || (a.port ?? -1) - (b.port ?? -1);
}
