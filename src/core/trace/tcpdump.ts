// One line of `tcpdump -e -n -tt -S` → a TCP packet, or undefined for anything else (ARP, UDP, the
// stats at the end): the caller counts what it skips. Ethernet lines carry both MACs; an IP-in-IP
// packet carries an outer header around the inner one; tunl0 (raw IP) carries no MACs at all.

export interface Packet {
  /** Seconds since the epoch, as tcpdump printed it (every container shares the lab host's clock). */
  time: number;
  srcMac?: string;
  dstMac?: string;
  /** The outer IP header of an IP-in-IP packet (TUN mode): director → real server. */
  outer?: { src: string; dst: string };
  src: string;
  srcPort: number;
  dst: string;
  dstPort: number;
  /** tcpdump's flags: S, S., ., P., F., FP., R, R. … */
  flags: string;
  /** Absolute sequence and acknowledgement numbers (`-S`): the same at every hop, so with the flags and length they name the packet. */
  seq?: number;
  ack?: number;
  /** TCP payload bytes. */
  length: number;
}

const MAC = '[0-9a-f]{2}(?::[0-9a-f]{2}){5}';
const IP = '\\d{1,3}(?:\\.\\d{1,3}){3}';
const TIME = /^(\d+\.\d+) /;
const ETHER = new RegExp(`^(${MAC}) > (${MAC}), ethertype IPv4 \\(0x0800\\), length \\d+: `);
// An IP-in-IP outer header: "a > b: " followed by the inner packet (tcpdump may prefix either with "IP ").
const OUTER = new RegExp(`^(?:IP )?(${IP}) > (${IP}): (?=(?:IP )?${IP}\\.\\d+ > )`);
const TCP = new RegExp(`^(?:IP )?(${IP})\\.(\\d+) > (${IP})\\.(\\d+): Flags \\[([^\\]]+)\\](.*)$`);

/** The TCP packet on this line, or undefined when the line is not one. */
export function parseTcpdumpLine(line: string): Packet | undefined {
  const t = TIME.exec(line);
  if (!t) return undefined;
  let rest = line.slice(t[0].length);
  // Raw-IP interfaces (tunl0) print "ip: " for the link layer with -e.
  if (rest.startsWith('ip: ')) rest = rest.slice(4);
  const ether = ETHER.exec(rest);
  if (ether) rest = rest.slice(ether[0].length);
  else if (new RegExp(`^${MAC} > `).test(rest)) return undefined; // another ethertype (ARP, IPv6)
  const outer = OUTER.exec(rest);
  if (outer) rest = rest.slice(outer[0].length);
  const tcp = TCP.exec(rest);
  if (!tcp) return undefined;
  const tail = tcp[6];
  const seq = /, seq (\d+)/.exec(tail);
  const length = /, length (\d+)/.exec(tail);
  if (!length) return undefined;
  // A pure ACK prints no "seq", only its "ack".
  const ack = /, ack (\d+)/.exec(tail);
  if (!seq && !ack) return undefined;
  return {
    time: Number(t[1]),
    ...(ether ? { srcMac: ether[1], dstMac: ether[2] } : {}),
    ...(outer ? { outer: { src: outer[1], dst: outer[2] } } : {}),
    src: tcp[1],
    srcPort: Number(tcp[2]),
    dst: tcp[3],
    dstPort: Number(tcp[4]),
    flags: tcp[5],
    ...(seq ? { seq: Number(seq[1]) } : {}),
    ...(ack ? { ack: Number(ack[1]) } : {}),
    length: Number(length[1]),
  };
}
