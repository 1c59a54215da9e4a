// The rows of a load test's table, measured next to predicted: the CLI's table and the panel's (chart and table)
// are the same rows. Types only from the model, so the panel's bundle does not carry it.
import type { LoadPrediction } from './loadPrediction';
import type { LoadStats } from './loadStats';

export interface SplitRow {
  backend: string;
  count: number;
  /** Share of the successful requests, in percent. */
  percent: number;
  /** Null when there is no prediction, or the model names no count. */
  predicted: number | null;
  /** Null when there is no prediction. */
  matches: boolean | null;
}

/** The rows of the load table: every backend that answered and every real server the model knows, by name. */
export function splitRows(stats: LoadStats, prediction: Pick<LoadPrediction, 'rows'> | null): SplitRow[] {
  const rows = new Map<string, SplitRow>(
    stats.backends.map((b) => [b.backend, { backend: b.backend, count: b.count, percent: b.percent, predicted: null, matches: prediction ? true : null }]),
  );
  for (const r of prediction?.rows ?? []) {
    const row = rows.get(r.server) ?? { backend: r.server, count: 0, percent: 0, predicted: null, matches: null };
    rows.set(r.server, { ...row, predicted: r.predicted, matches: r.matches });
  }
  return [...rows.values()].sort((a, b) => (a.backend < b.backend ? -1 : a.backend > b.backend ? 1 : 0));
}
