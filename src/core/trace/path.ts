// What every interface saw → one request's path: for each packet of the connection (SYN, SYN-ACK, ACK,
// request, response, FIN) its hops in time order across the nodes, each with the fields that changed since
// the hop before. A packet is named at every hop by its direction, flags, absolute sequence and ack numbers
// and length: IPVS rewrites MACs and addresses (and wraps, in TUN), never those.
import { client, type Lab } from '../lab';
import type { Capture } from './capture';
import type { Packet } from './tcpdump';

export const PACKET_KINDS = ['SYN', 'SYN-ACK', 'ACK', 'request', 'response', 'FIN'] as const;
export type PacketKind = (typeof PACKET_KINDS)[number];

/** The fields a hop can change. */
export const HOP_FIELDS = ['srcMac', 'dstMac', 'outerSrc', 'outerDst', 'src', 'srcPort', 'dst', 'dstPort'] as const;
export type HopField = (typeof HOP_FIELDS)[number];

export interface Hop {
  node: string;
  iface: string;
  /** out: this node sent it (its own source MAC, or on tunl0 not to the node); in: it arrived. */
  direction: 'in' | 'out';
  time: number;
  srcMac: string | null;
  dstMac: string | null;
  /** The node (and its interface when it has several) each MAC belongs to; null when no lab node has it. */
  srcMacOwner: string | null;
  dstMacOwner: string | null;
  outer: { src: string; dst: string } | null;
  src: string;
  srcPort: number;
  dst: string;
  dstPort: number;
  flags: string;
  length: number;
  /** What differs from the hop before (none on the first). */
  changed: HopField[];
}

export interface TracedPacket {
  /** Usually one; two when one packet is both (the response carrying the server's FIN). */
  kinds: PacketKind[];
  /** From the client to the service, or back. */
  toServer: boolean;
  hops: Hop[];
}

export interface TracePath {
  client: { ip: string; port: number };
  packets: TracedPacket[];
  /** The real server whose interfaces saw the request, when one did. */
  realServer: string | null;
  /** MAC → its node, for every MAC the nodes listed. */
  macs: Record<string, string>;
  /** Packets of this connection seen, over all interfaces. */
  seen: number;
  /** Lines tcpdump printed that were not TCP packets (ARP, IPv6, cut lines), over all interfaces. */
  skipped: number;
}

interface Seen extends Packet {
  node: string;
  iface: string;
  direction: 'in' | 'out';
  order: number;
}

/** The path of one connection from the client (its source port; when omitted, the first SYN the client sent). */
export function tracePath(lab: Lab, captures: Record<string, Capture>, clientPort?: number): TracePath {
  const ip = Object.values(client(lab).addresses)[0];
  const macs = macOwners(captures);
  const own = new Set(Object.entries(captures).flatMap(([node, c]) => c.links.filter((l) => l.mac).map((l) => `${node} ${l.name} ${l.mac}`)));
  const addresses = new Map(lab.nodes.map((n) => [n.name, new Set([...Object.values(n.addresses), lab.service.vip])]));
  let order = 0;
  const all: Seen[] = Object.entries(captures).flatMap(([node, c]) =>
    Object.entries(c.packets).flatMap(([iface, packets]) =>
      packets.map((p) => ({
        ...p,
        node,
        iface,
        order: order++,
        direction: p.srcMac
          ? own.has(`${node} ${iface} ${p.srcMac}`)
            ? ('out' as const)
            : ('in' as const)
          : addresses.get(node)?.has(p.dst)
            ? ('in' as const)
            : ('out' as const),
      })),
    ),
  );
  const skipped = Object.values(captures).reduce((sum, c) => sum + Object.values(c.skipped).reduce((a, b) => a + b, 0), 0);
  const port = clientPort ?? all.filter((p) => p.node === client(lab).name && p.flags === 'S' && p.src === ip).sort((a, b) => a.time - b.time)[0]?.srcPort;
  if (port === undefined) return { client: { ip, port: 0 }, packets: [], realServer: null, macs, seen: 0, skipped };
  const toServer = (p: Packet) => p.src === ip && p.srcPort === port;
  const mine = all.filter((p) => toServer(p) || (p.dst === ip && p.dstPort === port)).sort(byTime);
  const groups = new Map<string, Seen[]>();
  for (const p of mine) {
    const key = `${toServer(p) ? '>' : '<'} ${p.flags} ${p.seq ?? ''} ${p.ack ?? ''} ${p.length}`;
    groups.set(key, [...(groups.get(key) ?? []), p]);
  }
  const packets = classify([...groups.values()], toServer, macs);
  const request = packets.find((p) => p.kinds.includes('request'));
  const reals = new Set(lab.nodes.filter((n) => n.role === 'real').map((n) => n.name));
  const realServer = request?.hops.find((h) => reals.has(h.node))?.node ?? null;
  return { client: { ip, port }, packets, realServer, macs, seen: mine.length, skipped };
}

/** Earlier first; at the same microsecond, the sender's copy of a frame before the receiver's, else capture order. */
function byTime(a: Seen, b: Seen): number {
  if (a.time !== b.time) return a.time - b.time;
  const sameFrame = a.srcMac === b.srcMac && a.dstMac === b.dstMac && a.src === b.src && a.dst === b.dst;
  if (sameFrame && a.direction !== b.direction) return a.direction === 'out' ? -1 : 1;
  return a.order - b.order;
}

/** Each kind is the first packet (in time) that fits it; a packet fitting two kinds is listed once. */
function classify(groups: Seen[][], toServer: (p: Packet) => boolean, macs: Record<string, string>): TracedPacket[] {
  const fits: Record<PacketKind, (p: Packet) => boolean> = {
    SYN: (p) => toServer(p) && p.flags === 'S',
    'SYN-ACK': (p) => !toServer(p) && p.flags === 'S.',
    ACK: (p) => toServer(p) && p.flags === '.' && p.length === 0,
    request: (p) => toServer(p) && p.length > 0,
    response: (p) => !toServer(p) && p.length > 0,
    FIN: (p) => p.flags.includes('F'),
  };
  const chosen = new Map<Seen[], PacketKind[]>();
  for (const kind of PACKET_KINDS) {
    const g = groups.find((group) => fits[kind](group[0]));
    if (g) chosen.set(g, [...(chosen.get(g) ?? []), kind]);
  }
  return [...chosen.entries()]
    .sort(([a], [b]) => a[0].time - b[0].time)
    .map(([group, kinds]) => ({ kinds, toServer: toServer(group[0]), hops: hops(group, macs) }));
}

/** The hops of one packet: a retransmission seen again at the same place is left out. */
function hops(group: Seen[], macs: Record<string, string>): Hop[] {
  const places = new Set<string>();
  const out: Hop[] = [];
  for (const p of group) {
    const place = `${p.node} ${p.iface} ${p.direction} ${p.srcMac} ${p.dstMac}`;
    if (places.has(place)) continue;
    places.add(place);
    const hop: Hop = {
      node: p.node,
      iface: p.iface,
      direction: p.direction,
      time: p.time,
      srcMac: p.srcMac ?? null,
      dstMac: p.dstMac ?? null,
      srcMacOwner: (p.srcMac && macs[p.srcMac]) || null,
      dstMacOwner: (p.dstMac && macs[p.dstMac]) || null,
      outer: p.outer ?? null,
      src: p.src,
      srcPort: p.srcPort,
      dst: p.dst,
      dstPort: p.dstPort,
      flags: p.flags,
      length: p.length,
      changed: [],
    };
    const prev = out.at(-1);
    if (prev) hop.changed = HOP_FIELDS.filter((f) => fieldOf(hop, f) !== fieldOf(prev, f));
    out.push(hop);
  }
  return out;
}

function fieldOf(h: Hop, f: HopField): string {
  if (f === 'outerSrc') return h.outer?.src ?? '';
  if (f === 'outerDst') return h.outer?.dst ?? '';
  return String(h[f] ?? '');
}

/** Each MAC's node, with the interface when the node has several. */
function macOwners(captures: Record<string, Capture>): Record<string, string> {
  const owners: Record<string, string> = {};
  for (const [node, c] of Object.entries(captures)) {
    const ethers = c.links.filter((l) => l.mac && l.name !== 'lo');
    for (const l of ethers) owners[l.mac!] = ethers.length > 1 ? `${node} ${l.name}` : node;
  }
  return owners;
}
