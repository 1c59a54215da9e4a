// Statistics for a load test: N HTTP requests against the VIP, each answered (or not) by one real server.
// Pure maths, no I/O. The lab service (src/service/labService.ts) summarizes every run with it, for the CLI and
// the live panel alike; the panel is sent the numbers and does not compute them.
import * as l10n from '@vscode/l10n';

export interface RequestResult {
  /** The node name the page returned; null when the request failed or the page named no node. */
  backend: string | null;
  /** HTTP status; 0 when there was no response. */
  status: number;
  /** Total time of the request (curl's time_total). */
  seconds: number;
  /** What went wrong, e.g. curl's error message. */
  error?: string;
  /** curl's exit code; 28 means the request timed out. */
  exitCode?: number;
}

export type RequestOutcome = 'ok' | 'timeout' | 'error';

export interface BackendShare {
  backend: string;
  count: number;
  /** Share of the successful requests, in percent, rounded to 2 decimals. */
  percent: number;
}

/** Milliseconds, rounded to 3 decimals (curl reports microseconds). */
export interface LatencySummary {
  min: number;
  max: number;
  mean: number;
  p50: number;
  p95: number;
  p99: number;
}

export interface LoadStats {
  total: number;
  ok: number;
  /** Failed requests that were not timeouts. */
  errors: number;
  /** Error messages with how often each occurred, most frequent first, ties by message. */
  errorMessages: { message: string; count: number }[];
  timeouts: number;
  /** Per backend, sorted by backend name. */
  backends: BackendShare[];
  /** Over successful requests only; null when there were none. */
  latencyMs: LatencySummary | null;
}

const CURL_TIMEOUT = 28;
const TIMEOUT_TEXT = /\btimed?\s?out\b/i;

/**
 * ok: no error, curl exit 0 (or unknown), HTTP 2xx/3xx and a backend named in the page.
 * timeout: curl exit 28 or an error message saying the request timed out.
 * Anything else is an error.
 */
export function classifyRequest(r: RequestResult): RequestOutcome {
  const exit = r.exitCode ?? 0;
  if (exit === CURL_TIMEOUT || (r.error !== undefined && TIMEOUT_TEXT.test(r.error))) return 'timeout';
  if (r.error === undefined && exit === 0 && r.status >= 200 && r.status < 400 && r.backend !== null) return 'ok';
  return 'error';
}

/** The message an error is tallied under. */
export function errorMessage(r: RequestResult): string {
  if (r.error !== undefined && r.error.trim() !== '') return r.error.trim();
  if (r.exitCode !== undefined && r.exitCode !== 0) return l10n.t('curl exit {0}', r.exitCode);
  if (r.status < 200 || r.status >= 400) return r.status === 0 ? l10n.t('no response') : `HTTP ${r.status}`;
  return l10n.t('no backend named in the response');
}

/**
 * Nearest-rank percentile: the smallest value such that at least p% of the values are <= it, i.e.
 * sorted[ceil(p/100 * n) - 1] (rank at least 1). Always one of the measured values, never interpolated.
 * `sortedAsc` must be sorted ascending and non-empty; 0 < p <= 100.
 */
export function percentile(sortedAsc: readonly number[], p: number): number {
  if (sortedAsc.length === 0) throw new RangeError('percentile of no values');
  if (!(p > 0 && p <= 100)) throw new RangeError(`percentile must be in (0, 100], got ${p}`);
  // p * n first: (7 * 100) / 100 is exactly 7, whereas 0.07 * 100 is 7.000000000000001.
  const rank = Math.max(1, Math.ceil((p * sortedAsc.length) / 100));
  return sortedAsc[rank - 1];
}

const round = (x: number, decimals: number): number => {
  const f = 10 ** decimals;
  return Math.round(x * f) / f;
};
const byName = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

export function summarizeLoad(results: readonly RequestResult[]): LoadStats {
  let timeouts = 0;
  const errorCounts = new Map<string, number>();
  const backendCounts = new Map<string, number>();
  const latencies: number[] = [];

  for (const r of results) {
    const outcome = classifyRequest(r);
    if (outcome === 'timeout') {
      timeouts++;
    } else if (outcome === 'error') {
      const message = errorMessage(r);
      errorCounts.set(message, (errorCounts.get(message) ?? 0) + 1);
    } else {
      backendCounts.set(r.backend!, (backendCounts.get(r.backend!) ?? 0) + 1);
      latencies.push(round(r.seconds * 1000, 3));
    }
  }

  const ok = latencies.length;
  const errorMessages = [...errorCounts].map(([message, count]) => ({ message, count })).sort((a, b) => b.count - a.count || byName(a.message, b.message));
  const backends = [...backendCounts]
    .map(([backend, count]) => ({ backend, count, percent: round((count * 100) / ok, 2) }))
    .sort((a, b) => byName(a.backend, b.backend));

  let latencyMs: LatencySummary | null = null;
  if (ok > 0) {
    const sorted = [...latencies].sort((a, b) => a - b);
    const sum = sorted.reduce((s, x) => s + x, 0);
    latencyMs = {
      min: sorted[0],
      max: sorted[ok - 1],
      mean: round(sum / ok, 3),
      p50: percentile(sorted, 50),
      p95: percentile(sorted, 95),
      p99: percentile(sorted, 99),
    };
  }

  return {
    total: results.length,
    ok,
    errors: results.length - ok - timeouts,
    errorMessages,
    timeouts,
    backends,
    latencyMs,
  };
}
