// Names the header and tables spell out for learners: forwarding modes and schedulers.

export const MODE_NAMES: Record<string, string> = {
  dr: 'direct routing',
  nat: 'NAT (masquerading)',
  tun: 'IP-in-IP tunnel',
};

export const FORWARD_MODES: Record<string, string> = {
  Route: 'DR',
  Masq: 'NAT',
  Tunnel: 'TUN',
  Local: 'local',
};

export const SCHEDULER_NAMES: Record<string, string> = {
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

/** Node name for each of its addresses, to label IPs in the tables. */
export function nodeNamesByIp(nodes: readonly { name: string; addresses: Record<string, string> }[]): Map<string, string> {
  const names = new Map<string, string>();
  for (const n of nodes) for (const ip of Object.values(n.addresses)) names.set(ip, n.name);
  return names;
}
