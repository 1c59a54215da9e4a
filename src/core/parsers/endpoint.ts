// Address:port pairs as the parsed commands print them (always numeric: they must be run with -n).

/** An IP address and a port, e.g. a connection's source or a real server. */
export interface HostPort {
  ip: string;
  port: number;
}

/**
 * "ip:port", IPv6 in brackets as ipvsadm prints it ("[fd00::1]:80"); "ip:*" for netstat's unconnected
 * side (port null). The service table's destination keys and the panel's address columns both use it.
 */
export function endpointText(e: { ip: string; port: number | null }): string {
  const host = e.ip.includes(':') ? `[${e.ip}]` : e.ip;
  return `${host}:${e.port ?? '*'}`;
}

const IPV4 = /^(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/;
// Loose on purpose: hex groups, colons and an optional dotted tail (::ffff:10.0.0.1); at least one colon.
const IPV6 = /^(?=.*:)[0-9a-fA-F:.]+(?:%[\w.-]+)?$/;

export function isIpAddress(text: string): boolean {
  return IPV4.test(text) || IPV6.test(text);
}

/**
 * Splits at the last colon: "10.0.0.1:80", "[fe80::1]:80" (ipvsadm's IPv6 form) and ":::80" / "::1:8098"
 * (netstat's IPv6 form, no brackets). Returns null when there is no colon or the address part is not an IP,
 * e.g. a host name printed because -n was missing.
 */
export function splitAddress(text: string): { ip: string; port: string } | null {
  const cut = text.lastIndexOf(':');
  if (cut <= 0) return null;
  let ip = text.slice(0, cut);
  const port = text.slice(cut + 1);
  if (ip.startsWith('[') && ip.endsWith(']')) ip = ip.slice(1, -1);
  if (!isIpAddress(ip)) return null;
  return { ip, port };
}

/** Port 0..65535 written in decimal, or null. */
export function parsePort(text: string): number | null {
  if (!/^\d{1,5}$/.test(text)) return null;
  const port = Number(text);
  return port <= 65535 ? port : null;
}

/** "ip:port" with a numeric port, or null. */
export function parseEndpoint(text: string): HostPort | null {
  const parts = splitAddress(text);
  if (!parts) return null;
  const port = parsePort(parts.port);
  return port === null ? null : { ip: parts.ip, port };
}
