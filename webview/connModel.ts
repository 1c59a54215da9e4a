// What the Connections tab computes from `ipvsadm -Lnc`: filters, per-state and per-real-server counts,
// and which SYN_RECV entries are stuck. Pure, so it is unit-tested.
import { IPVS_CONN_STATES } from '../src/core/parsers/ipvsadmConns';
import type { Conn } from '../src/protocol/messages';
import { compareIp } from './compare';

/** '' means any. `dest` is a real server's IP (any port). */
export interface ConnFilter {
  state: string;
  dest: string;
}

export function matchesFilter(c: Conn, f: ConnFilter): boolean {
  return (f.state === '' || c.state === f.state) && (f.dest === '' || c.destination.ip === f.dest);
}

export function filterConns(conns: readonly Conn[], f: ConnFilter): Conn[] {
  if (f.state === '' && f.dest === '') return conns.slice();
  return conns.filter((c) => matchesFilter(c, f));
}

/** The states the summary lists: IPVS's own in kernel order, then any others seen (SCTP's) by name. */
export function summaryStates(conns: readonly Conn[]): string[] {
  const known = IPVS_CONN_STATES as readonly string[];
  const extra = [...new Set(conns.map((c) => c.state).filter((s) => !known.includes(s)))].sort();
  return [...known, ...extra];
}

/** Shown even at 0, because they are the ones the handbook talks about. */
export const KEY_STATES: readonly string[] = ['ESTABLISHED', 'SYN_RECV', 'FIN_WAIT'];

export function countByState(conns: readonly Conn[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const c of conns) counts.set(c.state, (counts.get(c.state) ?? 0) + 1);
  return counts;
}

export interface DestinationSummary {
  ip: string;
  total: number;
  byState: Map<string, number>;
}

/**
 * Entries per real server. `knownIps` (the services' destinations) are listed even with no entries,
 * so a real server that gets nothing shows up as 0 instead of disappearing.
 */
export function destinationSummary(conns: readonly Conn[], knownIps: readonly string[]): DestinationSummary[] {
  const byIp = new Map<string, DestinationSummary>();
  const get = (ip: string) => {
    let s = byIp.get(ip);
    if (!s) byIp.set(ip, (s = { ip, total: 0, byState: new Map() }));
    return s;
  };
  for (const ip of knownIps) get(ip);
  for (const c of conns) {
    const s = get(c.destination.ip);
    s.total++;
    s.byState.set(c.state, (s.byState.get(c.state) ?? 0) + 1);
  }
  return [...byIp.values()].sort((a, b) => compareIp(a.ip, b.ip));
}

/** The handbook's diagnosis (实验手册, 验证), in the panel's words. */
export { synRecvHint } from '../src/core/parsers/ipvsadmConns';

/** IPVS's SYN_RECV timeout (ip_vs_proto_tcp.c tcp_timeouts); every retransmitted SYN restarts it. */
export const SYN_RECV_TIMEOUT_S = 60;
/** A handshake that has not finished after this long is not going to: the client's SYN goes unanswered. */
export const STUCK_AFTER_S = 3;

export function connKey(c: Conn): string {
  return `${c.protocol} ${c.source.ip}:${c.source.port} ${c.virtual.ip}:${c.virtual.port} ${c.destination.ip}:${c.destination.port}`;
}

/**
 * Remembers since when each SYN_RECV entry has been seen. An entry already there when first seen counts
 * from what its expire timer says has passed since the last SYN. Stuck: in SYN_RECV for STUCK_AFTER_S.
 */
export class SynRecvTracker {
  private since = new Map<string, number>();

  /** Returns the keys of the stuck entries; `nowMs` is when the snapshot was read. */
  update(conns: readonly Conn[], nowMs: number): Set<string> {
    const next = new Map<string, number>();
    const stuck = new Set<string>();
    for (const c of conns) {
      if (c.state !== 'SYN_RECV') continue;
      const key = connKey(c);
      const elapsedByTimer = Math.max(0, SYN_RECV_TIMEOUT_S - c.expireSeconds) * 1000;
      const since = Math.min(this.since.get(key) ?? Infinity, nowMs - elapsedByTimer);
      next.set(key, since);
      if (nowMs - since >= STUCK_AFTER_S * 1000) stuck.add(key);
    }
    this.since = next;
    return stuck;
  }
}

/** CSS class for a state's colour; the stylesheet maps these to theme colours. */
export function stateClass(state: string): string {
  switch (state) {
    case 'ESTABLISHED':
      return 'state-established';
    case 'SYN_RECV':
    case 'SYN_SENT':
    case 'SYNACK':
      return 'state-handshake';
    case 'FIN_WAIT':
    case 'TIME_WAIT':
    case 'CLOSE_WAIT':
    case 'LAST_ACK':
      return 'state-closing';
    case 'CLOSE':
      return 'state-closed';
    case 'NONE':
      return 'state-template';
    case 'UDP':
      return 'state-udp';
    default:
      return 'state-other';
  }
}
