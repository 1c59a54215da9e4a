// Text for numbers, times and addresses as the panel shows them.

/** "ip:port" (IPv6 bracketed, "ip:*" without a port): the core's, so the tables read as the service keys do. */
export { endpointText } from '../src/core/parsers/endpoint';

/** The IP of a destination address as the service table carries it ("10.0.0.1:80", "[fd00::1]:80"). */
export function addressIp(address: string): string {
  const m = /^\[(.*)\]:\d+$/.exec(address);
  if (m) return m[1];
  const cut = address.lastIndexOf(':');
  return cut > 0 && !address.slice(0, cut).includes(':') ? address.slice(0, cut) : address;
}

export { clockTime } from '../src/core/time';

const integer = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const decimal = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 });

export const formatCount = (n: number): string => integer.format(n);

/** Milliseconds with a precision that suits the size: "0.42 ms", "12.3 ms", "1,204 ms". */
export function formatMs(ms: number): string {
  if (ms < 1) return `${ms.toFixed(2)} ms`;
  if (ms < 100) return `${decimal.format(ms)} ms`;
  return `${integer.format(ms)} ms`;
}

const UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];

/** Bytes in binary units: "980 B", "1.2 KiB", "143.1 MiB". */
export function formatBytes(n: number): string {
  let value = n;
  let unit = 0;
  while (Math.abs(value) >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${integer.format(value)} B` : `${decimal.format(value)} ${UNITS[unit]}`;
}

export const formatPercent = (p: number): string => `${decimal.format(p)} %`;
