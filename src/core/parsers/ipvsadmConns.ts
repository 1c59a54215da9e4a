// Parses `ipvsadm -Lnc`: IPVS's own connection table ("the director's notebook" in the handbook).
// Row format from ipvsadm.c print_conn: "%-3s %-6s %-11s %-18s %-18s %s" = pro, expire (mm:ss), state,
// source, virtual, destination; --persistent-conn adds "pe name" and "pe_data".

import * as l10n from '@vscode/l10n';
import { type HostPort, parseEndpoint } from './endpoint';
import { type NumberedLine, ParseError } from './parseError';

/**
 * State names the kernel prints for IPVS entries: the TCP ones (ip_vs_proto_tcp.c tcp_state_name_table;
 * SYNACK only with the secure_tcp defence on), "UDP" for every UDP entry, and NONE / ASSURED for
 * persistence templates (ip_vs_ctpl_state_name_table; the row with client port 0).
 * Per the handbook: FIN_WAIT entries are finished connections waiting out their timer; entries that stay in
 * SYN_RECV mean the director forwarded the client's SYN but the handshake never completed, i.e. LVS works and
 * the network behind it (real servers, ARP, routes) is broken.
 */
export const IPVS_CONN_STATES = [
  'NONE',
  'ESTABLISHED',
  'SYN_SENT',
  'SYN_RECV',
  'FIN_WAIT',
  'TIME_WAIT',
  'CLOSE',
  'CLOSE_WAIT',
  'LAST_ACK',
  'LISTEN',
  'SYNACK',
  'UDP',
  'ASSURED',
] as const;
export type IpvsConnState = (typeof IPVS_CONN_STATES)[number];

/**
 * The handbook's diagnosis of entries that stay in SYN_RECV (its words: "SYNC_RECV，基本确定，lvs没问题，一定是后边网络出问题了"):
 * the one text the panel's connection table, the CLI and the failure drills show.
 */
export function synRecvHint(): string {
  return l10n.t(
    "SYN_RECV: the director forwarded the SYN but never saw the handshake complete — LVS works; the network behind the director (real servers' ARP/VIP/routes) is broken.",
  );
}

export interface IpvsConn {
  /** "TCP", "UDP", "SCTP"; "IP" for the persistence template of a firewall-mark service. */
  protocol: string;
  /** Seconds until the entry expires. */
  expireSeconds: number;
  /** As printed, e.g. "01:52". */
  expire: string;
  /** One of IPVS_CONN_STATES for TCP/UDP/templates; other protocols (SCTP) have their own names. */
  state: string;
  source: HostPort;
  virtual: HostPort;
  destination: HostPort;
  /** Only with --persistent-conn, and only when the entry has a persistence engine. */
  peName?: string;
  peData?: string;
}

const CMD = 'ipvsadm -Lnc';
const TITLE = /^IPVS connection entries$/;
const COLUMNS = /^pro\s+expire\s+state\s+source\s+virtual\s+destination(\s+pe name\s+pe_data)?$/;

// The common row, IPv4 without --persistent-conn columns, in one sticky match from a line's start through its
// newline: a busy director lists 100k of them every refresh. Every row it takes, the checks in parseRow would
// take too, with the same result (same token patterns, dotted quads as endpoint.ts's IPV4, ports checked
// <= 65535 below); anything else (IPv6, pe name/pe_data, other blanks, mistakes) goes to parseRow.
const OCTET = '(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)';
const IP_PORT = `(${OCTET}(?:\\.${OCTET}){3}):(\\d{1,5})`;
const FAST_ROW = new RegExp(
  `[ \\t]*([A-Z][A-Za-z0-9]*)[ \\t]+((\\d+):([0-5]\\d))[ \\t]+([A-Z][A-Z0-9_]*|ERR!|\\?)[ \\t]+${IP_PORT}[ \\t]+${IP_PORT}[ \\t]+${IP_PORT}[ \\t\\r]*(?:\\n|$)`,
  'y',
);

/** `checked: true` skips the fast path, every row read column by column: the reference the fast path is tested against. */
export function parseIpvsadmConns(text: string, { checked = false } = {}): IpvsConn[] {
  // The title and column lines: the first two non-blank lines, as contentLines() numbers them.
  let pos = 0;
  let n = 0;
  const head: NumberedLine[] = [];
  while (head.length < 2 && pos < text.length) {
    const end = lineEnd(text, pos);
    n++;
    const line = text.slice(pos, end).replace(/\s+$/, '');
    if (line.trim() !== '') head.push({ n, text: line });
    pos = end + 1;
  }
  const [first, columns] = head;
  if (!first) throw new ParseError(CMD, 0, '', 'empty output (ipvsadm -Lnc always prints a title)');
  if (!TITLE.test(first.text)) {
    const hint = first.text.startsWith('IP Virtual Server version') ? ' (this looks like ipvsadm -Ln output)' : '';
    throw new ParseError(CMD, first.n, first.text, `should be "IPVS connection entries"${hint}`);
  }
  if (!columns || !COLUMNS.test(columns.text)) {
    const at = columns ?? first;
    throw new ParseError(CMD, at.n, at.text, 'should be the column title "pro expire state source virtual destination"');
  }

  const conns: IpvsConn[] = [];
  while (pos < text.length) {
    n++;
    FAST_ROW.lastIndex = pos;
    const m = checked ? null : FAST_ROW.exec(text);
    if (m && Number(m[7]) <= 65535 && Number(m[9]) <= 65535 && Number(m[11]) <= 65535) {
      conns.push({
        protocol: m[1],
        expireSeconds: Number(m[3]) * 60 + Number(m[4]),
        expire: m[2],
        state: m[5],
        source: { ip: m[6], port: Number(m[7]) },
        virtual: { ip: m[8], port: Number(m[9]) },
        destination: { ip: m[10], port: Number(m[11]) },
      });
      pos = FAST_ROW.lastIndex;
      continue;
    }
    const end = lineEnd(text, pos);
    const line = text.slice(pos, end).replace(/\s+$/, '');
    if (line.trim() !== '') conns.push(parseRow({ n, text: line }));
    pos = end + 1;
  }
  return conns;
}

function lineEnd(text: string, from: number): number {
  const end = text.indexOf('\n', from);
  return end < 0 ? text.length : end;
}

/** One row, any form ipvsadm prints, every column checked; says what is wrong with it otherwise. */
function parseRow(line: NumberedLine): IpvsConn {
  const t = line.text.trim().split(/\s+/);
  if (t.length < 6 || t.length > 8) throw new ParseError(CMD, line.n, line.text, 'should have 6 columns: pro expire state source virtual destination');
  const [protocol, expire, state, src, vip, dst, peName, peData] = t as [string, string, string, string, string, string, string?, string?];
  if (!/^[A-Z][A-Za-z0-9]*$/.test(protocol)) throw new ParseError(CMD, line.n, line.text, `has "${protocol}" where a protocol was expected`);
  const m = /^(\d+):([0-5]\d)$/.exec(expire);
  if (!m) throw new ParseError(CMD, line.n, line.text, `has "${expire}" where an mm:ss expire time was expected`);
  if (!/^([A-Z][A-Z0-9_]*|ERR!|\?)$/.test(state)) throw new ParseError(CMD, line.n, line.text, `has "${state}" where a state was expected`);
  const endpoint = (s: string, what: string): HostPort => {
    const e = parseEndpoint(s);
    if (!e) throw new ParseError(CMD, line.n, line.text, `has no numeric ${what} address:port (run ipvsadm with -n)`);
    return e;
  };
  const conn: IpvsConn = {
    protocol,
    expireSeconds: Number(m[1]) * 60 + Number(m[2]),
    expire,
    state,
    source: endpoint(src, 'source'),
    virtual: endpoint(vip, 'virtual'),
    destination: endpoint(dst, 'destination'),
  };
  if (peName !== undefined) conn.peName = peName;
  if (peData !== undefined) conn.peData = peData;
  return conn;
}
