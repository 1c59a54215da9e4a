// "The director only forwards" (issue 11): a few large downloads through the VIP while the director's and
// the real servers' sockets are read, and the director's IPVS byte counters before and after. The director
// holds no socket on the service's port (it never handshakes: L4), the real servers hold the connections;
// in DR and TUN it carries only what the client sends, in NAT the responses too.
import * as l10n from '@vscode/l10n';
import { FORWARD_NAME, director, realServers, type Lab, type Mode } from './lab';
import type { IpvsConn, IpvsStats, NetstatSocket } from './parsers';
import type { ServiceView } from './serviceView';

/** The file the real servers serve for it, created for the run and removed after. */
export const L4_FILE = '/var/www/html/lvslab-l4.bin';
const L4_PATH = '/lvslab-l4.bin';

/** The one definition of the experiment's defaults and bounds. */
export const L4_DEFAULTS = { sizeBytes: 4 * 1024 * 1024, downloads: 4, seconds: 5 } as const;
export const L4_LIMITS = { maxSizeBytes: 256 * 1024 * 1024, maxDownloads: 16 } as const;

const UNITS: Record<string, number> = { '': 1, K: 1024, M: 1024 ** 2, G: 1024 ** 3 };

/** "4M", "512K", "1048576" → bytes (K, M, G are powers of 1024, as curl and dd read them). */
export function parseSize(text: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*([KMG]?)i?B?$/i.exec(text.trim());
  const bytes = m ? Math.round(Number(m[1]) * UNITS[m[2].toUpperCase()]) : NaN;
  if (!(bytes >= 1 && bytes <= L4_LIMITS.maxSizeBytes))
    throw new Error(l10n.t('the size must be from 1 byte to {0}M, e.g. 4M; got "{1}"', L4_LIMITS.maxSizeBytes / 1024 ** 2, text));
  return bytes;
}

export function checkDownloads(n: number): number {
  if (!Number.isInteger(n) || n < 1 || n > L4_LIMITS.maxDownloads)
    throw new Error(l10n.t('downloads must be a whole number from 1 to {0}', L4_LIMITS.maxDownloads));
  return n;
}

/** Writes the file atomically (zeros: httpd serves it as is, application/octet-stream). */
export function createFileArgv(sizeBytes: number): string[] {
  return ['sh', '-c', 'head -c "$1" /dev/zero > "$2.tmp" && mv "$2.tmp" "$2"', 'lvslab-l4', String(sizeBytes), L4_FILE];
}

export function removeFileArgv(): string[] {
  return ['rm', '-f', L4_FILE, `${L4_FILE}.tmp`];
}

const WRITE_OUT = 'lvslab-l4\\t%{http_code}\\t%{size_download}\\t%{time_total}\\t%{exitcode}\\t%{errormsg}\\n';

/** The slow reader's chunk: the client's receive window then stays small, so the transfer keeps its pace. */
const CHUNK = 256 * 1024;

/**
 * The downloads, all at once, each its own curl on its own connection, read by a slow reader (a chunk, a pause)
 * so each lasts about `seconds` and the sockets read while they run catch the connections open (a 4 MB transfer
 * would otherwise end between two reads). curl 7.88 ignores its own --limit-rate here. Its write-out goes to
 * stderr, into a file per download (curls writing one stream at once interleave), printed once all are done.
 */
export function downloadArgv(vip: string, port: number, downloads: number, sizeBytes: number, seconds: number): string[] {
  const chunks = Math.max(1, Math.ceil(sizeBytes / CHUNK));
  const pause = (seconds / chunks).toFixed(3);
  const url = `http://${vip}:${port}${L4_PATH}`;
  const reader = 'j=0; while [ $j -lt "$chunks" ]; do head -c ' + CHUNK + ' > /dev/null; sleep "$pause"; j=$((j+1)); done; cat > /dev/null';
  const script =
    'n=$1 chunks=$2 pause=$3 max=$4 url=$5; d=$(mktemp -d); i=0; while [ $i -lt "$n" ]; do i=$((i+1)); ' +
    `( curl --silent --max-time "$max" --write-out '%{stderr}${WRITE_OUT}' "$url?n=$i" 2>"$d/$i" | { ${reader}; } ) & done; wait; cat "$d"/*; rm -rf "$d"`;
  return ['sh', '-c', script, 'lvslab-l4', String(checkDownloads(downloads)), String(chunks), pause, String(seconds * 4 + 30), url];
}

export interface Download {
  status: number;
  bytes: number;
  seconds: number;
  exitCode: number;
  error: string;
}

export function parseDownloads(stdout: string): Download[] {
  return stdout
    .split('\n')
    .filter((l) => l.startsWith('lvslab-l4\t'))
    .map((l) => {
      const [, status, bytes, seconds, exitCode, error = ''] = l.split('\t');
      return { status: Number(status), bytes: Number(bytes), seconds: Number(seconds), exitCode: Number(exitCode), error: error.trim() };
    });
}

export interface L4Input {
  lab: Lab;
  sizeBytes: number;
  downloads: Download[];
  /** The director's service before and after (its --stats --exact counters). */
  before: ServiceView;
  after: ServiceView;
  /** Read while the downloads ran. */
  directorSockets: NetstatSocket[];
  directorEntries: IpvsConn[];
  realSockets: Record<string, NetstatSocket[]>;
}

export interface L4Lesson {
  mode: Mode;
  vip: string;
  port: number;
  director: string;
  sizeBytes: number;
  downloads: { requested: number; ok: number; bytes: number };
  during: {
    /** The director's sockets on the service's port (none: it never handshakes). */
    directorSockets: NetstatSocket[];
    /** The director's IPVS entries for the service, ESTABLISHED ones: it knows the connections without holding them. */
    directorEstablished: number;
    /** Each real server's open connections on the service's port (ESTABLISHED, or FIN_WAIT1 while its last data drains). */
    realServers: { node: string; sockets: NetstatSocket[] }[];
  };
  /** The director's counters for the service: after minus before. */
  counters: IpvsStats;
  lesson: { claim: string; confirmed: boolean; evidence: string[] };
}

const onPort = (s: NetstatSocket, port: number) => s.local.port === port || s.foreign.port === port;
/** States of a connection still open: apache may have written the whole file and closed while the data still drains. */
const GONE = new Set(['LISTEN', 'TIME_WAIT', 'CLOSE']);

/** A real server's connections on the service's port that are still open. */
export function openConnections(sockets: readonly NetstatSocket[], port: number): NetstatSocket[] {
  return sockets.filter((s) => s.local.port === port && s.foreign.port !== null && s.state !== null && !GONE.has(s.state));
}
const mb = (n: number) => `${(n / 1024 ** 2).toFixed(2)} MB`;

/** The lab's virtual service among the director's, as `ipvsadm -Ln` keys it. */
export function serviceKey(lab: Lab): string {
  return `TCP ${lab.service.vip}:${lab.service.port}`;
}

export function buildL4(input: L4Input): L4Lesson {
  const { lab, before, after } = input;
  const port = lab.service.port;
  const d = director(lab).name;
  const zero: IpvsStats = { conns: 0, inPkts: 0, outPkts: 0, inBytes: 0, outBytes: 0 };
  const a = after.stats ?? zero;
  const b = before.stats ?? zero;
  const counters: IpvsStats = {
    conns: a.conns - b.conns,
    inPkts: a.inPkts - b.inPkts,
    outPkts: a.outPkts - b.outPkts,
    inBytes: a.inBytes - b.inBytes,
    outBytes: a.outBytes - b.outBytes,
  };
  const ok = input.downloads.filter((x) => x.exitCode === 0 && x.status === 200 && x.bytes === input.sizeBytes);
  const bytes = ok.reduce((n, x) => n + x.bytes, 0);
  const directorSockets = input.directorSockets.filter((s) => onPort(s, port));
  const directorEstablished = input.directorEntries.filter(
    (c) => c.virtual.ip === lab.service.vip && c.virtual.port === port && c.state === 'ESTABLISHED',
  ).length;
  const reals = realServers(lab).map((n) => ({
    node: n.name,
    sockets: openConnections(input.realSockets[n.name] ?? [], port),
  }));
  const held = reals.reduce((n, r) => n + r.sockets.length, 0);
  const evidence: string[] = [];
  const check = (ok: boolean, text: string) => (evidence.push(`${ok ? '✓' : '✗'} ${text}`), ok);
  const results = [
    check(
      ok.length === input.downloads.length && ok.length > 0,
      l10n.t('{0} of {1} downloads of {2} complete ({3} in all)', ok.length, input.downloads.length, mb(input.sizeBytes), mb(bytes)),
    ),
    check(
      directorSockets.length === 0,
      directorSockets.length === 0
        ? l10n.t(
            '{0} has no socket on port {1} while they run ({2} ESTABLISHED IPVS entries: it knows the connections, it does not hold them)',
            d,
            port,
            directorEstablished,
          )
        : l10n.t('{0} has {1} sockets on port {2}', d, directorSockets.length, port),
    ),
    check(held > 0, l10n.t('the real servers hold the connections: {0} open on port {1}', reals.map((r) => `${r.node} ${r.sockets.length}`).join(', '), port)),
  ];
  const nat = lab.mode === 'nat';
  const carried = nat
    ? check(
        counters.outBytes >= bytes && bytes > 0,
        l10n.t("{0}'s OutBytes grew by {1}: the responses ({2}) went through it", d, mb(counters.outBytes), mb(bytes)),
      )
    : check(
        bytes > 0 && counters.outBytes < bytes / 100,
        l10n.t(
          "{0}'s OutBytes grew by {1} bytes for {2} of responses: they went from the real servers straight to the client",
          d,
          counters.outBytes,
          mb(bytes),
        ),
      );
  evidence.push(`  ${l10n.t("{0}'s InBytes grew by {1} ({2} packets: the requests and the client's ACKs)", d, mb(counters.inBytes), counters.inPkts)}`);
  const claim = nat
    ? l10n.t(
        'NAT ({0}): the director only forwards — no socket, no handshake — but every response comes back through it, so it carries the downloads too.',
        FORWARD_NAME.nat,
      )
    : l10n.t(
        '{0} ({1}): the director only forwards what the client sends — no socket, no handshake — and the responses bypass it.',
        lab.mode.toUpperCase(),
        FORWARD_NAME[lab.mode],
      );
  return {
    mode: lab.mode,
    vip: lab.service.vip,
    port,
    director: d,
    sizeBytes: input.sizeBytes,
    downloads: { requested: input.downloads.length, ok: ok.length, bytes },
    during: { directorSockets, directorEstablished, realServers: reals },
    counters,
    lesson: { claim, confirmed: results.every(Boolean) && carried, evidence },
  };
}
