// Failure drills on a real server (issue 11), each undone by one command: httpd stopped, the node cut off
// its links, or delay/loss on them (tc netem). A drill's state is always read back from the node (its
// qdiscs and filters, its httpd processes), never remembered: `drillProbeArgv` and `parseDrillProbe`.
import * as l10n from '@vscode/l10n';
import { interfaceOn, realServers, type Lab, type LabNode } from './lab';

export const DRILL_KINDS = ['stop-httpd', 'cut-off', 'netem'] as const;
export type DrillKind = (typeof DRILL_KINDS)[number];

/** What each drill does, in words (CLI help, VS Code pickers). */
export const DRILL_INFO: Record<DrillKind, string> = {
  // Getters: each is translated when it is read, not when this module loads.
  get 'stop-httpd'() {
    return l10n.t('stop httpd on the real server: its port is closed, the kernel answers SYNs with a reset');
  },
  get 'cut-off'() {
    return l10n.t('cut the real server off its links (every packet in or out dropped by tc): nothing comes back');
  },
  get netem() {
    return l10n.t('add delay and/or loss on the real server’s links (tc netem)');
  },
};

/** The one definition of the netem drill's bounds and default (a delay people can feel in a load test). */
export const NETEM_LIMITS = { maxDelayMs: 10_000, maxLossPercent: 100 } as const;
export const NETEM_DEFAULTS = { delayMs: 300, lossPercent: 0 } as const;

export interface NetemParams {
  delayMs: number;
  lossPercent: number;
}

export interface ActiveDrill {
  kind: DrillKind;
  node: string;
  /** The links it acts on (empty for stop-httpd). */
  devices: string[];
  /** For netem: what is on the links (the first one's, as read). */
  netem?: NetemParams;
}

/** The real server's links the drills act on: every interface it has on the lab's networks. */
export function drillDevices(node: LabNode): string[] {
  return Object.keys(node.addresses).map((net) => interfaceOn(node, net));
}

/** The named node, refused unless it is one of the lab's real servers. */
export function drillTarget(lab: Lab, node: string): LabNode {
  const rs = realServers(lab).find((n) => n.name === node);
  if (!rs)
    throw new Error(
      l10n.t(
        '"{0}" is not a real server of {1}; drills run on {2}',
        node,
        lab.name,
        realServers(lab)
          .map((n) => n.name)
          .join(', '),
      ),
    );
  return rs;
}

export function checkNetem(p: NetemParams): NetemParams {
  const { delayMs: d, lossPercent: l } = p;
  if (!Number.isInteger(d) || d < 0 || d > NETEM_LIMITS.maxDelayMs)
    throw new Error(l10n.t('the delay must be a whole number of ms from 0 to {0}', NETEM_LIMITS.maxDelayMs));
  if (!(l >= 0 && l <= NETEM_LIMITS.maxLossPercent)) throw new Error(l10n.t('the loss must be a percentage from 0 to {0}', NETEM_LIMITS.maxLossPercent));
  if (d === 0 && l === 0) throw new Error(l10n.t('a netem drill needs a delay or a loss above 0'));
  return p;
}

const MARK = '@@lvslab';
/** The page the httpd step writes: the node's name (src/core/plan.ts). */
const HTTPD_PAGE = '/var/www/html/index.html';

// Fixed scripts: the devices (and netem's numbers, checked above) arrive as positional arguments.
// Any earlier drill on the links is removed first, so applying is idempotent and drills do not stack.
/** Removes any drill from link "$d" (reset's undo deletes every link's qdiscs itself, core/baseline.ts). */
export const CLEAR_LINK_SCRIPT = `tc qdisc del dev "$d" root 2>/dev/null; tc qdisc del dev "$d" ingress 2>/dev/null`;
const CLEAR = CLEAR_LINK_SCRIPT;
const CUT_OFF = `for d; do ${CLEAR}; tc qdisc add dev "$d" root netem loss 100% && tc qdisc add dev "$d" handle ffff: ingress && tc filter add dev "$d" parent ffff: matchall action drop || exit 1; done`;
const NETEM = `delay=$1 loss=$2; shift 2; for d; do ${CLEAR}; tc qdisc add dev "$d" root netem delay "\${delay}ms" loss "\${loss}%" || exit 1; done`;
const UNDO_LINKS = `for d; do ${CLEAR}; done; true`;
/** apachectl stop returns before the processes are gone: wait for them (at most 5 s). */
const STOP_HTTPD = `apachectl stop; i=0; while ps -C apache2 -o stat= | grep -qv '^Z' && [ $i -lt 50 ]; do sleep 0.1; i=$((i+1)); done; true`;
/** The page tells a stopped httpd (the drill: the httpd step had run) from one never started (a fresh or reset node). */
const PROBE = `for d; do echo "${MARK} dev $d"; tc qdisc show dev "$d"; tc filter show dev "$d" ingress; done; echo "${MARK} page"; head -c 100 ${HTTPD_PAGE} 2>/dev/null; echo; echo "${MARK} httpd"; ps -C apache2 -o stat= ; true`;

export function applyDrillArgv(kind: DrillKind, devices: readonly string[], netem: NetemParams = NETEM_DEFAULTS): string[] {
  switch (kind) {
    case 'stop-httpd':
      return ['sh', '-c', STOP_HTTPD];
    case 'cut-off':
      return ['sh', '-c', CUT_OFF, 'lvslab-drill', ...devices];
    case 'netem': {
      const p = checkNetem(netem);
      return ['sh', '-c', NETEM, 'lvslab-drill', String(p.delayMs), String(p.lossPercent), ...devices];
    }
  }
}

/** Removes whatever tc drill is on the links (httpd comes back by running its step). */
export function undoLinksArgv(devices: readonly string[]): string[] {
  return ['sh', '-c', UNDO_LINKS, 'lvslab-drill', ...devices];
}

/** One exec: each link's qdiscs and ingress filters, then the states of httpd's processes. */
export function drillProbeArgv(devices: readonly string[]): string[] {
  return ['sh', '-c', PROBE, 'lvslab-drill', ...devices];
}

export interface LinkState {
  device: string;
  /** The root qdisc's netem settings, null without netem. */
  netem: NetemParams | null;
  /** An ingress filter dropping everything. */
  dropsIngress: boolean;
}

export interface NodeDrillState {
  node: string;
  links: LinkState[];
  /** httpd has a live (not zombie) process. */
  httpd: boolean;
  /** The first line of the page httpd serves ('' when there is none). */
  page: string;
}

const NETEM_ROOT = /^qdisc netem \S+ root\b(.*)$/m;

/** `delay 300ms` / `delay 1s` / `delay 1.5s`, as tc prints them. */
function delayMs(text: string): number {
  const m = /\bdelay (\d+(?:\.\d+)?)(us|ms|s)\b/.exec(text);
  if (!m) return 0;
  const n = Number(m[1]);
  return Math.round(m[2] === 's' ? n * 1000 : m[2] === 'us' ? n / 1000 : n);
}

export function parseDrillProbe(node: string, stdout: string): NodeDrillState {
  const parts = stdout.split(`${MARK} `).slice(1);
  const httpdPart = parts.find((p) => p.startsWith('httpd\n'));
  if (!httpdPart) throw new Error(l10n.t("could not read {0}'s links and httpd: {1}", node, stdout.trim().slice(0, 200) || l10n.t('no output')));
  const links = parts
    .filter((p) => p.startsWith('dev '))
    .map((p): LinkState => {
      const device = p.slice(4, p.indexOf('\n'));
      const root = NETEM_ROOT.exec(p);
      const loss = root ? /\bloss (\d+(?:\.\d+)?)%/.exec(root[1]) : null;
      return {
        device,
        netem: root ? { delayMs: delayMs(root[1]), lossPercent: loss ? Number(loss[1]) : 0 } : null,
        dropsIngress: /\bmatchall\b[\s\S]*?\baction drop\b/.test(p),
      };
    });
  const states = httpdPart
    .split('\n')
    .slice(1)
    .map((l) => l.trim())
    .filter(Boolean);
  const page = (parts.find((p) => p.startsWith('page\n')) ?? '').split('\n')[1]?.trim() ?? '';
  return { node, links, httpd: states.some((s) => !s.startsWith('Z')), page };
}

/** The drills a node's state shows: cut off (ingress dropped), netem (a netem root without that), httpd stopped after its step. */
export function activeDrills(s: NodeDrillState): ActiveDrill[] {
  const out: ActiveDrill[] = [];
  const cut = s.links.filter((l) => l.dropsIngress);
  if (cut.length > 0) out.push({ kind: 'cut-off', node: s.node, devices: cut.map((l) => l.device) });
  const netem = s.links.filter((l) => l.netem && !l.dropsIngress);
  if (netem.length > 0) out.push({ kind: 'netem', node: s.node, devices: netem.map((l) => l.device), netem: netem[0].netem! });
  // Stopped after its step served the node's page; never started (a fresh or reset node) is no drill.
  if (!s.httpd && s.page === s.node) out.push({ kind: 'stop-httpd', node: s.node, devices: [] });
  return out;
}

/** One line per drill, for lists and messages. */
export function describeDrill(d: ActiveDrill): string {
  switch (d.kind) {
    case 'stop-httpd':
      return l10n.t('{0}: httpd stopped', d.node);
    case 'cut-off':
      return l10n.t('{0}: cut off ({1}: every packet dropped)', d.node, d.devices.join(', '));
    case 'netem': {
      const p = d.netem!;
      const what = [p.delayMs > 0 && l10n.t('{0} ms delay', p.delayMs), p.lossPercent > 0 && l10n.t('{0}% loss', p.lossPercent)].filter(Boolean).join(', ');
      return l10n.t('{0}: {1} on {2}', d.node, what, d.devices.join(', '));
    }
  }
}
