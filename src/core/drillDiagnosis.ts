// What the handbook says to look at during a failure drill, read from what was measured: the load test's
// failures and timeouts, the director's connection table per real server and state, and the diagnosis
// each sign points to (SYN_RECV: the handbook's own, defined once in the conns parser).
import { FORWARD_NAME, director, realServers, type Lab } from './lab';
import { classifyRequest, percentile, type LoadStats, type RequestResult } from './loadStats';
import { SYN_RECV_HINT, type IpvsConn } from './parsers';
import { describeDrill, type ActiveDrill } from './drills';

export interface DestinationStates {
  /** The real server at that address, null when it is none of the lab's. */
  node: string | null;
  address: string;
  /** Entry count per IPVS state, e.g. { SYN_RECV: 5, TIME_WAIT: 12 }. */
  states: Record<string, number>;
}

export interface DrillFinding {
  /** ok: what a healthy lab shows; bad: a sign of the failure. */
  tone: 'ok' | 'bad';
  text: string;
}

export interface DrillObservation {
  drills: ActiveDrill[];
  load: LoadStats;
  /** Per real server: median latency of its answered requests (ms), null when none answered. */
  latencyByNode: Record<string, number | null>;
  /** The director's table right after the load, per destination and state. */
  table: DestinationStates[];
  findings: DrillFinding[];
}

/** The director's entries for the lab's service, counted per destination (real servers first, in lab order) and state. */
export function connsByDestination(lab: Lab, conns: readonly IpvsConn[]): DestinationStates[] {
  const byAddress = new Map<string, DestinationStates>();
  const owner = (ip: string) => realServers(lab).find((n) => Object.values(n.addresses).includes(ip))?.name ?? null;
  for (const n of realServers(lab)) {
    const ip = Object.values(n.addresses)[0];
    byAddress.set(ip, { node: n.name, address: ip, states: {} });
  }
  for (const c of conns) {
    if (c.virtual.ip !== lab.service.vip || c.virtual.port !== lab.service.port || c.source.port === 0) continue;
    const d = byAddress.get(c.destination.ip) ?? { node: owner(c.destination.ip), address: c.destination.ip, states: {} };
    d.states[c.state] = (d.states[c.state] ?? 0) + 1;
    byAddress.set(c.destination.ip, d);
  }
  return [...byAddress.values()];
}

function latencyByNode(lab: Lab, results: readonly RequestResult[]): Record<string, number | null> {
  return Object.fromEntries(
    realServers(lab).map((n) => {
      const ms = results
        .filter((r) => r.backend === n.name && classifyRequest(r) === 'ok')
        .map((r) => r.seconds * 1000)
        .sort((a, b) => a - b);
      return [n.name, ms.length ? Math.round(percentile(ms, 50) * 10) / 10 : null];
    }),
  );
}

const REFUSED = /couldn't connect|connection refused|failed to connect/i;

export function observeDrill(
  lab: Lab,
  drills: ActiveDrill[],
  load: LoadStats,
  results: readonly RequestResult[],
  conns: readonly IpvsConn[],
): DrillObservation {
  const table = connsByDestination(lab, conns);
  const latency = latencyByNode(lab, results);
  const findings: DrillFinding[] = [];
  const failed = load.errors + load.timeouts;
  const refused = load.errorMessages.filter((e) => REFUSED.test(e.message)).reduce((n, e) => n + e.count, 0);
  findings.push({
    tone: failed > 0 ? 'bad' : 'ok',
    text:
      `Load test: ${load.ok} of ${load.total} answered, ${load.errors} failed${refused ? ` (${refused} refused)` : ''}, ${load.timeouts} timed out` +
      `${load.backends.length ? `; answered by ${load.backends.map((b) => `${b.backend} ${b.count}`).join(', ')}` : ''}.`,
  });
  for (const d of table) {
    const stuck = d.states.SYN_RECV ?? 0;
    if (stuck > 0)
      findings.push({
        tone: 'bad',
        text: `${stuck} ${stuck === 1 ? 'entry' : 'entries'} to ${d.node ?? d.address} in SYN_RECV on ${director(lab).name}. ${SYN_RECV_HINT}`,
      });
  }
  if (refused > 0) {
    findings.push({
      tone: 'bad',
      text:
        `${refused} ${refused === 1 ? 'request was' : 'requests were'} refused: the real server answered the forwarded SYN with a reset. ` +
        'It is reachable, but nothing listens on the port (httpd is down).' +
        (lab.mode === 'nat'
          ? ' In NAT the reset comes back through the director, so its entry goes to CLOSE.'
          : ' The reset goes from the real server straight to the client, never through the director, so these entries stay in SYN_RECV too:' +
            ' from its table alone the director cannot tell a closed port from a broken network; the client can (refused, not timed out).'),
    });
  }
  if (load.timeouts > 0)
    findings.push({
      tone: 'bad',
      text: `${load.timeouts} timed out: their SYNs were forwarded and nothing came back (a real server cut off, or losing packets).`,
    });
  for (const drill of drills.filter((d) => d.kind === 'netem' && (d.netem?.delayMs ?? 0) > 0)) {
    const others = Object.entries(latency).filter(([n, ms]) => n !== drill.node && ms !== null);
    const mine = latency[drill.node];
    if (mine !== null && mine !== undefined)
      findings.push({
        tone: 'bad',
        text: `Median latency via ${drill.node}: ${mine} ms${others.length ? `, via ${others.map(([n, ms]) => `${n} ${ms} ms`).join(', ')}` : ''} — each of its packets waits ${drill.netem!.delayMs} ms.`,
      });
  }
  const broken = [...new Set(drills.map((d) => d.node))];
  if (failed > 0 && broken.length > 0) {
    findings.push({
      tone: 'bad',
      text:
        `Plain IPVS (${FORWARD_NAME[lab.mode]}, ${lab.scheduler}) keeps sending ${broken.join(' and ')} ${broken.length === 1 ? 'its' : 'their'} share: ` +
        `it checks no real server. Health checks (keepalived) would take ${broken.length === 1 ? 'it' : 'them'} out of the table.`,
    });
  }
  if (drills.length === 0 && failed === 0) findings.push({ tone: 'ok', text: 'No drill is active and every request was answered.' });
  else if (drills.length > 0) findings.unshift({ tone: 'bad', text: `Active: ${drills.map(describeDrill).join('; ')}.` });
  return { drills, load, latencyByNode: latency, table, findings };
}
