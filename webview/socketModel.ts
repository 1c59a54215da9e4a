// What the Sockets tab computes from `netstat -natp`: counts and colour classes per TCP state.
import type { Socket } from '../src/protocol/messages';

/** CSS class for a netstat state (net-tools names: FIN_WAIT1/2, CLOSING, unlike IPVS's). */
export function socketStateClass(state: string | null): string {
  switch (state) {
    case 'ESTABLISHED':
      return 'state-established';
    case 'LISTEN':
      return 'state-listen';
    case 'SYN_SENT':
    case 'SYN_RECV':
      return 'state-handshake';
    case 'FIN_WAIT1':
    case 'FIN_WAIT2':
    case 'TIME_WAIT':
    case 'CLOSE_WAIT':
    case 'LAST_ACK':
    case 'CLOSING':
      return 'state-closing';
    case 'CLOSE':
      return 'state-closed';
    default:
      return 'state-other';
  }
}

/** "3 LISTEN, 2 ESTABLISHED, …", most frequent first, ties by name. */
export function socketStateSummary(sockets: readonly Socket[]): { state: string; count: number }[] {
  const counts = new Map<string, number>();
  for (const s of sockets) {
    const key = s.state ?? '(none)';
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts].map(([state, count]) => ({ state, count })).sort((a, b) => b.count - a.count || a.state.localeCompare(b.state));
}

export function programText(s: Socket): string {
  if (s.pid === null && s.program === null) return '-';
  return `${s.pid ?? '-'}/${s.program ?? ''}`;
}
