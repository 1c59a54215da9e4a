// Builds the host messages the dev page plays (webview/dev/out/messages.json) from command outputs run
// through the real parsers, from the captures in test/fixtures/. Every message
// is checked against the protocol schema, so the page sees exactly what the extension host could send.
//   node --import tsx webview/dev/makeMessages.ts
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { parseIpvsadmConns, parseIpvsadmList, parseIpvsadmRate, parseIpvsadmStats, parseNetstat, type IpvsConn } from '../../src/core/parsers';
import { joinServiceTables } from '../../src/core/serviceView';
import { parseArpExperiment } from '../../src/core/arp';
import { resolveLab } from '../../src/core/labLoader';
import { buildTrace, parseRequest } from '../../src/core/trace';
import { parseHostMessage, type HostMessage } from '../../src/protocol/messages';
import { IPVS_TIMEOUT_S } from '../connStates';

const HERE = __dirname;
const ROOT = join(HERE, '..', '..');
const FIXTURES = join(ROOT, 'test', 'fixtures');
export const OUT_FILE = join(HERE, 'out', 'messages.json');

type Snapshot = Extract<HostMessage, { type: 'snapshot' }>;
type Init = Extract<HostMessage, { type: 'init' }>;
type Nodes = Extract<HostMessage, { type: 'nodes' }>;

export interface DevMessages {
  /** Where each input came from, relative to the repository. */
  sources: Record<string, string>;
  init: Init;
  nodes: Nodes;
  /** Scenes the dev page can show; readAt is replaced with the time it is sent. */
  snapshots: Record<'healthy' | 'big' | 'broken' | 'errors', Snapshot>;
  nodesInErrorScene: Nodes;
  /** The Lessons tab: a DR trace and the ARP experiment with node02 unhidden (their own capture lab). */
  lessons: [Extract<HostMessage, { type: 'traceResult' }>, Extract<HostMessage, { type: 'arpResult' }>];
}

const sources: Record<string, string> = {};

/** A real capture from test/fixtures/. */
function read(what: string, fixture: string): string {
  const path = join(FIXTURES, fixture);
  sources[what] = relative(ROOT, path);
  return readFileSync(path, 'utf8');
}

/** Deterministic pseudo-random numbers, so the generated rows are the same on every run. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const mmss = (s: number) => `${String(Math.floor(s / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;

/** `ipvsadm -Lnc` text with `count` entries made from the real ones: new source ports, spread-out timers. */
function manyConnsText(base: IpvsConn[], count: number): string {
  const rnd = random(7);
  const lines = ['IPVS connection entries', 'pro expire state       source             virtual            destination'];
  const pool = base.filter((c) => c.state !== 'SYN_RECV');
  for (let i = 0; i < count; i++) {
    const c = pool[i % pool.length];
    const expire = Math.max(1, Math.floor(rnd() * (IPVS_TIMEOUT_S[c.state] ?? 120)));
    const src = `${c.source.ip}:${20000 + i}`;
    lines.push(
      `${c.protocol.padEnd(3)} ${mmss(expire).padEnd(6)} ${c.state.padEnd(11)} ${src.padEnd(18)} ${`${c.virtual.ip}:${c.virtual.port}`.padEnd(18)} ${c.destination.ip}:${c.destination.port}`,
    );
  }
  return `${lines.join('\n')}\n`;
}

/** `ipvsadm -Ln` whose ActiveConn/InActConn agree with a connection list (ESTABLISHED = active). */
function listText(listTemplate: string, conns: IpvsConn[]): string {
  return listTemplate.replace(/^(\s*-> )(\S+)\s+(\S+)\s+(-?\d+)\s+\d+\s+\d+\s*$/gm, (_m, arrow: string, addr: string, forward: string, weight: string) => {
    const to = conns.filter((c) => `${c.destination.ip}:${c.destination.port}` === addr);
    const active = to.filter((c) => c.state === 'ESTABLISHED').length;
    // ipvsadm.c: "  -> %-28s %-7s %-6d %-10u %-10u"
    return `${arrow}${addr.padEnd(28)} ${forward.padEnd(7)} ${weight.padEnd(6)} ${String(active).padEnd(10)} ${String(to.length - active).padEnd(10)}`;
  });
}

/** More TIME_WAIT sockets on a real server after a load test: its real TIME_WAIT row with other client ports. */
function manyTimeWaitText(netstat: string, count: number): string {
  const lines = netstat.trimEnd().split('\n');
  const tw = lines.find((l) => /TIME_WAIT/.test(l));
  if (!tw) return netstat;
  // Same width as the ephemeral port it replaces (5 digits), so the columns stay aligned.
  const extra = Array.from({ length: count }, (_, i) => tw.replace(/:\d{5}(\s+TIME_WAIT)/, `:${20000 + i}$1`));
  return `${[...lines, ...extra].join('\n')}\n`;
}

function check<T extends HostMessage>(m: T): T {
  const r = parseHostMessage(m);
  if (!r.ok) throw new Error(`generated ${m.type} message does not fit the protocol: ${r.error}`);
  return m;
}

export function makeMessages(): DevMessages {
  const listRaw = read('ipvsadm -Ln', 'ipvsadm-Ln-dr-active.txt');
  const stats = parseIpvsadmStats(read('ipvsadm -Ln --stats --exact', 'ipvsadm-Ln-stats-exact-dr.txt'));
  const rate = parseIpvsadmRate(read('ipvsadm -Ln --rate --exact', 'ipvsadm-Ln-rate-exact-dr.txt'));
  const conns = parseIpvsadmConns(read('ipvsadm -Lnc', 'ipvsadm-Lnc-dr-established.txt'));
  const synRecv = parseIpvsadmConns(read('ipvsadm -Lnc (SYN_RECV)', 'ipvsadm-Lnc-dr-syn_recv.txt'));
  const list = parseIpvsadmList(listRaw);
  const services = joinServiceTables(list, stats, rate);

  // The lab follows the captures' addresses: client .10, director .11, real servers .12/.13 (capture.sh, handbook).
  const svc = list.services.find((s) => s.protocol === 'TCP' && s.address);
  if (!svc?.address) throw new Error('no TCP service in the ipvsadm -Ln capture');
  const vip = svc.address.ip;
  const net = vip.slice(0, vip.lastIndexOf('.') + 1);
  const nodeIp: Record<string, string> = { client: `${net}10`, node01: `${net}11`, node02: `${net}12`, node03: `${net}13` };

  const netstat = (node: string, fixtureNode: string) => read(`netstat -natp ${node}`, `netstat-natp-dr-${fixtureNode}.txt`);
  const netstatText = {
    node01: netstat('node01', 'director'),
    node02: netstat('node02', 'node02'),
    node03: netstat('node03', 'node03'),
    client: netstat('client', 'client'),
  };
  const sockets = Object.fromEntries(Object.entries(netstatText).map(([n, t]) => [n, parseNetstat(t)]));

  const init = check<Init>({
    type: 'init',
    lab: {
      name: 'dr',
      title: 'Handbook DR lab (direct routing, round robin)',
      mode: 'dr',
      scheduler: svc.scheduler,
      vip,
      port: svc.address.port,
      director: 'node01',
      realServers: ['node02', 'node03'],
      nodes: [
        { name: 'client', role: 'client' },
        { name: 'node01', role: 'director' },
        { name: 'node02', role: 'real' },
        { name: 'node03', role: 'real' },
      ],
    },
    refreshMs: 2000,
    loadDefaults: { requests: 60, concurrency: 6, clients: 1, hold: 0 },
    paused: false,
  });
  const nodeInfo = (state: (name: string) => 'running' | 'stopped' | 'missing') =>
    check<Nodes>({
      type: 'nodes',
      nodes: init.lab.nodes.map((n) => ({ ...n, addresses: { lan: nodeIp[n.name] }, state: state(n.name) })),
    });

  const snapshot = (s: Omit<Snapshot, 'type' | 'readAt'>): Snapshot => check<Snapshot>({ type: 'snapshot', readAt: new Date().toISOString(), ...s });

  // Big: a few thousand entries after a long load test, and the TIME_WAIT sockets it leaves on the real servers.
  const bigConns = parseIpvsadmConns(manyConnsText(conns, 3000));
  const bigList = parseIpvsadmList(listText(listRaw, bigConns));
  const bigSockets = {
    ...sockets,
    node02: parseNetstat(manyTimeWaitText(netstatText.node02, 1400)),
    node03: parseNetstat(manyTimeWaitText(netstatText.node03, 1400)),
  };
  // Broken: node03 lost its hidden VIP, so the director's SYNs to it are never answered (handbook: SYN_RECV).
  const brokenList = parseIpvsadmList(listText(listRaw, synRecv));

  const traceNodes = ['client', 'node01', 'node02', 'node03'];
  const request = parseRequest(read('trace: curl', 'trace-dr-request.txt'));
  const outputs = Object.fromEntries(traceNodes.map((n) => [n, read(`trace: ${n}`, `trace-dr-${n}.txt`)]));
  // The ARP captures' MACs (as in test/unit/arp.test.ts), read from each node's eth0.
  const macs = new Map(traceNodes.map((n, i) => [`02:42:0a:5d:00:0${'abcd'[i]}`, n]));
  const arp = (fixture: string) => parseArpExperiment(read(`arp: ${fixture}`, fixture), '10.93.0.100', macs);
  const hidden = arp('arp-dr-hidden.txt');
  const lessons: DevMessages['lessons'] = [
    check({ type: 'traceResult', trace: buildTrace(resolveLab('dr'), outputs, request?.localPort) }),
    check({
      type: 'arpResult',
      arp: {
        vip: '10.93.0.100',
        director: 'node01',
        hidden,
        unhidden: { node: 'node02', result: arp('arp-dr-node02-unhidden.txt') },
        restored: { result: hidden },
      },
    }),
  ];

  return {
    sources,
    init,
    lessons,
    nodes: nodeInfo(() => 'running'),
    nodesInErrorScene: nodeInfo((n) => (n === 'node03' ? 'stopped' : 'running')),
    snapshots: {
      healthy: snapshot({ durationMs: 41, conns, services, sockets, health: null, errors: {} }),
      big: snapshot({ durationMs: 187, conns: bigConns, services: joinServiceTables(bigList, stats, rate), sockets: bigSockets, health: null, errors: {} }),
      broken: snapshot({ durationMs: 44, conns: synRecv, services: joinServiceTables(brokenList, stats, rate), sockets, health: null, errors: {} }),
      errors: snapshot({
        durationMs: 3012,
        conns: null,
        services: null,
        sockets: { client: sockets.client, node02: sockets.node02 },
        health: null,
        errors: {
          node01: "ipvsadm -Lnc: Can't initialize ipvs: Protocol not available\nAre you sure that IP Virtual Server is built in the kernel or as module?",
          node03: 'container lvslab-dr-node03 is not running',
        },
      }),
    },
  };
}

if (require.main === module) {
  const m = makeMessages();
  mkdirSync(dirname(OUT_FILE), { recursive: true });
  writeFileSync(OUT_FILE, JSON.stringify(m));
  console.log(`wrote ${relative(ROOT, OUT_FILE)} from:`);
  for (const [what, path] of Object.entries(m.sources)) console.log(`  ${what}: ${path}`);
}
