// The handbook's claim for each mode, checked against the trace: what the director does to the client's
// packet, and which way the response goes. The verdict rests only on the hops the nodes saw.
import * as l10n from '@vscode/l10n';
import { director, type Lab, type Mode, realServers } from '../lab';
import { synRecvHint } from '../parsers/ipvsadmConns';
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

/** Getters: each claim is translated when it is read. */
export const CLAIMS: Record<Mode, string> = {
  get dr() {
    return l10n.t(
      "DR: the director changes only the MACs (the destination becomes a real server's) and keeps IPs and ports; the real server answers the client straight, with the VIP as its source.",
    );
  },
  get nat() {
    return l10n.t(
      'NAT: the director rewrites the destination address (VIP → real server) and the response comes back through it, where the source becomes the VIP again.',
    );
  },
  get tun() {
    return l10n.t(
      'TUN: the director wraps the untouched packet in an outer IP header (director → real server); the real server unwraps it on tunl0 and answers the client straight, with the VIP as its source.',
    );
  },
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
    check(false, '', l10n.t('no SYN from the client was captured'));
  } else if (!forwarded) {
    // Seen with a real server cut off: the director gets no answer to its ARP for it, so the SYN goes nowhere. (A real
    // server that did get a changed copy means the director's own capture missed it.)
    const received = syn.hops.some((h) => h.node === d && h.direction === 'in');
    const reachedReal = syn.hops.some((h) => reals.has(h.node) && h.changed.length > 0);
    check(
      false,
      '',
      received && !reachedReal
        ? l10n.t(
            "{0} received the SYN and sent it on to no real server: the one it chose did not answer {0}'s ARP (cut off?), so its entry stays in SYN_RECV",
            d,
          )
        : l10n.t('{0} was not seen forwarding the SYN', d),
    );
  } else if (lab.mode === 'dr') {
    const owner = forwarded.dstMacOwner ?? '';
    check(
      reals.has(owner.split(' ')[0]),
      l10n.t("{0} sent the SYN on to {1}'s MAC {2}", d, owner, String(forwarded.dstMac)),
      l10n.t("{0} sent the SYN to MAC {1} ({2}), not a real server's", d, String(forwarded.dstMac), owner || l10n.t('no lab node')),
    );
    check(
      addr(forwarded) === addr(sent) && dest(forwarded) === dest(sent) && !forwarded.outer,
      l10n.t('IPs and ports unchanged: {0} → {1}', addr(sent), dest(sent)),
      l10n.t('the forwarded SYN is {0} → {1}, the client sent {2} → {3}', addr(forwarded), dest(forwarded), addr(sent), dest(sent)),
    );
  } else if (lab.mode === 'nat') {
    check(
      realAddress(forwarded.dst) && forwarded.src === sent.src,
      l10n.t("{0} rewrote the destination {1} → {2} (the client's address kept)", d, dest(sent), dest(forwarded)),
      l10n.t('the forwarded SYN goes {0} → {1}, not to a real server', addr(forwarded), dest(forwarded)),
    );
  } else {
    const outer = forwarded.outer;
    check(
      !!outer && realAddress(outer.dst) && Object.values(director(lab).addresses).includes(outer.src),
      l10n.t('{0} added an outer header {1} → {2}', d, String(outer?.src), String(outer?.dst)),
      outer ? l10n.t('the forwarded SYN has outer header {0} → {1}', outer.src, outer.dst) : l10n.t('the forwarded SYN has no outer header'),
    );
    check(
      addr(forwarded) === addr(sent) && dest(forwarded) === dest(sent),
      l10n.t('the inner packet is untouched: {0} → {1}', addr(sent), dest(sent)),
      l10n.t('the inner packet became {0} → {1}', addr(forwarded), dest(forwarded)),
    );
    const unwrapped = syn.hops.find((h) => h.iface === 'tunl0');
    check(
      !!unwrapped && !unwrapped.outer,
      l10n.t('{0} unwrapped it on tunl0', String(unwrapped?.node)),
      l10n.t('no real server was seen unwrapping it on tunl0'),
    );
  }

  if (!response || !atClient) {
    // The handbook's case: the director forwarded the SYN, nothing came back (the entry stays SYN_RECV on it).
    const to = forwarded && (lab.mode === 'dr' ? forwarded.dstMacOwner : ownerOf(forwarded.outer?.dst ?? forwarded.dst));
    check(
      false,
      '',
      forwarded
        ? l10n.t('no response reached the client: {0} forwarded the SYN to {1} and nothing came back. {2}', d, to ?? forwarded.dst, synRecvHint())
        : l10n.t('no response reached the client in the capture'),
    );
  } else {
    check(
      addr(atClient) === vip,
      l10n.t('the client got the response from {0}', vip),
      l10n.t('the client got the response from {0}, not the VIP {1}', addr(atClient), vip),
    );
    const viaDirector = response.hops.some((h) => h.node === d);
    const first = response.hops[0];
    if (lab.mode === 'nat') {
      const rewritten = response.hops.find((h) => h.node === d && h.direction === 'out');
      check(
        viaDirector && !!rewritten && realAddress(first.src),
        l10n.t('the response came back through {0} ({1} → {2})', d, addr(first), addr(rewritten ?? first)),
        l10n.t('the response did not pass {0} with its source rewritten', d),
      );
    } else {
      check(
        !viaDirector && reals.has(first.node),
        l10n.t('{0} sent it straight to the client; {1} never saw it', first.node, d),
        viaDirector ? l10n.t('{0} saw the response', d) : l10n.t('the response started on {0}, not a real server', first.node),
      );
    }
  }
  return { mode: lab.mode, claim: CLAIMS[lab.mode], confirmed: evidence.every((e) => e.startsWith('✓')), evidence };
}
