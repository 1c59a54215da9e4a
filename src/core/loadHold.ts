// Long-held connections, so lc, wlc, sed and nq have something to count: K connections opened through the VIP
// from the client before the requests, kept open while they run (the director shows them as ActiveConn), and
// ended after. Also the one exec that ends a run on the client.

/**
 * apache closes a connection that sends no request within mod_reqtimeout's 20 s (40 s at most however slowly it
 * trickles a header), and a kept-alive one after KeepAliveTimeout (5 s) without one. So each hold sends a whole
 * request at once, then one every HOLD_REQUEST_EVERY_S seconds on the same connection: it stays one connection to
 * one real server. apache ends it after MaxKeepAliveRequests (100), about 5 minutes: holds outlive any test that long.
 */
export const HOLD_REQUEST_EVERY_S = 3;

// User values arrive only as positional arguments. Lines out: "held <i> <first line of the page>", then "ready";
// "failed <i>" when a connection cannot be opened. Ends when the flag file is removed or `life` seconds pass.
const HOLD_SCRIPT = `trap '' PIPE
n=$1 host=$2 port=$3 life=$4 flag=$5 every=$6
: > "$flag" || exit 2
req() { printf 'GET /?hold=%s HTTP/1.1\\r\\nHost: %s\\r\\n\\r\\n' "$1" "$host" >&"$2" 2>/dev/null; }
fds=()
for ((i = 1; i <= n; i++)); do
  [ -e "$flag" ] || exit 0
  if ! { exec {fd}<>"/dev/tcp/$host/$port"; } 2>/dev/null; then echo "failed $i"; exit 3; fi
  fds+=("$fd")
  req "$i" "$fd"
  while IFS= read -r -t 5 -u "$fd" line && [ -n "\${line%$'\\r'}" ]; do :; done
  body=; IFS= read -r -t 5 -u "$fd" body
  echo "held $i \${body%$'\\r'}"
done
echo ready
end=$((SECONDS + life)) t=0
while [ -e "$flag" ] && ((SECONDS < end)); do
  sleep 1
  if ((++t % every == 0)); then for fd in "\${fds[@]}"; do req k "$fd"; done; fi
done
rm -f "$flag"`;

/** The hold: `count` connections to vip:port, ended by removing `flag` or after `lifeSeconds`. */
export function holdArgv(vip: string, port: number, count: number, lifeSeconds: number, flag: string): string[] {
  return ['bash', '-c', HOLD_SCRIPT, 'lvslab-hold', String(count), vip, String(port), String(Math.ceil(lifeSeconds)), flag, String(HOLD_REQUEST_EVERY_S)];
}

export interface HoldReport {
  /** Connections the client holds open. */
  opened: number;
  /** Per real server (the page's first line), how many held connections it answered. */
  byBackend: Record<string, number>;
  /** True once every connection is open. */
  ready: boolean;
  /** The connection (1-based) that could not be opened, if any. */
  failed: number | null;
}

/** What the hold script has printed so far. */
export function parseHoldOutput(text: string): HoldReport {
  const report: HoldReport = { opened: 0, byBackend: {}, ready: false, failed: null };
  for (const line of text.split('\n')) {
    const held = /^held (\d+) ?(.*)$/.exec(line);
    if (held) {
      report.opened++;
      const name = held[2].trim() || '(no answer)';
      report.byBackend[name] = (report.byBackend[name] ?? 0) + 1;
    } else if (line === 'ready') report.ready = true;
    else if (/^failed \d+$/.test(line)) report.failed = Number(line.slice(7));
  }
  return report;
}

export interface RunFiles {
  /** The folder curl writes the pages to. */
  dir: string;
  /** The file curl's pid is kept in, to stop it when the run is stopped. */
  pidFile: string;
  /** The hold's flag file (removing it ends the hold). */
  flag: string;
}

/** curl under a wrapper that records its pid first (exec keeps it), so a stopped run can end it. */
export function withPidFile(pidFile: string, argv: readonly string[]): string[] {
  return ['sh', '-c', 'echo $$ > "$1"; shift; exec "$@"', 'sh', pidFile, ...argv];
}

/**
 * Ends a run on the client in one exec: stops curl if the run was stopped (by its recorded pid), ends the hold,
 * removes the pages and the added source addresses. Exits 1 when an address could not be removed.
 */
export function endRunArgv(files: RunFiles, stopCurl: boolean, device: string, added: readonly string[]): string[] {
  const script = [
    'p=$1 d=$2 f=$3 stop=$4 dev=$5; shift 5',
    'if [ "$stop" = 1 ] && [ -s "$p" ]; then kill "$(cat "$p")" 2>/dev/null; fi',
    'rm -f "$f" "$p"; rm -rf "$d"; r=0',
    'for a; do ip addr del "$a/32" dev "$dev" || r=1; done',
    'exit $r',
  ].join('\n');
  return ['sh', '-c', script, 'sh', files.pidFile, files.dir, files.flag, stopCurl ? '1' : '0', device, ...added];
}
