// A node's baseline: the state the steps change (addresses, routes, links, the sysctls the
// labs touch, the IPVS table, listening TCP sockets, the files httpd serves), dumped right
// after the container starts (first in its first batch) and kept in the container itself. Reset undoes the
// steps in place from it (one exec per node), dumps the state again and compares: equal
// means the node is as it was created; anything else means it must be recreated.
//
// The scripts are fixed text: no lab or user value is pasted into them. What they act on
// comes from the node's own kernel (its `ip` output), read back inside the same script.
import * as l10n from '@vscode/l10n';
import type { BatchItem } from './batch';
import { CHANGES_DIR } from './labChanges';
import { KEEPALIVED, STOP_KEEPALIVED_SCRIPT } from './health';

/** Where a node keeps its baseline and the originals of the files the steps overwrite. */
export const BASELINE_DIR = '/var/lib/lvslab';
export const BASELINE_FILE = `${BASELINE_DIR}/baseline`;

/** The dump's sections, in order. */
export const DUMP_SECTIONS = ['link', 'addr', 'route', 'sysctl', 'ipvs', 'listen', 'file'] as const;
export type DumpSection = (typeof DUMP_SECTIONS)[number];

/** The first line of every dump: names the format, so a dump of another format is never compared. */
export const DUMP_HEADER = '# lvslab node dump v1';

/** Files a step writes: the page httpd serves (httpd step) and apache's ports (a lab on another port). */
export const STEP_FILES = ['/var/www/html/index.html', '/etc/apache2/ports.conf'] as const;

const MARK = '@@lvslab';

/** Files the steps' httpd writes or fills, kept at the baseline and put back by the undo. */
const RESTORED_FILES = [...STEP_FILES, '/var/log/apache2/access.log', '/var/log/apache2/error.log', '/var/log/apache2/other_vhosts_access.log'];
/**
 * Directories apache makes when it starts (the node image has them already): removed by the
 * undo when they were not there at the baseline.
 */
const RUN_DIRS = ['/run/apache2', '/run/lock/apache2'];
/** What the node image keeps beside the baseline: a copy in orig.tar of each that exists, the others named in `absent`. */
export const SAVED_PATHS = [...RESTORED_FILES, ...RUN_DIRS];

// Processes are dear on the lab host (an emulated CPU), so each script starts as few as it can:
// `ip` reads links, addresses and routes in one batch, awk does all the shaping and sorting,
// the sysctls and listening sockets are read by awk straight from /proc, and the undo's
// network changes go to one `ip -force -batch` (links, addresses, then routes).
//
// One awk program, in two modes:
//  dump:   stdin is `@ip` (ip -o -4: links, addresses, routes), `@ipvs` (ipvsadm -Sn), `@file`
//          (sha256sum); file arguments are sysctl files and /proc/net/tcp{,6}. Prints the dump.
//  undo:   first file the baseline, then stdin `@ip` (as above) and `@tc` (tc qdisc show). Sends
//          `tc` (a command) the deletions of every qdisc a drill put on a link, prints the ip
//          batch that brings links up/down, addresses and routes back as in the baseline, and
//          writes back each sysctl whose value differs from the baseline's (under `sysroot`,
//          /proc/sys unless set). Routes are compared before the addresses change: a route
//          the kernel drops or adds with an address then fails harmlessly under `ip -force`,
//          and the dump after the undo shows what did not come back.
//
// Every section of the dump is sorted (C locale), free of counters, ifindexes and timestamps,
// so two dumps of the same state are byte-equal:
//  link:   name, flags, mtu, link type
//  addr:   device, address/prefix, then brd/scope/flags/label (no lifetimes)
//  route:  every IPv4 table but `local` (the kernel derives it from the addresses)
//  sysctl: ip_forward, arp_ignore/arp_announce/rp_filter of every conf entry (all, default,
//          each device), IPVS's expire_nodest_conn (the undo flips it), as path=value
//  ipvs:   `ipvsadm -Sn`: the rules, never the connections or counters (nothing, unrun, when there is no service)
//  listen: listening TCP addresses, less Docker's DNS resolver on 127.0.0.11, whose port
//          Docker picks anew each time the container starts
//  file:   sha256 of the files a step writes, or that it is absent
export const UNDO_AWK = String.raw`
function hex(s,   i, v) { v = 0; s = toupper(s); for (i = 1; i <= length(s); i++) v = v * 16 + index("0123456789ABCDEF", substr(s, i, 1)) - 1; return v }
function add(sec, line) { n[sec]++; L[sec, n[sec]] = line }
function badd(sec, line) { bn[sec]++; B[sec, bn[sec]] = line; inb[sec, line] = 1 }
function v4(h) { return hex(substr(h, 7, 2)) "." hex(substr(h, 5, 2)) "." hex(substr(h, 3, 2)) "." hex(substr(h, 1, 2)) }
function v6(h,   i, w, out) {
  out = ""
  for (i = 0; i < 4; i++) {
    w = substr(h, i * 8 + 1, 8); w = substr(w, 7, 2) substr(w, 5, 2) substr(w, 3, 2) substr(w, 1, 2)
    out = out (i ? ":" : "") sprintf("%x:%x", hex(substr(w, 1, 4)), hex(substr(w, 5, 4)))
  }
  return out == "0:0:0:0:0:0:0:0" ? "::" : out
}
function ipline(   name, line, i) {
  if ($0 ~ /^[0-9]+: [^ ]+: </) {
    gsub(/\\/, " "); name = $2; sub(/:$/, "", name); sub(/@.*/, "", name); line = name " " $3
    for (i = 4; i < NF; i++) if ($i == "mtu") line = line " mtu " $(i + 1)
    for (i = 4; i <= NF; i++) if ($i ~ /^link\//) line = line " " $i
    add("link", line)
  } else if ($3 == "inet") {
    sub(/\\.*$/, ""); line = $2; for (i = 4; i <= NF; i++) line = line " " $i
    add("addr", line)
  } else if ($0 !~ / table local / && NF > 0) {
    sub(/ +$/, ""); add("route", $0)
  }
}
function sorted(sec,   i, j, t, m) {
  m = 0
  for (i = 1; i <= n[sec]; i++) { t = L[sec, i]; for (j = m; j > 0 && S[j] > t; j--) S[j + 1] = S[j]; S[j + 1] = t; m++ }
  return m
}
function up(flags) { return flags ~ /[<,]UP[,>]/ }
function plain(r) { sub(/ linkdown/, "", r); sub(/ dead/, "", r); return r }
BEGIN { split("link addr route sysctl ipvs listen file", order, " "); if (sysroot == "") sysroot = "/proc/sys" }
mode != "dump" && FILENAME != "-" {
  if ($0 ~ /^\[[a-z]+\]$/) { bsec = substr($0, 2, length($0) - 2); next }
  if (bsec != "") badd(bsec, $0)
  next
}
FILENAME == "-" {
  if ($0 ~ /^@/) { part = substr($0, 2); next }
  if (part == "tc") {
    if ($2 == "ingress") print "qdisc del dev " $5 " ingress" | tc
    else if ($2 != "noqueue" && / root /) print "qdisc del dev " $5 " root" | tc
  } else if (part == "ip") ipline()
  else if (part == "ipvs") add("ipvs", $0)
  else if (part == "file") {
    if ($0 ~ /^sha256sum: /) { p = $0; sub(/^sha256sum: /, "", p); sub(/: [^:]*$/, "", p); add("file", p " absent") }
    else add("file", $2 " " $1)
  }
  next
}
FILENAME == "/proc/net/tcp" || FILENAME == "/proc/net/tcp6" {
  if (FNR > 1 && $4 == "0A") {
    split($2, a, ":"); t = (length(a[1]) == 8 ? v4(a[1]) : "[" v6(a[1]) "]") ":" hex(a[2])
    if (t !~ /^127\.0\.0\.11:/ && !((t) in seen)) { seen[t] = 1; add("listen", t) }
  }
  next
}
{ p = FILENAME; sub(/^\/proc\/sys\//, "", p); add("sysctl", p "=" $0) }
END {
  if (mode == "dump") {
    print "${DUMP_HEADER}"
    for (k = 1; k <= 7; k++) { print "[" order[k] "]"; m = sorted(order[k]); for (i = 1; i <= m; i++) print S[i] }
  } else if (mode == "undo") {
    for (i = 1; i <= n["link"]; i++) {
      split(L["link", i], f, " "); now[f[1]] = up(f[2])
    }
    for (i = 1; i <= bn["link"]; i++) {
      split(B["link", i], f, " ")
      if ((f[1] in now) && now[f[1]] != up(f[2])) print "link set dev " f[1] " " (up(f[2]) ? "up" : "down")
    }
    for (i = 1; i <= n["addr"]; i++) { split(L["addr", i], f, " "); addr[L["addr", i]] = 1; if (!(("addr", L["addr", i]) in inb)) print "addr del " f[2] " dev " f[1] }
    for (i = 1; i <= bn["addr"]; i++) {
      if (B["addr", i] in addr) continue
      c = split(B["addr", i], f, " "); args = "addr add " f[2] " dev " f[1]
      for (j = 3; j < c; j++) if (f[j] == "brd" || f[j] == "scope" || f[j] == "peer") { args = args " " f[j] " " f[j + 1]; j++ }
      if (c > 2) args = args " label " f[c]
      print args
    }
    for (i = 1; i <= n["route"]; i++) { route[L["route", i]] = 1; if (!(("route", L["route", i]) in inb)) print "route del " plain(L["route", i]) }
    for (i = 1; i <= bn["route"]; i++) if (!(B["route", i] in route)) print "route add " plain(B["route", i])
    for (i = 1; i <= bn["sysctl"]; i++) {
      e = index(B["sysctl", i], "="); v = substr(B["sysctl", i], e + 1); path = sysroot "/" substr(B["sysctl", i], 1, e - 1)
      cur = ""; got = (getline cur < path); close(path)
      if (got > 0 && cur != v) { print v > path; close(path) }
    }
  }
}
`;

// Runs the dump's readers into the awk program; the sysctl files that exist are its arguments.
const DUMP_FUNCTION = String.raw`
lvslab_dump() {
  set --
  set +f
  for f in /proc/sys/net/ipv4/ip_forward /proc/sys/net/ipv4/vs/expire_nodest_conn /proc/sys/net/ipv4/conf/*/arp_ignore \
    /proc/sys/net/ipv4/conf/*/arp_announce /proc/sys/net/ipv4/conf/*/rp_filter /proc/net/tcp /proc/net/tcp6; do
    [ -r "$f" ] && set -- "$@" "$f"
  done
  set -f
  {
    echo @ip; printf 'link show\naddr show\nroute show table all\n' | ip -o -4 -batch -
    echo @ipvs; lvslab_ipvs_lines; [ $n -eq 3 ] || ipvsadm -Sn 2>&1
    echo @file; sha256sum ${STEP_FILES.join(' ')} 2>&1
  } | awk -v mode=dump "$AWK" - "$@"
}
lvslab_print() { while IFS= read -r l; do printf '%s\n' "$l"; done < "$1"; }
# n: the lines of /proc/net/ip_vs, read without a process; 3 (its header) means no service,
# so nothing for ipvsadm to show or clear; 0 when there is no such file (no IPVS yet).
lvslab_ipvs_lines() { n=0; if [ -r /proc/net/ip_vs ]; then while read -r l; do n=$((n + 1)); done < /proc/net/ip_vs; fi; }
`;

const PRELUDE = String.raw`set -u
set -f
export LC_ALL=C
umask 022
D=${BASELINE_DIR}
AWK='${UNDO_AWK.replace(/'/g, `'\\''`)}'
`;

/** The longest the baseline dump of a new node may take (a few seconds on an emulated CPU). */
const BASELINE_TIMEOUT_MS = 30_000;

/** A new node's baseline as a batch item: the first of its first batch, where it saves an exec. */
export function baselineItem(): BatchItem {
  return { argv: baselineArgv(), timeoutMs: BASELINE_TIMEOUT_MS };
}

/**
 * Runs once, right after the container starts: writes the dump to the baseline file and prints it.
 * The copies of the files the steps write (SAVED_PATHS) are in the node image, the same for each of its
 * containers, and every node runs that image.
 */
export function baselineArgv(): string[] {
  const script = String.raw`${PRELUDE}${DUMP_FUNCTION}
[ -d "$D" ] || mkdir -p "$D"
# Written in place: a baseline cut short lacks sections or lines, so reset recreates the node.
lvslab_dump > "$D/baseline" && lvslab_print "$D/baseline"
`;
  return ['sh', '-c', script, 'lvslab-baseline'];
}

/** The node's state now, as a dump (read only). */
export function dumpArgv(): string[] {
  return ['sh', '-c', `${PRELUDE}${DUMP_FUNCTION}\nlvslab_dump\n`, 'lvslab-dump'];
}

/**
 * Undoes the steps in place from the node's baseline, then prints the baseline and a new
 * dump for the caller to compare. Exits 3 (printing only a marker) when there is no baseline.
 * Order: IPVS rules (connections expire with their destinations), httpd stopped and its
 * files restored, then the links' qdiscs, links, addresses, routes and sysctls as in the baseline.
 */
export function undoArgv(): string[] {
  const script = String.raw`${PRELUDE}${DUMP_FUNCTION}
first=''
if [ -r "$D/baseline" ]; then read -r first < "$D/baseline"; fi
if [ "$first" != '${DUMP_HEADER}' ]; then echo '${MARK} no-baseline'; exit 3; fi

# keepalived (the health-check option) first, so nothing puts a real server back; -I leaves the table.
${STOP_KEEPALIVED_SCRIPT}
[ ! -e ${KEEPALIVED.dir} ] || rm -rf ${KEEPALIVED.dir}
# IPVS: with expire_nodest_conn set, deleting the destinations also expires their connections.
# (A node with no service skips ipvsadm.)
if [ -w /proc/sys/net/ipv4/vs/expire_nodest_conn ]; then echo 1 > /proc/sys/net/ipv4/vs/expire_nodest_conn; fi
lvslab_ipvs_lines
[ $n -le 3 ] || ipvsadm -C 2>/dev/null
# Live changes recorded on the director (labChanges.ts): the lab file holds again.
[ ! -e ${CHANGES_DIR} ] || rm -rf ${CHANGES_DIR}

# httpd stopped: apache removes its pid file once it has let go of its port. (PID 1 is sleep,
# which reaps nobody, so the stopped parent lingers as a zombie: its pid says nothing.)
P=/run/apache2/apache2.pid
if [ -r "$P" ]; then
  pid=''
  read -r pid < "$P"
  if [ -n "$pid" ] && kill -TERM "$pid" 2>/dev/null; then
    i=0
    while [ -e "$P" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
  fi
fi
# The files it wrote or filled as they were (unpacked only when one is newer than the copy, or
# gone); what was absent removed again.
A=' '
if [ -f "$D/absent" ]; then while read -r f; do A="$A$f "; if [ -e "$f" ]; then rm -rf "$f"; fi; done < "$D/absent"; fi
changed=0
for f in ${RESTORED_FILES.join(' ')}; do
  case "$A" in *" $f "*) continue ;; esac
  if [ ! -e "$f" ] || [ "$f" -nt "$D/orig.tar" ]; then changed=1; fi
done
if [ -f "$D/orig.tar" ] && [ $changed -eq 1 ]; then tar -xpf "$D/orig.tar" -C /; fi

# One read of the links, addresses, routes and qdiscs; one awk deletes what tc put on the links
# (the failure drills, drills.ts), puts the sysctls back (written only where they differ; one
# that cannot be read or written stays, and the dump after says so) and prints the ip batch for
# links, addresses and routes (run only when there is something to change).
c=$({ echo @ip; printf 'link show\naddr show\nroute show table all\n' | ip -o -4 -batch -; echo @tc; tc qdisc show; } |
  awk -v mode=undo -v tc='tc -force -batch - >/dev/null 2>&1' "$AWK" "$D/baseline" -)
[ -z "$c" ] || printf '%s\n' "$c" | ip -force -batch - > /dev/null

echo '${MARK} baseline'
lvslab_print "$D/baseline"
echo '${MARK} after'
lvslab_dump
echo '${MARK} end'
`;
  return ['sh', '-c', script, 'lvslab-undo'];
}

/** A dump cut into its sections, each a sorted list of lines. */
export type NodeDump = Record<DumpSection, string[]>;

/** Parses a dump; throws when it is not one (no header, an unknown or a missing section). */
export function parseDump(text: string): NodeDump {
  const lines = text.replace(/\r\n/g, '\n').split('\n');
  if (lines[0]?.trim() !== DUMP_HEADER) throw new Error(`not a node dump (its first line is "${lines[0]?.slice(0, 60) ?? ''}")`);
  const dump: Partial<NodeDump> = {};
  let current: string[] | undefined;
  for (const raw of lines.slice(1)) {
    const line = raw.replace(/\s+/g, ' ').trim();
    if (!line) continue;
    const head = /^\[(\w+)\]$/.exec(line);
    if (head) {
      const name = head[1] as DumpSection;
      if (!DUMP_SECTIONS.includes(name)) throw new Error(`unknown section [${head[1]}] in the node dump`);
      if (dump[name]) throw new Error(`section [${name}] twice in the node dump`);
      current = dump[name] = [];
    } else if (!current) {
      throw new Error(`a line before any section in the node dump: "${line.slice(0, 60)}"`);
    } else {
      current.push(line);
    }
  }
  const missing = DUMP_SECTIONS.filter((s) => !dump[s]);
  if (missing.length) throw new Error(`the node dump has no section ${missing.map((s) => `[${s}]`).join(', ')}`);
  for (const s of DUMP_SECTIONS) dump[s] = [...new Set(dump[s])].sort(byCodeUnit);
  return dump as NodeDump;
}

/** The dump's canonical text: byte-equal for equal states, whatever order or spacing it was printed in. */
export function formatDump(dump: NodeDump): string {
  return [DUMP_HEADER, ...DUMP_SECTIONS.flatMap((s) => [`[${s}]`, ...dump[s]])].join('\n') + '\n';
}

/** Parses and re-formats a dump. */
export function normalizeDump(text: string): string {
  return formatDump(parseDump(text));
}

export interface DumpDifference {
  section: DumpSection;
  /** Only in the baseline (`missing`), or only now (`extra`). */
  kind: 'missing' | 'extra';
  line: string;
}

/** Every line in one dump and not the other, section by section; empty when the states are equal. */
export function compareDumps(baseline: NodeDump, now: NodeDump): DumpDifference[] {
  return DUMP_SECTIONS.flatMap((section) => {
    const b = new Set(baseline[section]);
    const n = new Set(now[section]);
    return [
      ...baseline[section].filter((l) => !n.has(l)).map((line) => ({ section, kind: 'missing' as const, line })),
      ...now[section].filter((l) => !b.has(l)).map((line) => ({ section, kind: 'extra' as const, line })),
    ];
  });
}

/** The differences in a few words, e.g. `link dummy0 added; route 10.9.0.0/24 dev eth0 added`. */
export function describeDifferences(diffs: DumpDifference[], max = 4): string {
  const words = diffs.map((d) => `${d.section} ${d.line} ${d.kind === 'extra' ? 'added' : 'gone'}`);
  return words.length <= max ? words.join('; ') : `${words.slice(0, max).join('; ')}; and ${words.length - max} more`;
}

/** What an undo exec found. */
export type UndoOutcome =
  | { kind: 'restored'; baseline: NodeDump; after: NodeDump }
  | { kind: 'differs'; baseline: NodeDump; after: NodeDump; differences: DumpDifference[]; reason: string }
  | { kind: 'no-baseline'; reason: string }
  | { kind: 'failed'; reason: string };

/** Judges the undo script's output: restored only when the new dump equals the baseline. */
export function judgeUndo(r: { stdout: string; stderr: string; exitCode: number }): UndoOutcome {
  if (r.exitCode === 3 && r.stdout.includes(`${MARK} no-baseline`)) return { kind: 'no-baseline', reason: l10n.t('no baseline on the node') };
  const parts = cutMarked(r.stdout);
  if (r.exitCode !== 0 || !parts) {
    const why = (r.stderr || r.stdout).trim().split('\n').slice(-3).join(' ') || 'no output';
    return { kind: 'failed', reason: l10n.t('the undo script exited {0}: {1}', r.exitCode, why.slice(0, 200)) };
  }
  let baseline: NodeDump;
  let after: NodeDump;
  try {
    baseline = parseDump(parts.baseline);
    after = parseDump(parts.after);
  } catch (e) {
    return { kind: 'failed', reason: e instanceof Error ? e.message : String(e) };
  }
  const differences = compareDumps(baseline, after);
  if (differences.length === 0) return { kind: 'restored', baseline, after };
  return { kind: 'differs', baseline, after, differences, reason: describeDifferences(differences) };
}

function cutMarked(stdout: string): { baseline: string; after: string } | undefined {
  const m = new RegExp(`^${MARK} baseline\\n([\\s\\S]*?)^${MARK} after\\n([\\s\\S]*?)^${MARK} end$`, 'm').exec(stdout.replace(/\r\n/g, '\n'));
  return m ? { baseline: m[1], after: m[2] } : undefined;
}

function byCodeUnit(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
