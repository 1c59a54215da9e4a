// Names the header and tables spell out for learners: forwarding modes and schedulers. Keyed by the
// core's types, so the compiler asks for a text for every mode, forwarding method and scheduler there is.
import type { Mode, Scheduler } from '../src/core/lab';
import type { IpvsForward } from '../src/core/parsers/ipvsadmList';

export const MODE_NAMES: Record<Mode, string> = {
  dr: 'direct routing',
  nat: 'NAT (masquerading)',
  tun: 'IP-in-IP tunnel',
};

/** ipvsadm's name for a forwarding method (FORWARD_NAME in src/core/lab.ts) -> its lab mode; Local is the director itself. */
export const FORWARD_MODES: Record<IpvsForward, string> = {
  Route: 'DR',
  Masq: 'NAT',
  Tunnel: 'TUN',
  Local: 'local',
};

export const SCHEDULER_NAMES: Record<Scheduler, string> = {
  rr: 'round robin',
  wrr: 'weighted round robin',
  lc: 'least connection',
  wlc: 'weighted least connection',
  lblc: 'locality-based least connection',
  lblcr: 'locality-based least connection with replication',
  dh: 'destination hashing',
  sh: 'source hashing',
  sed: 'shortest expected delay',
  nq: 'never queue',
  fo: 'weighted failover',
  ovf: 'weighted overflow',
  mh: 'maglev hashing',
};

/** The text for a name read off a node, which may be one the table does not know (a newer kernel's scheduler). */
export function textFor<K extends string>(table: Readonly<Record<K, string>>, name: string): string | undefined {
  return Object.hasOwn(table, name) ? table[name as K] : undefined;
}

/** Node name for each of its addresses, to label IPs in the tables. */
export function nodeNamesByIp(nodes: readonly { name: string; addresses: Record<string, string> }[]): Map<string, string> {
  const names = new Map<string, string>();
  for (const n of nodes) for (const ip of Object.values(n.addresses)) names.set(ip, n.name);
  return names;
}
