// One exec per node per panel tick: a fixed script (no user values in it) runs the
// node's read-only commands and marks where each one's output starts and ends.
import type { Role } from './lab';
import { parseIpvsadmConns, parseIpvsadmList, parseIpvsadmRate, parseIpvsadmStats, parseNetstat, type IpvsConn, type NetstatSocket } from './parsers';
import { joinServiceTables, type ServiceView } from './serviceView';

const SECTIONS = {
  conns: 'ipvsadm -Lnc',
  list: 'ipvsadm -Ln',
  stats: 'ipvsadm -Ln --stats --exact',
  rate: 'ipvsadm -Ln --rate --exact',
  sockets: 'netstat -natp',
} as const;
type Section = keyof typeof SECTIONS;

const DIRECTOR: Section[] = ['conns', 'list', 'stats', 'rate', 'sockets'];
const OTHERS: Section[] = ['sockets'];

export function snapshotArgv(role: Role): string[] {
  const sections = role === 'director' ? DIRECTOR : OTHERS;
  const script = sections.map((s) => `echo '<<<lvslab ${s}>>>'; ${SECTIONS[s]} 2>&1; echo "<<<lvslab end $?>>>"`).join('; ');
  return ['sh', '-c', script];
}

export interface NodeSnapshot {
  conns?: IpvsConn[];
  services?: ServiceView[];
  sockets?: NetstatSocket[];
  /** Sections whose command failed or printed what the parser could not read. */
  errors: string[];
}

const BLOCK = /<<<lvslab (\w+)>>>\n([\s\S]*?)<<<lvslab end (\d+)>>>/g;

export function parseSnapshot(stdout: string): NodeSnapshot {
  const raw = new Map<string, string>();
  const errors: string[] = [];
  for (const m of stdout.matchAll(BLOCK)) {
    const [, section, text, code] = m;
    if (code !== '0') errors.push(`${SECTIONS[section as Section] ?? section}: ${text.trim() || `exit code ${code}`}`);
    else raw.set(section, text);
  }
  const result: NodeSnapshot = { errors };
  const attempt = <T>(section: Section, parse: (text: string) => T): T | undefined => {
    const text = raw.get(section);
    if (text === undefined) return undefined;
    try {
      return parse(text);
    } catch (e) {
      errors.push(`${SECTIONS[section]}: ${e instanceof Error ? e.message : String(e)}`);
      return undefined;
    }
  };
  result.conns = attempt('conns', parseIpvsadmConns);
  result.sockets = attempt('sockets', parseNetstat);
  const list = attempt('list', parseIpvsadmList);
  const stats = attempt('stats', parseIpvsadmStats);
  const rate = attempt('rate', parseIpvsadmRate);
  if (list && stats && rate) result.services = joinServiceTables(list, stats, rate);
  return result;
}
