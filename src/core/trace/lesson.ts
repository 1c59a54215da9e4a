// The handbook's claim for each mode, checked against the trace: what the director does to the client's
// packet, and which way the response goes. The verdict rests only on the hops the nodes saw.
import { director, type Lab, type Mode, realServers } from '../lab';
import { SYN_RECV_HINT } from '../parsers';
import type { Hop, PacketKind, TracePath, TracedPacket } from './path';

export interface Lesson {
  mode: Mode;
  /** The handbook's claim, in one sentence. */
  claim: string;
  /** True when every part of the claim is seen in the trace. */
  confirmed: boolean;
  /** What the trace shows for each part of the claim, "✓ …" or "✗ …". */
  evidence: string[];
}

export const CLAIMS: Record<Mode, string> = {
  dr: "DR: the director changes only the MACs (the destination becomes a real server's) and keeps IPs and ports; the real server answers the client straight, with the VIP as its source.",
  nat: 'NAT: the director rewrites the destination address (VIP → real server) and the response comes back through it, where the source becomes the VIP again.',
  tun: 'TUN: the director wraps the untouched packet in an outer IP header (director → real server); the real server unwraps it on tunl0 and answers the client straight, with the VIP as its source.',
};

const find = (path: TracePath, kind: PacketKind): TracedPacket | undefined => path.packets.find((p) => p.kinds.includes(kind));
const addr = (h: Pick<Hop, 'src' | 'srcPort'>) => `${h.src}:${h.srcPort}`;
const dest = (h: Pick<Hop, 'dst' | 'dstPort'>) => `${h.dst}:${h.dstPort}`;

export function lesson(lab: Lab, path: TracePath): Lesson {
  const d = director(lab).name;
  const reals = new Map(realServers(lab).map((n) => [n.name, Object.values(n.addresses)]));
  const realAddress = (ip: string) => [...reals.values()].some((a) => a.includes(ip));
  const ownerOf = (ip: string) => [...reals].find(([, a]) => a.includes(ip))?.[0];
  const vip = `${lab.service.vip}:${lab.service.port}`;
  const evidence: string[] = [];
  const check = (ok: boolean, yes: string, no: string) => evidence.push(ok ? `✓ ${yes}` : `✗ ${no}`);

  const syn = find(path, 'SYN');
  const response = find(path, 'response');
  const sent = syn?.hops[0];
  // The director's copy of the SYN going on: the last hop on the director.
  const forwarded = syn?.hops.filter((h) => h.node === d && h.direction === 'out').at(-1);
  const atClient = response?.hops.at(-1);
  if (!syn || !sent) {
    check(false, '', 'no SYN from the client was captured');
  } else if (!forwarded) {
    // Seen with a real server cut off: the director gets no answer to its ARP for it, so the SYN goes nowhere. (A real
    // server that did get a changed copy means the director's own capture missed it.)
    const received = syn.hops.some((h) => h.node === d && h.direction === 'in');
    const reachedReal = syn.hops.some((h) => reals.has(h.node) && h.changed.length > 0);
    check(
      false,
      '',
      received && !reachedReal
        ? `${d} received the SYN and sent it on to no real server: the one it chose did not answer ${d}'s ARP (cut off?), so its entry stays in SYN_RECV`
        : `${d} was not seen forwarding the SYN`,
    );
  } else if (lab.mode === 'dr') {
    const owner = forwarded.dstMacOwner ?? '';
    check(
      reals.has(owner.split(' ')[0]),
      `${d} sent the SYN on to ${owner}'s MAC ${forwarded.dstMac}`,
      `${d} sent the SYN to MAC ${forwarded.dstMac} (${owner || 'no lab node'}), not a real server's`,
    );
    check(
      addr(forwarded) === addr(sent) && dest(forwarded) === dest(sent) && !forwarded.outer,
      `IPs and ports unchanged: ${addr(sent)} → ${dest(sent)}`,
      `the forwarded SYN is ${addr(forwarded)} → ${dest(forwarded)}, the client sent ${addr(sent)} → ${dest(sent)}`,
    );
  } else if (lab.mode === 'nat') {
    check(
      realAddress(forwarded.dst) && forwarded.src === sent.src,
      `${d} rewrote the destination ${dest(sent)} → ${dest(forwarded)} (the client's address kept)`,
      `the forwarded SYN goes ${addr(forwarded)} → ${dest(forwarded)}, not to a real server`,
    );
  } else {
    const outer = forwarded.outer;
    check(
      !!outer && realAddress(outer.dst) && Object.values(director(lab).addresses).includes(outer.src),
      `${d} added an outer header ${outer?.src} → ${outer?.dst}`,
      `the forwarded SYN has ${outer ? `outer header ${outer.src} → ${outer.dst}` : 'no outer header'}`,
    );
    check(
      addr(forwarded) === addr(sent) && dest(forwarded) === dest(sent),
      `the inner packet is untouched: ${addr(sent)} → ${dest(sent)}`,
      `the inner packet became ${addr(forwarded)} → ${dest(forwarded)}`,
    );
    const unwrapped = syn.hops.find((h) => h.iface === 'tunl0');
    check(!!unwrapped && !unwrapped.outer, `${unwrapped?.node} unwrapped it on tunl0`, 'no real server was seen unwrapping it on tunl0');
  }

  if (!response || !atClient) {
    // The handbook's case: the director forwarded the SYN, nothing came back (the entry stays SYN_RECV on it).
    const to = forwarded && (lab.mode === 'dr' ? forwarded.dstMacOwner : ownerOf(forwarded.outer?.dst ?? forwarded.dst));
    check(
      false,
      '',
      forwarded
        ? `no response reached the client: ${d} forwarded the SYN to ${to ?? forwarded.dst} and nothing came back. ${SYN_RECV_HINT}`
        : 'no response reached the client in the capture',
    );
  } else {
    check(addr(atClient) === vip, `the client got the response from ${vip}`, `the client got the response from ${addr(atClient)}, not the VIP ${vip}`);
    const viaDirector = response.hops.some((h) => h.node === d);
    const first = response.hops[0];
    if (lab.mode === 'nat') {
      const rewritten = response.hops.find((h) => h.node === d && h.direction === 'out');
      check(
        viaDirector && !!rewritten && realAddress(first.src),
        `the response came back through ${d} (${addr(first)} → ${addr(rewritten ?? first)})`,
        `the response did not pass ${d} with its source rewritten`,
      );
    } else {
      check(
        !viaDirector && reals.has(first.node),
        `${first.node} sent it straight to the client; ${d} never saw it`,
        viaDirector ? `${d} saw the response` : `the response started on ${first.node}, not a real server`,
      );
    }
  }
  return { mode: lab.mode, claim: CLAIMS[lab.mode], confirmed: evidence.every((e) => e.startsWith('✓')), evidence };
}
