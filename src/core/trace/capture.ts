// The commands of a trace, and the parsing of what the capture prints. One exec per node lists its links
// (to name every MAC by its node), starts one tcpdump per interface (one process sees one link layer
// with both MACs; `-i any` would keep only the source MAC), says when all listen, and prints their output
// once they are stopped (by `stopArgv`) or their time is up. Values arrive only as positional arguments.
import { client, director, type Lab, realServers } from '../lab';
import { parseTcpdumpLine, type Packet } from './tcpdump';

const MARK = '@@lvslab-trace';

const CAPTURE_SCRIPT = `id=$1 secs=$2 filter=$3; shift 3
dir=/tmp/lvslab-trace-$id
mkdir -p "$dir" || exit 2
trap 'rm -rf "$dir"' EXIT
echo "${MARK} links"
ip -o link show
ifs=("$@") pids=()
for i in "\${ifs[@]}"; do
  timeout "$secs" tcpdump -e -n -tt -S -l -U -p -i "$i" "$filter" >"$dir/$i.out" 2>"$dir/$i.err" &
  pids+=($!)
  echo $! >>"$dir/pids"
done
# Ready once every tcpdump listens; given up at once when one has ended (a missing interface, a bad filter).
for t in $(seq 150); do
  n=0 gone=0
  for k in "\${!ifs[@]}"; do
    if grep -q 'listening on' "$dir/\${ifs[k]}.err"; then n=$((n + 1)); elif ! kill -0 "\${pids[k]}" 2>/dev/null; then gone=1; fi
  done
  if [ "$n" -eq $# ] || [ "$gone" -eq 1 ]; then break; fi
  sleep 0.1
done
echo "${MARK} ready $n"
wait
for i; do
  echo "${MARK} iface $i"
  cat "$dir/$i.out"
  echo "${MARK} stderr $i"
  cat "$dir/$i.err"
done`;

/** The capture on one node: tcpdump on `ifaces` with `filter`, for at most `seconds`. */
export function captureArgv(id: string, seconds: number, filter: string, ifaces: readonly string[]): string[] {
  return ['bash', '-c', CAPTURE_SCRIPT, 'lvslab-trace', id, String(Math.ceil(seconds)), filter, ...ifaces];
}

/** Ends a node's capture: its tcpdumps, after `graceSeconds` for the last packets in flight. */
export function stopArgv(id: string, graceSeconds: number): string[] {
  return ['sh', '-c', 'f=/tmp/lvslab-trace-$1/pids; sleep "$2"; [ -s "$f" ] && kill $(cat "$f") 2>/dev/null; exit 0', 'sh', id, String(graceSeconds)];
}

/** True once the capture's output says every tcpdump listens; `false` when one does not; undefined before. */
export function captureReady(stdout: string, ifaces: number): boolean | undefined {
  const m = new RegExp(`^${MARK} ready (\\d+)$`, 'm').exec(stdout);
  return m ? Number(m[1]) === ifaces : undefined;
}

/** What one node is traced on, and the tcpdump filter: the client's connections to the service, and (TUN) the tunnel's packets. */
export interface CapturePlan {
  node: string;
  ifaces: string[];
  filter: string;
}

export function capturePlans(lab: Lab): CapturePlan[] {
  const c = Object.values(client(lab).addresses)[0];
  const d = director(lab);
  const tcp = `tcp port ${lab.service.port} and host ${c}`;
  const tunnel =
    lab.mode === 'tun'
      ? ` or (ip proto 4 and (${Object.values(d.addresses)
          .map((a) => `host ${a}`)
          .join(' or ')}))`
      : '';
  const ethers = (addresses: Record<string, string>) => Object.keys(addresses).map((_, i) => `eth${i}`);
  return [client(lab), d, ...realServers(lab)].map((n) => ({
    node: n.name,
    ifaces: [...ethers(n.addresses), ...(lab.mode === 'tun' && n.role === 'real' ? ['tunl0'] : [])],
    filter: `(${tcp})${tunnel}`,
  }));
}

/** A node's link: its name and MAC (none for tunl0). */
export interface Link {
  name: string;
  mac?: string;
}

export interface Capture {
  links: Link[];
  /** The packets each interface saw, in order. */
  packets: Record<string, Packet[]>;
  /** Lines tcpdump printed that are not a TCP packet of IPv4 (ARP, IPv6, cut lines), per interface. */
  skipped: Record<string, number>;
  /** tcpdump's own messages per interface (listening on …, packets captured). */
  stderr: Record<string, string>;
}

/** One node's capture output, as `captureArgv` prints it. */
export function parseCapture(stdout: string): Capture {
  const capture: Capture = { links: [], packets: {}, skipped: {}, stderr: {} };
  let section: 'links' | 'iface' | 'stderr' | 'none' = 'none';
  let iface = '';
  for (const line of stdout.split('\n')) {
    if (line.startsWith(`${MARK} `)) {
      const [what, name = ''] = line.slice(MARK.length + 1).split(' ');
      section = what === 'links' || what === 'iface' || what === 'stderr' ? what : 'none';
      iface = name;
      if (section === 'iface') {
        capture.packets[iface] = [];
        capture.skipped[iface] = 0;
      }
      if (section === 'stderr') capture.stderr[iface] = '';
      continue;
    }
    if (section === 'links') {
      const link = parseLinkLine(line);
      if (link) capture.links.push(link);
    } else if (section === 'iface' && line.trim()) {
      const p = parseTcpdumpLine(line);
      if (p) capture.packets[iface].push(p);
      else capture.skipped[iface]++;
    } else if (section === 'stderr' && line.trim()) {
      capture.stderr[iface] += `${line}\n`;
    }
  }
  return capture;
}

/** `2: eth0@if9: <…> mtu 1500 … link/ether 02:42:c0:a8:96:0a brd …` → eth0 and its MAC. */
function parseLinkLine(line: string): Link | undefined {
  const m = /^\d+: ([^:@\s]+)(?:@[^:\s]+)?: /.exec(line);
  if (!m) return undefined;
  const mac = /link\/ether ([0-9a-f:]{17})/.exec(line);
  return { name: m[1], ...(mac ? { mac: mac[1] } : {}) };
}
