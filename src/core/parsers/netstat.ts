// Parses `netstat -natp` (net-tools). Row format from netstat.c tcp_do_one + finish_this_one:
// "%-4s  %6ld %6ld %-23s %-23s %-11s" then, with -p, " %-20s" holding "pid/program" or "-".
// The program part is argv[0] cut to fit, so it may contain spaces ("sshd: root@pts").

import { parsePort, splitAddress } from './endpoint';
import { contentLines, ParseError } from './parseError';

/** net-tools' tcp_state[] names (note FIN_WAIT1/FIN_WAIT2 and CLOSING, unlike IPVS's names). */
export const NETSTAT_TCP_STATES = [
  'ESTABLISHED',
  'SYN_SENT',
  'SYN_RECV',
  'FIN_WAIT1',
  'FIN_WAIT2',
  'TIME_WAIT',
  'CLOSE',
  'CLOSE_WAIT',
  'LAST_ACK',
  'LISTEN',
  'CLOSING',
] as const;
export type NetstatTcpState = (typeof NETSTAT_TCP_STATES)[number];

export interface NetstatAddress {
  ip: string;
  /** null for the "*" of an unconnected foreign side ("0.0.0.0:*", ":::*"). */
  port: number | null;
}

export interface NetstatSocket {
  /** "tcp" or "tcp6" (also "udp"/"udp6"... when other flags than -t were used). */
  proto: string;
  recvQ: number;
  sendQ: number;
  local: NetstatAddress;
  foreign: NetstatAddress;
  /** null when netstat printed no state (UDP sockets). */
  state: string | null;
  /** null for "-" (socket owned by no visible process, e.g. TIME_WAIT) or when -p was not given. */
  pid: number | null;
  program: string | null;
}

const CMD = 'netstat -natp';
const TITLE = /^Active Internet connections( \((servers and established|w\/o servers|only servers)\))?$/;
const COLUMNS = /^Proto\s+Recv-Q\s+Send-Q\s+Local Address\s+Foreign Address\s+State(\s+PID\/Program name)?$/;
// Printed on stderr by netstat when not root; tolerated in case stdout and stderr were merged.
const ROOT_NOTE = [
  /^\(Not all processes could be identified, non-owned process info$/,
  /^\s*will not be shown, you would have to be root to see it all\.\)$/,
  /^\(No info could be read for "-p": /,
];
const ROW = /^(tcp6?|udp6?|udpl6?|raw6?)\s+(\d+)\s+(\d+)\s+(\S+)\s+(\S+)(?:\s+(.*))?$/;
// Other families' tables (netstat -a without -t): not ours, stop there.
const OTHER_TABLE = /^Active (UNIX domain sockets|Bluetooth connections|AX\.25|IPX|NET\/ROM|X\.25)/;

export function parseNetstat(text: string): NetstatSocket[] {
  const lines = contentLines(text).filter((l) => !ROOT_NOTE.some((re) => re.test(l.text)));
  const first = lines[0];
  if (!first) throw new ParseError(CMD, 0, '', 'empty output (netstat always prints a title)');
  if (!TITLE.test(first.text)) throw new ParseError(CMD, first.n, first.text, 'should be "Active Internet connections (...)"');
  const columns = lines[1];
  if (!columns || !COLUMNS.test(columns.text)) {
    const at = columns ?? first;
    throw new ParseError(CMD, at.n, at.text, 'should be the column title "Proto Recv-Q Send-Q Local Address Foreign Address State ..."');
  }

  const sockets: NetstatSocket[] = [];
  for (const line of lines.slice(2)) {
    if (OTHER_TABLE.test(line.text)) break;
    const m = ROW.exec(line.text);
    if (!m) throw new ParseError(CMD, line.n, line.text, 'is not a netstat socket row');
    const address = (s: string, what: string): NetstatAddress => {
      const parts = splitAddress(s);
      if (parts?.port === '*') return { ip: parts.ip, port: null };
      const port = parts ? parsePort(parts.port) : null;
      if (!parts || port === null) throw new ParseError(CMD, line.n, line.text, `has no numeric ${what} address (run netstat with -n)`);
      return { ip: parts.ip, port };
    };
    let rest = (m[6] ?? '').trim();
    let state: string | null = null;
    const stateToken = /^[A-Z][A-Z0-9_]*(?=\s|$)/.exec(rest);
    if (stateToken) {
      state = stateToken[0];
      rest = rest.slice(state.length).trim();
    }
    let pid: number | null = null;
    let program: string | null = null;
    if (rest !== '' && rest !== '-') {
      const p = /^(\d+)\/(.*)$/.exec(rest);
      if (!p) throw new ParseError(CMD, line.n, line.text, `has "${rest}" where "PID/Program name" or "-" was expected`);
      pid = Number(p[1]);
      program = p[2].trim();
    }
    sockets.push({
      proto: m[1],
      recvQ: Number(m[2]),
      sendQ: Number(m[3]),
      local: address(m[4], 'local'),
      foreign: address(m[5], 'foreign'),
      state,
      pid,
      program,
    });
  }
  return sockets;
}
