// Names the header and tables spell out for learners: forwarding modes and schedulers. Keyed by the
// core's types, so the compiler asks for a text for every mode, forwarding method and scheduler there is.
// Each text is looked up when it is shown (l10n), so the tables hold functions.
import * as l10n from '@vscode/l10n';
import type { Mode, Scheduler } from '../src/core/lab';
import type { IpvsForward } from '../src/core/parsers/ipvsadmList';

type Texts<K extends string> = Readonly<Record<K, () => string>>;

/** The header shows these after the abbreviation ("DR · direct routing"): their own keys (comment), without it. */
export const MODE_NAMES: Texts<Mode> = {
  dr: () => l10n.t({ message: 'direct routing', args: [], comment: ['a mode, after its abbreviation: DR · …'] }),
  nat: () => l10n.t({ message: 'NAT (masquerading)', args: [], comment: ['a mode, after its abbreviation: DR · …'] }),
  tun: () => l10n.t({ message: 'IP-in-IP tunnel', args: [], comment: ['a mode, after its abbreviation: DR · …'] }),
};

/** ipvsadm's name for a forwarding method (FORWARD_NAME in src/core/lab.ts) -> its lab mode; Local is the director itself. */
export const FORWARD_MODES: Texts<IpvsForward> = {
  Route: () => 'DR',
  Masq: () => 'NAT',
  Tunnel: () => 'TUN',
  Local: () => l10n.t({ message: 'local', args: [], comment: ['ipvsadm forwarding method Local: the director itself'] }),
};

export const SCHEDULER_NAMES: Texts<Scheduler> = {
  rr: () => l10n.t('round robin'),
  wrr: () => l10n.t('weighted round robin'),
  lc: () => l10n.t('least connection'),
  wlc: () => l10n.t('weighted least connection'),
  lblc: () => l10n.t('locality-based least connection'),
  lblcr: () => l10n.t('locality-based least connection with replication'),
  dh: () => l10n.t('destination hashing'),
  sh: () => l10n.t('source hashing'),
  sed: () => l10n.t('shortest expected delay'),
  nq: () => l10n.t('never queue'),
  fo: () => l10n.t('weighted failover'),
  ovf: () => l10n.t('weighted overflow'),
  mh: () => l10n.t('maglev hashing'),
};

/** The text for a name read off a node, which may be one the table does not know (a newer kernel's scheduler). */
export function textFor<K extends string>(table: Texts<K>, name: string): string | undefined {
  return Object.hasOwn(table, name) ? table[name as K]() : undefined;
}

/** Node name for each of its addresses, to label IPs in the tables. */
export function nodeNamesByIp(nodes: readonly { name: string; addresses: Record<string, string> }[]): Map<string, string> {
  const names = new Map<string, string>();
  for (const n of nodes) for (const ip of Object.values(n.addresses)) names.set(ip, n.name);
  return names;
}
