// The load test's commands and the parsing of what they print. It runs as curl in
// the client container: N requests, C at a time, each on a fresh connection so the
// director schedules every one (a reused connection would stick to one backend).
import * as l10n from '@vscode/l10n';
import type { RequestResult } from './loadStats';

export interface LoadTestSpec {
  vip: string;
  port: number;
  requests: number;
  concurrency: number;
  /** Per-request limit in seconds. */
  timeoutSeconds: number;
  /** Source addresses on the client side, request i from source (i - 1) mod clients; default 1 (the client's own). */
  clients?: number;
  /** Idle connections kept open to the VIP while the requests run; default 0. */
  hold?: number;
}

/** One request of a run as curl reported it: what the statistics need, plus its place in the run. */
export interface CurlResult extends RequestResult {
  index: number;
  exitCode: number;
}

/**
 * The one definition of a load test's bounds (at least 1 of each): the CLI's options, the protocol's schema
 * and the panel's form use it; package.json's settings are checked against it by test/unit/facts.test.ts.
 */
export const LOAD_LIMITS = {
  maxRequests: 100_000,
  maxConcurrency: 300,
  maxTimeoutSeconds: 600,
  maxWorstCaseSeconds: 4 * 3600,
  maxClients: 64,
  maxHold: 64,
} as const;

/** How long a load test can take when every request runs into its timeout. */
export function worstCaseSeconds(spec: Pick<LoadTestSpec, 'requests' | 'concurrency' | 'timeoutSeconds'>): number {
  return Math.ceil(spec.requests / spec.concurrency) * spec.timeoutSeconds;
}

/**
 * The one definition of a load test's defaults: the CLI's options, the extension's settings
 * (src/extension/settingsDefaults.ts, which package.json must match) and the service's timeout use it.
 * Typed as plain numbers, not literals: a setting read with this default may hold any value in LOAD_LIMITS.
 */
export const LOAD_DEFAULTS: Readonly<Required<Omit<LoadTestSpec, 'vip' | 'port'>>> = { requests: 60, concurrency: 6, timeoutSeconds: 5, clients: 1, hold: 0 };

/**
 * Tab-separated per-request line; curl prints it as each transfer ends. The request
 * number comes from the URL itself (`?req=N`): %{urlnum} counts command-line URLs,
 * not the expansions of one glob.
 */
const WRITE_OUT = '%{url_effective}\t%{http_code}\t%{time_total}\t%{exitcode}\t%{errormsg}\n';

export function validateSpec(spec: LoadTestSpec): void {
  const { requests: n, concurrency: c, timeoutSeconds: t } = spec;
  if (!Number.isInteger(n) || n < 1 || n > LOAD_LIMITS.maxRequests)
    throw new Error(l10n.t('requests must be a whole number from 1 to {0}', LOAD_LIMITS.maxRequests));
  if (!Number.isInteger(c) || c < 1 || c > LOAD_LIMITS.maxConcurrency)
    throw new Error(l10n.t('concurrency must be a whole number from 1 to {0}', LOAD_LIMITS.maxConcurrency));
  if (!(t > 0 && t <= LOAD_LIMITS.maxTimeoutSeconds))
    throw new Error(l10n.t('the per-request timeout must be between 0 and {0} seconds', LOAD_LIMITS.maxTimeoutSeconds));
  const k = spec.clients ?? 1;
  if (!Number.isInteger(k) || k < 1 || k > LOAD_LIMITS.maxClients)
    throw new Error(l10n.t('client addresses must be a whole number from 1 to {0}', LOAD_LIMITS.maxClients));
  if (k > n) throw new Error(l10n.t('{0} client addresses need at least {0} requests, one from each', k));
  const held = spec.hold ?? 0;
  if (!Number.isInteger(held) || held < 0 || held > LOAD_LIMITS.maxHold)
    throw new Error(l10n.t('held connections must be a whole number from 0 to {0}', LOAD_LIMITS.maxHold));
  const worst = worstCaseSeconds(spec);
  if (worst > LOAD_LIMITS.maxWorstCaseSeconds) {
    throw new Error(
      l10n.t(
        '{0} requests, {1} at a time, could take {2} h if every one timed out after {3} s; the longest a load test may take is {4} h: send fewer requests, more at once, or lower the timeout',
        n,
        c,
        (worst / 3600).toFixed(1),
        t,
        LOAD_LIMITS.maxWorstCaseSeconds / 3600,
      ),
    );
  }
}

/**
 * The curl command; bodies go to `<dir>/<n>` so each can be matched to its line. With several source addresses,
 * one group of URLs per source (`--next`), each bound to its address: source s sends requests s+1, s+1+K, … (a
 * stepped glob), all groups in one parallel run. curl starts them group by group, so requestSources() gives that order.
 */
export function curlArgv(spec: LoadTestSpec, dir: string, sources: readonly string[] = []): string[] {
  validateSpec(spec);
  const k = spec.clients ?? 1;
  if (k > 1 && sources.length !== k) throw new Error(l10n.t('{0} client addresses were asked for, {1} given', k, sources.length));
  const perGroup = (range: string, source?: string) => [
    '--silent',
    '--no-progress-meter',
    ...(source ? ['--interface', source] : []),
    '--header',
    'Connection: close',
    '--connect-timeout',
    String(spec.timeoutSeconds),
    '--max-time',
    String(spec.timeoutSeconds),
    '--create-dirs',
    '--output',
    `${dir}/#1`,
    '--write-out',
    WRITE_OUT,
    `http://${spec.vip}:${spec.port}/?req=[${range}]`,
  ];
  const groups = k === 1 ? [perGroup(`1-${spec.requests}`)] : sources.map((source, s) => perGroup(`${s + 1}-${spec.requests}:${k}`, source));
  return [
    // curl's stdout is a pipe here: line-buffered, each request's line arrives as it ends (live progress).
    'stdbuf',
    '-oL',
    'curl',
    '--parallel',
    '--parallel-immediate',
    '--parallel-max',
    String(spec.concurrency),
    ...groups.flatMap((g, i) => (i === 0 ? g : ['--next', ...g])),
  ];
}

/** The source of each request in the order curl starts them: source 0's requests, then source 1's, and so on. */
export function requestSources(requests: number, sources: readonly string[]): string[] {
  const k = sources.length;
  return sources.flatMap((source, s) => Array.from({ length: Math.max(0, Math.ceil((requests - s) / k)) }, () => source));
}

/** The source that sent request `index` (1-based, as `?req=`). */
export function sourceOf(index: number, sources: readonly string[]): string {
  return sources[(index - 1) % sources.length];
}

/** Reads the bodies back as `<dir>/<n>:<first line>` (grep prints the file name). */
export function bodiesArgv(dir: string): string[] {
  return ['grep', '-r', '-m', '1', '', dir];
}

export interface WriteOutLine {
  index: number;
  status: number;
  seconds: number;
  exitCode: number;
  error: string;
}

/** One line of curl's write-out. */
export function parseWriteOutLine(line: string): WriteOutLine | undefined {
  const parts = line.split('\t');
  const req = /[?&]req=(\d+)$/.exec(parts[0]);
  if (parts.length < 4 || !req) return undefined;
  return {
    index: Number(req[1]),
    status: Number(parts[1]),
    seconds: Number(parts[2]),
    exitCode: Number(parts[3]),
    error: parts.slice(4).join('\t').trim(),
  };
}

export function parseBodies(text: string, dir: string): Map<number, string> {
  const bodies = new Map<number, string>();
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${dir}/`)) continue;
    const rest = line.slice(dir.length + 1);
    const colon = rest.indexOf(':');
    if (colon < 0) continue;
    bodies.set(Number(rest.slice(0, colon)), rest.slice(colon + 1).trim());
  }
  return bodies;
}

export function combine(writeOut: string, bodies: Map<number, string>): CurlResult[] {
  return writeOut
    .split('\n')
    .map(parseWriteOutLine)
    .filter((l): l is WriteOutLine => l !== undefined)
    .sort((a, b) => a.index - b.index)
    .map((l) => {
      const ok = l.exitCode === 0 && l.status >= 200 && l.status < 400;
      const error = l.exitCode !== 0 ? l.error || `curl exit code ${l.exitCode}` : ok ? undefined : `HTTP ${l.status}`;
      return {
        index: l.index,
        backend: ok ? (bodies.get(l.index) ?? null) : null,
        status: l.status,
        seconds: l.seconds,
        exitCode: l.exitCode,
        ...(error ? { error } : {}),
      };
    });
}
