// Parses the three table forms of `ipvsadm -Ln`: plain (scheduler, forward, weight, connection counts),
// --stats (cumulative counters) and --rate (per-second rates), with or without --exact.
// Formats follow ipvsadm.c (print_title, print_service_entry, print_largenum) and were checked against
// real captures in test/fixtures/.

import { endpointText, type HostPort, parseEndpoint, splitAddress } from './endpoint';
import { contentLines, type NumberedLine, ParseError } from './parseError';

export type IpvsServiceProtocol = 'TCP' | 'UDP' | 'SCTP' | 'FWM';
export const IPVS_FORWARDS = ['Route', 'Masq', 'Tunnel', 'Local'] as const;
/** How ipvsadm names a destination's forwarding method: -g Route, -m Masq, -i Tunnel; Local = the director itself. */
export type IpvsForward = (typeof IPVS_FORWARDS)[number];

/** What identifies a virtual service; shared by all three forms so they can be joined on `key`. */
export interface IpvsServiceId {
  protocol: IpvsServiceProtocol;
  /** VIP and port; null for a firewall-mark (FWM) service. */
  address: HostPort | null;
  /** The mark of an FWM service, else null. */
  fwmark: number | null;
  ipv6: boolean;
  /** Normalised service name, e.g. "TCP 10.77.0.100:80", "UDP [fd00::1]:53" or "FWM 7". */
  key: string;
}

export interface IpvsDestination {
  address: HostPort;
  forward: IpvsForward;
  weight: number;
  activeConn: number;
  inActConn: number;
}

export interface IpvsListService extends IpvsServiceId {
  scheduler: string;
  /** Persistence timeout in seconds (`persistent 50`), null when the service is not persistent. */
  persistent: number | null;
  /** Persistence granularity (`mask 255.255.255.0`, or a prefix length for IPv6), null when not printed. */
  netmask: string | null;
  /** Persistence engine (`pe sip`), null when none. */
  pe: string | null;
  /** One-packet scheduling (`ops`): no connection entries are kept. */
  ops: boolean;
  /** Scheduler flags, printed in parentheses: `sh (sh-fallback,sh-port)` -> ["sh-fallback", "sh-port"]. */
  schedFlags: string[];
  /** Every token printed after the scheduler, as printed (includes the ones decoded above). */
  flags: string[];
  destinations: IpvsDestination[];
}

export interface IpvsStats {
  conns: number;
  inPkts: number;
  outPkts: number;
  inBytes: number;
  outBytes: number;
}

export interface IpvsRate {
  cps: number;
  inPPS: number;
  outPPS: number;
  inBPS: number;
  outBPS: number;
}

export interface IpvsStatsService extends IpvsServiceId {
  stats: IpvsStats;
  destinations: { address: HostPort; stats: IpvsStats }[];
}

export interface IpvsRateService extends IpvsServiceId {
  rate: IpvsRate;
  destinations: { address: HostPort; rate: IpvsRate }[];
}

interface IpvsHeader {
  /** From "IP Virtual Server version 1.2.1 (size=4096)"; null when the header is absent (listing one service). */
  version: string | null;
  /** The connection hash table size from the same header line. */
  connTableSize: number | null;
}

export interface IpvsList extends IpvsHeader {
  form: 'list';
  services: IpvsListService[];
}

export interface IpvsStatsTable extends IpvsHeader {
  form: 'stats';
  /** True when some value carried a K/M/G/T suffix (no --exact): those are truncated, not exact. */
  approximate: boolean;
  services: IpvsStatsService[];
}

export interface IpvsRateTable extends IpvsHeader {
  form: 'rate';
  approximate: boolean;
  services: IpvsRateService[];
}

export type IpvsTable = IpvsList | IpvsStatsTable | IpvsRateTable;

const VERSION_LINE = /^IP Virtual Server version (\S+) \(size=(\d+)\)$/;
const TITLE_LIST = /^Prot LocalAddress:Port Scheduler Flags$/;
const TITLE_LIST_DEST = /^\s*-> RemoteAddress:Port\s+Forward\s+Weight\s+ActiveConn\s+InActConn$/;
const TITLE_STATS = /^Prot LocalAddress:Port\s+Conns\s+InPkts\s+OutPkts\s+InBytes\s+OutBytes$/;
const TITLE_RATE = /^Prot LocalAddress:Port\s+CPS\s+InPPS\s+OutPPS\s+InBPS\s+OutBPS$/;
const TITLE_COUNTER_DEST = /^\s*-> RemoteAddress:Port$/;
const DEST_LINE = /^\s*->\s+(.*)$/;

// print_largenum: without --exact, values of 100 million and more are divided and suffixed.
const SUFFIX: Record<string, number> = { '': 1, K: 1e3, M: 1e6, G: 1e9, T: 1e12 };

type Form = IpvsTable['form'];
const COMMAND: Record<Form, string> = {
  list: 'ipvsadm -Ln',
  stats: 'ipvsadm -Ln --stats',
  rate: 'ipvsadm -Ln --rate',
};

/** Parses any of the three forms; the form is detected from the title line. */
export function parseIpvsadm(text: string): IpvsTable {
  const lines = contentLines(text);
  const cmd = 'ipvsadm -Ln';
  if (lines.length === 0) throw new ParseError(cmd, 0, '', 'empty output (ipvsadm always prints a title)');

  let i = 0;
  let version: string | null = null;
  let connTableSize: number | null = null;
  const versionMatch = VERSION_LINE.exec(lines[0].text);
  if (versionMatch) {
    version = versionMatch[1]!;
    connTableSize = Number(versionMatch[2]);
    i++;
  }

  const title = lines[i];
  if (!title) throw new ParseError(cmd, lines[0].n, lines[0].text, 'is the version header but the title line is missing');
  let form: Form;
  if (TITLE_LIST.test(title.text)) form = 'list';
  else if (TITLE_STATS.test(title.text)) form = 'stats';
  else if (TITLE_RATE.test(title.text)) form = 'rate';
  else throw new ParseError(cmd, title.n, title.text, `is not an ipvsadm -Ln title line${hint(title.text)}`);

  const destTitle = lines[i + 1];
  const destTitleRe = form === 'list' ? TITLE_LIST_DEST : TITLE_COUNTER_DEST;
  if (!destTitle || !destTitleRe.test(destTitle.text)) {
    const at = destTitle ?? title;
    throw new ParseError(COMMAND[form], at.n, at.text, 'should be followed by the "  -> RemoteAddress:Port" title line');
  }
  const body = lines.slice(i + 2);
  const header = { version, connTableSize };
  if (form === 'list') return { form, ...header, services: parseListBody(body) };
  const approx = { seen: false };
  if (form === 'stats') {
    const services = parseStatsBody(body, approx);
    return { form, ...header, approximate: approx.seen, services };
  }
  const services = parseRateBody(body, approx);
  return { form, ...header, approximate: approx.seen, services };
}

/** `ipvsadm -Ln` (plain form). Throws if the text is another form. */
export function parseIpvsadmList(text: string): IpvsList {
  return expectForm(parseIpvsadm(text), 'list');
}

/** `ipvsadm -Ln --stats [--exact]`. */
export function parseIpvsadmStats(text: string): IpvsStatsTable {
  return expectForm(parseIpvsadm(text), 'stats');
}

/** `ipvsadm -Ln --rate [--exact]`. */
export function parseIpvsadmRate(text: string): IpvsRateTable {
  return expectForm(parseIpvsadm(text), 'rate');
}

function expectForm<F extends Form>(table: IpvsTable, form: F): Extract<IpvsTable, { form: F }> {
  if (table.form !== form) {
    throw new ParseError(COMMAND[form], 0, '', `expected the ${form} form but got the ${table.form} form (${COMMAND[table.form]})`);
  }
  return table as Extract<IpvsTable, { form: F }>;
}

function hint(line: string): string {
  if (line.startsWith('IPVS connection entries')) return ' (this looks like ipvsadm -Lnc output)';
  if (line.startsWith('Active Internet connections')) return ' (this looks like netstat output)';
  if (/Uthreshold|PersistConn/.test(line)) return ' (--thresholds and --persistent-conn are not supported)';
  return '';
}

interface ServiceHead {
  id: IpvsServiceId;
  /** Tokens after the service name. */
  rest: string[];
}

/** Reads "TCP  10.0.0.1:80 ...", "UDP  [fd00::1]:53 ...", "FWM  7 ..." or "FWM  7 IPv6 ...". */
function parseServiceHead(line: NumberedLine, command: string): ServiceHead {
  const tokens = line.text.trim().split(/\s+/);
  const proto = tokens[0];
  if (proto === 'FWM') {
    const mark = tokens[1] !== undefined && /^\d+$/.test(tokens[1]) ? Number(tokens[1]) : NaN;
    if (Number.isNaN(mark)) throw new ParseError(command, line.n, line.text, 'is an FWM service without a numeric mark');
    const ipv6 = tokens[2] === 'IPv6';
    return {
      id: { protocol: 'FWM', address: null, fwmark: mark, ipv6, key: `FWM ${mark}${ipv6 ? ' IPv6' : ''}` },
      rest: tokens.slice(ipv6 ? 3 : 2),
    };
  }
  if (proto === 'TCP' || proto === 'UDP' || proto === 'SCTP') {
    const addrText = tokens[1] ?? '';
    const address = parseEndpoint(addrText);
    if (!address) {
      const why = splitAddress(addrText) ? 'has a non-numeric port (run ipvsadm with -n)' : 'has no numeric address:port (run ipvsadm with -n)';
      throw new ParseError(command, line.n, line.text, why);
    }
    const ipv6 = address.ip.includes(':');
    return { id: { protocol: proto, address, fwmark: null, ipv6, key: `${proto} ${endpointText(address)}` }, rest: tokens.slice(2) };
  }
  throw new ParseError(command, line.n, line.text, 'is neither a service line (TCP/UDP/SCTP/FWM) nor a destination line (->)');
}

function parseDestAddress(line: NumberedLine, command: string, text: string): HostPort {
  const address = parseEndpoint(text);
  if (!address) throw new ParseError(command, line.n, line.text, 'has no numeric RemoteAddress:Port (run ipvsadm with -n)');
  return address;
}

function parseListBody(lines: NumberedLine[]): IpvsListService[] {
  const cmd = COMMAND.list;
  const services: IpvsListService[] = [];
  for (const line of lines) {
    const dest = DEST_LINE.exec(line.text);
    if (dest) {
      const current = services[services.length - 1];
      if (!current) throw new ParseError(cmd, line.n, line.text, 'is a destination before any service');
      const t = dest[1].split(/\s+/);
      if (t.length !== 5) throw new ParseError(cmd, line.n, line.text, 'should have 5 columns: RemoteAddress:Port Forward Weight ActiveConn InActConn');
      const forward = t[1] as IpvsForward;
      if (!IPVS_FORWARDS.includes(forward)) throw new ParseError(cmd, line.n, line.text, `has an unknown forwarding method "${t[1]}"`);
      const nums = t.slice(2).map((s) => (/^-?\d+$/.test(s) ? Number(s) : NaN));
      if (nums.some(Number.isNaN)) throw new ParseError(cmd, line.n, line.text, 'has a non-numeric Weight/ActiveConn/InActConn');
      current.destinations.push({
        address: parseDestAddress(line, cmd, t[0]),
        forward,
        weight: nums[0],
        activeConn: nums[1],
        inActConn: nums[2],
      });
      continue;
    }
    const head = parseServiceHead(line, cmd);
    const [scheduler, ...flags] = head.rest;
    if (!scheduler) throw new ParseError(cmd, line.n, line.text, 'is a service without a scheduler');
    services.push({ ...head.id, scheduler, ...decodeFlags(flags, line, cmd), flags, destinations: [] });
  }
  return services;
}

/** Decodes "(sh-fallback,sh-port) persistent 50 mask 255.255.255.0 pe sip ops"; unknown tokens stay only in `flags`. */
function decodeFlags(flags: string[], line: NumberedLine, cmd: string): Pick<IpvsListService, 'persistent' | 'netmask' | 'pe' | 'ops' | 'schedFlags'> {
  const out = {
    persistent: null as number | null,
    netmask: null as string | null,
    pe: null as string | null,
    ops: false,
    schedFlags: [] as string[],
  };
  for (let k = 0; k < flags.length; k++) {
    const f = flags[k];
    if (f === 'persistent') {
      const v = flags[++k];
      if (v === undefined || !/^\d+$/.test(v)) throw new ParseError(cmd, line.n, line.text, 'has "persistent" without a timeout');
      out.persistent = Number(v);
    } else if (f === 'mask') {
      out.netmask = flags[++k] ?? null;
    } else if (f === 'pe') {
      out.pe = flags[++k] ?? null;
    } else if (f === 'ops') {
      out.ops = true;
    } else if (f !== undefined && /^\(.*\)$/.test(f)) {
      out.schedFlags = f
        .slice(1, -1)
        .split(',')
        .filter((x) => x !== '');
    }
  }
  return out;
}

/** One print_largenum value: digits, with a K/M/G/T suffix when --exact was not given. */
function parseLargeNum(text: string, line: NumberedLine, cmd: string, approx: { seen: boolean }): number {
  const m = /^(\d+)([KMGT]?)$/.exec(text);
  if (!m) throw new ParseError(cmd, line.n, line.text, `has "${text}" where a counter was expected`);
  if (m[2]) approx.seen = true;
  return Number(m[1]) * SUFFIX[m[2]];
}

/** Splits a --stats/--rate line into its leading part and its five trailing numeric columns. */
function counterColumns(line: NumberedLine, cmd: string, lead: string): { lead: string; values: string[] } {
  const t = lead.trim().split(/\s+/);
  if (t.length < 6) throw new ParseError(cmd, line.n, line.text, 'should end with 5 counter columns');
  return { lead: t.slice(0, -5).join(' '), values: t.slice(-5) };
}

function parseCounterBody<S, D>(
  lines: NumberedLine[],
  cmd: string,
  approx: { seen: boolean },
  makeService: (id: IpvsServiceId, v: number[]) => S & { destinations: D[] },
  makeDest: (address: HostPort, v: number[]) => D,
): (S & { destinations: D[] })[] {
  const services: (S & { destinations: D[] })[] = [];
  for (const line of lines) {
    const dest = DEST_LINE.exec(line.text);
    const cols = counterColumns(line, cmd, dest ? dest[1] : line.text);
    const values = cols.values.map((v) => parseLargeNum(v, line, cmd, approx));
    if (dest) {
      const current = services[services.length - 1];
      if (!current) throw new ParseError(cmd, line.n, line.text, 'is a destination before any service');
      if (cols.lead.includes(' ')) throw new ParseError(cmd, line.n, line.text, 'should have 6 columns: RemoteAddress:Port and 5 counters');
      current.destinations.push(makeDest(parseDestAddress(line, cmd, cols.lead), values));
      continue;
    }
    const head = parseServiceHead({ n: line.n, text: cols.lead }, cmd);
    if (head.rest.length > 0) throw new ParseError(cmd, line.n, line.text, 'has extra columns between the service and its counters');
    services.push(makeService(head.id, values));
  }
  return services;
}

function parseStatsBody(lines: NumberedLine[], approx: { seen: boolean }): IpvsStatsService[] {
  const toStats = (v: number[]): IpvsStats => ({ conns: v[0], inPkts: v[1], outPkts: v[2], inBytes: v[3], outBytes: v[4] });
  return parseCounterBody(
    lines,
    COMMAND.stats,
    approx,
    (id, v) => ({ ...id, stats: toStats(v), destinations: [] as { address: HostPort; stats: IpvsStats }[] }),
    (address, v) => ({ address, stats: toStats(v) }),
  );
}

function parseRateBody(lines: NumberedLine[], approx: { seen: boolean }): IpvsRateService[] {
  const toRate = (v: number[]): IpvsRate => ({ cps: v[0], inPPS: v[1], outPPS: v[2], inBPS: v[3], outBPS: v[4] });
  return parseCounterBody(
    lines,
    COMMAND.rate,
    approx,
    (id, v) => ({ ...id, rate: toRate(v), destinations: [] as { address: HostPort; rate: IpvsRate }[] }),
    (address, v) => ({ address, rate: toRate(v) }),
  );
}
