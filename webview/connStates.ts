// What each IPVS connection state means to a learner (the hover of the state counts, in the panel and in the
// side view), IPVS's timer per state, and from it how long ago an entry last changed state (the side view lists
// the newest first). Pure, so it is unit-tested.
import * as l10n from '@vscode/l10n';
import type { Conn } from '../src/protocol/messages';
import { synRecvHint, SYN_RECV_TIMEOUT_S } from './connModel';

/** IPVS's default timeout per state in seconds (ip_vs_proto_tcp.c tcp_timeouts, ip_vs_proto_udp.c, templates). */
export const IPVS_TIMEOUT_S: Readonly<Record<string, number>> = {
  ESTABLISHED: 900,
  SYN_RECV: SYN_RECV_TIMEOUT_S,
  FIN_WAIT: 120,
  TIME_WAIT: 120,
  CLOSE: 10,
  NONE: 300,
  UDP: 300,
};

/**
 * The states the side view counts per real server, with their meaning. FIN_WAIT and SYN_RECV are the handbook's
 * own (验证: "FIN_WAIT 是连接过；SYNC_RECV，基本确定，lvs没问题，一定是后边网络出问题了"); ESTABLISHED and
 * TIME_WAIT are not in it and are said in the same plain terms. Looked up when shown (l10n).
 */
export const STATE_MEANINGS = {
  ESTABLISHED: () => l10n.t('ESTABLISHED: a connection in progress — the handshake completed and the director sends its packets to this real server.'),
  SYN_RECV: synRecvHint,
  FIN_WAIT: () =>
    l10n.t('FIN_WAIT: a connection that happened and is finished (the client sent its FIN); the director keeps the entry until its timer runs out.'),
  TIME_WAIT: () => l10n.t('TIME_WAIT: closed in both directions; kept a little longer so late packets of the connection still reach the same real server.'),
} as const;

export type SummaryState = keyof typeof STATE_MEANINGS;
export const SUMMARY_STATES = Object.keys(STATE_MEANINGS) as SummaryState[];

/** The meaning of a state, if the project explains it. */
export function stateMeaning(state: string): string | undefined {
  return Object.hasOwn(STATE_MEANINGS, state) ? STATE_MEANINGS[state as SummaryState]() : undefined;
}

/**
 * Seconds since the entry last changed state: its state's timeout less what is left (ipvsadm -lnc has no creation
 * time; each state change restarts the timer). Unknown states count as old.
 */
export function entryAgeSeconds(c: Conn): number {
  const timeout = IPVS_TIMEOUT_S[c.state];
  return timeout === undefined ? Infinity : Math.max(0, timeout - c.expireSeconds);
}

/** The entries newest first (by entryAgeSeconds); ties keep the table's order. */
export function newestFirst(conns: readonly Conn[]): Conn[] {
  return conns
    .map((c, i) => ({ c, i, age: entryAgeSeconds(c) }))
    .sort((a, b) => a.age - b.age || a.i - b.i)
    .map((x) => x.c);
}
