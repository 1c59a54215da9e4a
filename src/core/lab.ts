// The lab model: what a labs/*.yaml file describes, after validation.
import * as l10n from '@vscode/l10n';
import ipaddr from 'ipaddr.js';
import type { HealthCheck } from './health';
import type { IpvsForward } from './parsers/ipvsadmList';

// Each list below is the one definition of its fact. labs/lab.schema.json and the panel's texts
// (webview/labText.ts) are checked against them by test/unit/facts.test.ts; the protocol's schemas
// against their types when src/protocol/messages.ts compiles.
export const MODES = ['dr', 'nat', 'tun'] as const;
export type Mode = (typeof MODES)[number];
export const ROLES = ['client', 'director', 'real'] as const;
export type Role = (typeof ROLES)[number];

/** A node's role in the user's language (the tree, the panel, the CLI and the shell picker say the same). */
export function roleWord(role: Role): string {
  switch (role) {
    case 'director':
      return l10n.t({ message: 'director', args: [], comment: ["a node's role: the LVS director (load balancer)"] });
    case 'real':
      return l10n.t({ message: 'real server', args: [], comment: ["a node's role"] });
    case 'client':
      return l10n.t({ message: 'client', args: [], comment: ["a node's role"] });
  }
}
export const SCHEDULERS = ['rr', 'wrr', 'lc', 'wlc', 'lblc', 'lblcr', 'dh', 'sh', 'sed', 'nq', 'fo', 'ovf', 'mh'] as const;
export type Scheduler = (typeof SCHEDULERS)[number];

export interface LabNetwork {
  name: string;
  subnet: string;
  gateway: string;
  dockerRange: string;
}

export interface LabNode {
  name: string;
  role: Role;
  /** network name -> fixed IPv4, in interface order (first is eth0). */
  addresses: Record<string, string>;
  weight?: number;
}

export interface Lab {
  name: string;
  title: string;
  description?: string;
  /** The title and description in other display languages (loadLab shows the user's in their place). */
  translations?: Record<string, { title?: string; description?: string }>;
  mode: Mode;
  scheduler: Scheduler;
  /**
   * persistence: seconds a client's connections stick to one real server (ipvsadm -p); none when unset.
   * healthCheck: keepalived on the director checks each real server over HTTP; none when unset.
   */
  service: { vip: string; port: number; protocol?: 'tcp'; persistence?: number; healthCheck?: HealthCheck };
  networks: LabNetwork[];
  nodes: LabNode[];
  /** Where the lab was read from (for messages). */
  file: string;
}

/** ipvsadm's forwarding flag per mode. */
export const FORWARD_FLAG: Record<Mode, string> = { dr: '-g', nat: '-m', tun: '-i' };
/** How `ipvsadm -Ln` names each forwarding method. */
export const FORWARD_NAME: Record<Mode, IpvsForward> = { dr: 'Route', nat: 'Masq', tun: 'Tunnel' };

export function director(lab: Lab): LabNode {
  const d = lab.nodes.find((n) => n.role === 'director');
  if (!d) throw new Error(l10n.t('{0}: the lab has no director', lab.file));
  return d;
}

export function realServers(lab: Lab): LabNode[] {
  return lab.nodes.filter((n) => n.role === 'real');
}

export function client(lab: Lab): LabNode {
  const c = lab.nodes.find((n) => n.role === 'client');
  if (!c) throw new Error(l10n.t('{0}: the lab has no client', lab.file));
  return c;
}

/** Interface name of a node on a network: Docker names them in the order they were attached. */
export function interfaceOn(node: LabNode, network: string): string {
  const i = Object.keys(node.addresses).indexOf(network);
  if (i < 0) throw new Error(l10n.t('{0} is not on network {1}', node.name, network));
  return `eth${i}`;
}

/** The network a node reaches the VIP on: the one whose subnet holds the VIP. */
export function vipNetwork(lab: Lab): LabNetwork {
  const net = lab.networks.find((n) => inSubnet(lab.service.vip, n.subnet));
  if (!net) throw new Error(l10n.t("{0}: the VIP {1} is on none of the lab's networks", lab.file, lab.service.vip));
  return net;
}

export function prefixLength(cidr: string): number {
  return Number(cidr.split('/')[1]);
}

export function inSubnet(ip: string, cidr: string): boolean {
  const addr = ipaddr.IPv4.parse(ip);
  return addr.match(ipaddr.IPv4.parseCIDR(cidr));
}

/** True when two CIDRs share any address (either contains the other's base). */
export function cidrsOverlap(a: string, b: string): boolean {
  try {
    const [aa, ab] = ipaddr.parseCIDR(a);
    const [ba, bb] = ipaddr.parseCIDR(b);
    if (aa.kind() !== ba.kind()) return false;
    return aa.match(ba, bb) || ba.match(aa, ab);
  } catch {
    return false;
  }
}
