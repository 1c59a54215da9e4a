// A node's read-only commands in one script (no user values in it), each one's output
// marked where it starts and ends: once (snapshotArgv), or again and again at an interval
// in one long-lived exec (watchArgv), each round closed by a tick with its timing.
import type { Role } from './lab';
import { parseIpvsadmConns, parseIpvsadmList, parseIpvsadmRate, parseIpvsadmStats, parseNetstat, type IpvsConn, type NetstatSocket } from './parsers';
import { HEALTH_READ_SCRIPT, parseHealthText, type HealthRead } from './health';
import { joinServiceTables, type ServiceView } from './serviceView';

const SECTIONS = {
  conns: 'ipvsadm -Lnc',
  list: 'ipvsadm -Ln',
  stats: 'ipvsadm -Ln --stats --exact',
  rate: 'ipvsadm -Ln --rate --exact',
  sockets: 'netstat -natp',
  // keepalived's checks (the health-check option): a few lines, cheap when it does not run.
  health: `{ ${HEALTH_READ_SCRIPT}\n}`,
} as const;
export type Section = keyof typeof SECTIONS;
export const ALL_SECTIONS = Object.keys(SECTIONS) as Section[];

/** What a node can be asked for: IPVS only on the director. */
export function sectionsFor(role: Role, wanted: readonly Section[] = ALL_SECTIONS): Section[] {
  return role === 'director' ? ALL_SECTIONS.filter((s) => wanted.includes(s)) : wanted.includes('sockets') ? ['sockets'] : [];
}

function sectionScript(sections: readonly Section[]): string {
  return sections.map((s) => `echo '<<<lvslab ${s}>>>'; ${SECTIONS[s]} 2>&1; echo "<<<lvslab end $?>>>"`).join('; ');
}

export function snapshotArgv(role: Role): string[] {
  return ['sh', '-c', sectionScript(sectionsFor(role))];
}

/**
 * The sections again and again, `intervalMs` apart, for at most `limitSeconds`: each round
 * ends with `<<<lvslab tick START END>>>` (the node's clock, in ms) so a reader can cut the
 * stream into snapshots as it arrives. A reader that goes away ends the loop (broken pipe).
 */
export function watchArgv(sections: readonly Section[], intervalMs: number, limitSeconds: number, name = 'lvslab-watch'): string[] {
  const round = `t0=$(date +%s%3N); ${sectionScript(sections)}; t1=$(date +%s%3N); echo "<<<lvslab tick $t0 $t1>>>"`;
  // Rounds keep to a schedule `intervalMs` apart (no drift); a round that overran starts the schedule anew.
  const every = Math.max(100, Math.round(intervalMs));
  const pause = `next=$((next + ${every})); r=$((next - t1)); if [ $r -lt 20 ]; then next=$t1; else sleep $(printf '%d.%03d' $((r / 1000)) $((r % 1000))); fi`;
  // `name` is the shell's $0: a stream let go of is found by it and stopped (stopWatchArgv).
  return ['timeout', String(Math.round(limitSeconds)), 'sh', '-c', `next=$(date +%s%3N); while :; do ${round}; ${pause}; done`, name];
}

/**
 * Stops a watch stream by its name. Docker does not end an exec when its client goes away: the loop
 * would go on reading the node into a pipe nobody drains until its time limit.
 */
export function stopWatchArgv(name: string): string[] {
  // `[l]vslab-…` matches the stream's command line but not this one's (nor the `timeout` around it).
  return ['pkill', '-f', '--', `[${name[0]}]${name.slice(1).replace(/[^A-Za-z0-9-]/g, '')}`];
}

export interface Tick {
  snapshot: NodeSnapshot;
  /** How long the node took to run this round's commands. */
  durationMs: number;
}

const TICK = /<<<lvslab tick (\d+) (\d+)>>>\n/;

/** Cuts a watch stream into snapshots as chunks arrive; keeps a partial round for the next chunk. */
export class SnapshotStream {
  private buffer = '';

  push(chunk: string): Tick[] {
    this.buffer += chunk;
    const ticks: Tick[] = [];
    for (let m = TICK.exec(this.buffer); m; m = TICK.exec(this.buffer)) {
      const round = this.buffer.slice(0, m.index);
      this.buffer = this.buffer.slice(m.index + m[0].length);
      ticks.push({ snapshot: parseSnapshot(round), durationMs: Number(m[2]) - Number(m[1]) });
    }
    return ticks;
  }
}

export interface NodeSnapshot {
  conns?: IpvsConn[];
  services?: ServiceView[];
  sockets?: NetstatSocket[];
  health?: HealthRead;
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
  result.health = attempt('health', parseHealthText);
  const list = attempt('list', parseIpvsadmList);
  const stats = attempt('stats', parseIpvsadmStats);
  const rate = attempt('rate', parseIpvsadmRate);
  if (list && stats && rate) result.services = joinServiceTables(list, stats, rate);
  return result;
}
