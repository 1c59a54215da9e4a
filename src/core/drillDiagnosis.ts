// What the handbook says to look at during a failure drill, read from what was measured: the load test's
// failures and timeouts, the director's connection table per real server and state, and the diagnosis
// each sign points to (SYN_RECV: the handbook's own, defined once in the conns parser).
import * as l10n from '@vscode/l10n';
import { FORWARD_NAME, director, realServers, type Lab } from './lab';
import { classifyRequest, percentile, type LoadStats, type RequestResult } from './loadStats';
import { type IpvsConn } from './parsers';
import { synRecvHint } from './parsers/ipvsadmConns';
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
    text: l10n.t(
      'Load test: {0} of {1} answered, {2} failed{3}, {4} timed out{5}.',
      load.ok,
      load.total,
      load.errors,
      refused ? l10n.t(' ({0} refused)', refused) : '',
      load.timeouts,
      load.backends.length ? l10n.t('; answered by {0}', load.backends.map((b) => `${b.backend} ${b.count}`).join(', ')) : '',
    ),
  });
  for (const d of table) {
    const stuck = d.states.SYN_RECV ?? 0;
    if (stuck > 0)
      findings.push({
        tone: 'bad',
        text:
          stuck === 1
            ? l10n.t('1 entry to {0} in SYN_RECV on {1}. {2}', d.node ?? d.address, director(lab).name, synRecvHint())
            : l10n.t('{0} entries to {1} in SYN_RECV on {2}. {3}', stuck, d.node ?? d.address, director(lab).name, synRecvHint()),
      });
  }
  if (refused > 0) {
    findings.push({
      tone: 'bad',
      text: l10n.t(
        '{0} refused: the real server answered the forwarded SYN with a reset. It is reachable, but nothing listens on the port (httpd is down). {1}',
        refused === 1 ? l10n.t('1 request was') : l10n.t('{0} requests were', refused),
        lab.mode === 'nat'
          ? l10n.t('In NAT the reset comes back through the director, so its entry goes to CLOSE.')
          : l10n.t(
              'The reset goes from the real server straight to the client, never through the director, so these entries stay in SYN_RECV too: from its table alone the director cannot tell a closed port from a broken network; the client can (refused, not timed out).',
            ),
      ),
    });
  }
  if (load.timeouts > 0)
    findings.push({
      tone: 'bad',
      text: l10n.t('{0} timed out: their SYNs were forwarded and nothing came back (a real server cut off, or losing packets).', load.timeouts),
    });
  for (const drill of drills.filter((d) => d.kind === 'netem' && (d.netem?.delayMs ?? 0) > 0)) {
    const others = Object.entries(latency).filter(([n, ms]) => n !== drill.node && ms !== null);
    const mine = latency[drill.node];
    if (mine !== null && mine !== undefined)
      findings.push({
        tone: 'bad',
        text: l10n.t(
          'Median latency via {0}: {1} ms{2} — each of its packets waits {3} ms.',
          drill.node,
          mine,
          others.length ? l10n.t(', via {0}', others.map(([n, ms]) => `${n} ${ms} ms`).join(', ')) : '',
          drill.netem!.delayMs,
        ),
      });
  }
  const broken = [...new Set(drills.map((d) => d.node))];
  if (failed > 0 && broken.length > 0) {
    findings.push({
      tone: 'bad',
      text:
        broken.length === 1
          ? l10n.t(
              'Plain IPVS ({0}, {1}) keeps sending {2} its share: it checks no real server. Health checks (keepalived) would take it out of the table.',
              FORWARD_NAME[lab.mode],
              lab.scheduler,
              broken[0],
            )
          : l10n.t(
              'Plain IPVS ({0}, {1}) keeps sending {2} their share: it checks no real server. Health checks (keepalived) would take them out of the table.',
              FORWARD_NAME[lab.mode],
              lab.scheduler,
              broken.join(l10n.t(' and ')),
            ),
    });
  }
  if (drills.length === 0 && failed === 0) findings.push({ tone: 'ok', text: l10n.t('No drill is active and every request was answered.') });
  else if (drills.length > 0) findings.unshift({ tone: 'bad', text: l10n.t('Active: {0}.', drills.map(describeDrill).join('; ')) });
  return { drills, load, latencyByNode: latency, table, findings };
}
