// The measured split held against the predicted one, per real server.
import * as l10n from '@vscode/l10n';
import type { Prediction } from './model';

export interface MeasuredSplit {
  /** Requests each real server answered, by name; a real server not named answered none. */
  counts: Readonly<Record<string, number>>;
  /** When known: per source address, the requests each real server answered for it (e.g. one client: its address → counts). */
  bySource?: Readonly<Record<string, Readonly<Record<string, number>>>>;
}

export interface ServerComparison {
  server: string;
  /** The predicted count this server is held to; null where the model names no count (mh). */
  predicted: number | null;
  measured: number;
  matches: boolean;
}

export interface SplitComparison {
  matches: boolean;
  /** What was checked, in words. */
  check: string;
  servers: ServerComparison[];
}

/**
 * The split of `calls` consecutive scheduler calls (each covering calls[j] requests) from each place in the cycle,
 * until one equals `target`; else the one from the cycle's beginning. Null for an empty cycle.
 */
function cycleRuns(cycle: readonly string[], calls: readonly number[], target: Readonly<Record<string, number>>, names: readonly string[]) {
  const L = cycle.length;
  const zero = (): Record<string, number> => Object.fromEntries(names.map((n) => [n, 0]));
  const equal = (a: Record<string, number>) => names.every((n) => (a[n] ?? 0) === (target[n] ?? 0));
  if (L === 0) return null;
  let first: Record<string, number> | null = null;
  if (calls.every((c) => c === 1)) {
    // One request a call: whole cycles plus a window of the rest, slid one place at a time.
    const whole = Math.floor(calls.length / L);
    const rest = calls.length % L;
    const run = zero();
    for (const n of cycle) run[n] += whole;
    for (let j = 0; j < rest; j++) run[cycle[j]]++;
    for (let s = 0; s < L; s++) {
      if (equal(run)) return { ...run };
      first ??= { ...run };
      run[cycle[s]] -= rest > 0 ? 1 : 0;
      run[cycle[(s + rest) % L]] += rest > 0 ? 1 : 0;
    }
    return first;
  }
  for (let s = 0; s < L; s++) {
    const run = zero();
    for (let j = 0; j < calls.length; j++) run[cycle[(s + j) % L]] += calls[j];
    if (equal(run)) return run;
    first ??= run;
  }
  return first;
}

/**
 * Whether a measured split matches the prediction, per real server. Exact kinds: equal counts (with rr/wrr from an
 * unknown position: equal to the split of as many consecutive picks from some place in the kernel's cycle); the
 * tolerance does not apply. Rule kinds: the rule holds. lc, wlc, sed, nq, ovf: each count within `tolerance`
 * requests of the model's. lblc, lblcr: no more real servers used than the model's. With persistence, and for mh:
 * every source stayed with one real server (per source when `bySource` is given, else no more real servers used
 * than there were sources).
 */
export function compareSplit(predicted: Prediction, measured: MeasuredSplit, tolerance = 0): SplitComparison {
  const modelNames = predicted.split ? Object.keys(predicted.split) : [];
  const names = [...modelNames, ...Object.keys(measured.counts).filter((n) => !modelNames.includes(n))];
  const count = (n: string) => measured.counts[n] ?? 0;
  const used = names.filter((n) => count(n) > 0);
  const rows = (expected: (n: string) => number | null, matches: (n: string) => boolean): ServerComparison[] =>
    names.map((server) => ({ server, predicted: expected(server), measured: count(server), matches: matches(server) }));
  const expectedOf = (split: Readonly<Record<string, number>> | null) => (n: string) => (split ? (split[n] ?? 0) : null);
  const result = (check: string, servers: ServerComparison[]): SplitComparison => ({ matches: servers.every((s) => s.matches), check, servers });

  const { check } = predicted;
  switch (check.by) {
    case 'equal split': {
      const expected = expectedOf(predicted.split);
      return result(
        l10n.t('the same count on every real server'),
        rows(expected, (n) => expected(n) === count(n)),
      );
    }
    case 'any run of the cycle': {
      const run = cycleRuns(check.cycle, check.calls, measured.counts, names) ?? predicted.split;
      const expected = expectedOf(run);
      return result(
        l10n.t("the split of {0} consecutive picks of the kernel's {1} cycle, from wherever the service was in it", check.calls.length, predicted.scheduler),
        rows(expected, (n) => expected(n) === count(n)),
      );
    }
    case 'counts within tolerance': {
      const expected = expectedOf(predicted.split);
      return result(
        l10n.t("every count within {0} of the model's", tolerance),
        rows(expected, (n) => Math.abs((expected(n) ?? 0) - count(n)) <= tolerance),
      );
    }
    case 'at most this many real servers': {
      const ok = used.length <= check.servers;
      return result(
        l10n.t('at most {0} real server(s) used', check.servers),
        rows(expectedOf(predicted.split), () => ok),
      );
    }
    case 'one real server per source': {
      const expected = expectedOf(predicted.split);
      if (measured.bySource) {
        const spread = Object.values(measured.bySource).filter((c) => Object.values(c).filter((k) => k > 0).length > 1);
        const mixed = new Set(spread.flatMap((c) => Object.keys(c).filter((n) => (c[n] ?? 0) > 0)));
        return result(
          l10n.t('every source stayed with one real server'),
          rows(expected, (n) => !mixed.has(n)),
        );
      }
      const ok = used.length <= check.sources;
      return result(
        l10n.t('every source stayed with one real server: at most {0} real server(s) used', check.sources),
        rows(expected, () => ok),
      );
    }
  }
}
