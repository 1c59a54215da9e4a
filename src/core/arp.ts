// The handbook's ARP lesson, as an experiment: from the client, forget the VIP's MAC, ask
// for it again (one ping makes the kernel broadcast "who-has VIP"), and list every MAC that
// answers. With the real servers' arp_ignore=1 / arp_announce=2 only the director answers;
// with them back at 0, a real server answers too and may win the client's neighbour table,
// so the client would bypass the director.
import * as l10n from '@vscode/l10n';

const MARK = '@@lvslab';

// Fixed text: the VIP and the device arrive as positional arguments. tcpdump is started and
// waited for ("listening on" on stderr) before the ping, and stopped once the replies are in.
const SCRIPT = `vip=$1 dev=$2 d=$(mktemp -d)
ip neigh flush to "$vip" dev "$dev" 2>/dev/null
tcpdump -e -n -tt -l -i "$dev" arp and host "$vip" > "$d/out" 2> "$d/err" &
t=$!
i=0; while ! grep -q listening "$d/err" 2>/dev/null && [ $i -lt 50 ]; do sleep 0.1; i=$((i+1)); done
ping -c 1 -W 1 "$vip" > /dev/null 2>&1; echo "ping=$?"
sleep 0.5
kill "$t"; wait "$t" 2>/dev/null
echo ${MARK} capture; cat "$d/out"; echo ${MARK} neigh; ip neigh show to "$vip" dev "$dev"; rm -rf "$d"`;

/** The experiment, run on the client: `dev` is its interface on the VIP's network. */
export function arpExperimentArgv(vip: string, dev: string): string[] {
  return ['sh', '-c', SCRIPT, 'lvslab-arp', vip, dev];
}

export interface ArpAnswer {
  mac: string;
  /** The node that owns the MAC, when known. */
  node: string | null;
}

export interface ArpResult {
  /** "who-has VIP" requests the client sent. */
  requests: number;
  /** Every MAC that answered, first answer first. */
  answers: ArpAnswer[];
  /** The MAC the client's neighbour table holds for the VIP afterwards (the one it sends to). */
  neighbour: ArpAnswer | null;
  /** The ping to the VIP got its answer. */
  pingOk: boolean;
}

const REQUEST = /\bRequest who-has (\S+) tell /;
const REPLY = /\bReply (\S+) is-at ([0-9a-f]{2}(?::[0-9a-f]{2}){5})\b/i;
const NEIGH = /\blladdr ([0-9a-f]{2}(?::[0-9a-f]{2}){5})\b/i;

/** What the experiment printed; `macs` names each node's MACs (MAC -> node). */
export function parseArpExperiment(stdout: string, vip: string, macs: ReadonlyMap<string, string>): ArpResult {
  const section = (name: string) => {
    const start = stdout.indexOf(`${MARK} ${name}\n`);
    if (start < 0) throw new Error(l10n.t('the ARP experiment printed no "{0}" section: {1}', name, stdout.trim().slice(0, 200) || l10n.t('nothing')));
    const from = start + MARK.length + name.length + 2;
    const end = stdout.indexOf(`${MARK} `, from);
    return stdout.slice(from, end < 0 ? undefined : end).split('\n');
  };
  const named = (mac: string): ArpAnswer => ({ mac: mac.toLowerCase(), node: macs.get(mac.toLowerCase()) ?? null });
  const answers: ArpAnswer[] = [];
  let requests = 0;
  for (const line of section('capture')) {
    if (REQUEST.exec(line)?.[1] === vip) requests++;
    const reply = REPLY.exec(line);
    if (reply && reply[1] === vip && !answers.some((a) => a.mac === reply[2].toLowerCase())) answers.push(named(reply[2]));
  }
  const neigh = section('neigh')
    .map((l) => NEIGH.exec(l)?.[1])
    .find(Boolean);
  return { requests, answers, neighbour: neigh ? named(neigh) : null, pingOk: /^ping=0$/m.test(stdout) };
}
