// A load test's run and outcome as the live panel is sent them.
import type { HostMessage } from '../protocol/messages';
import type { LoadTestResult } from '../service/labService';

/** What a load test is asked to do. */
export interface LoadRun {
  requests: number;
  concurrency: number;
  clients: number;
  hold: number;
}

export function loadRunOf(result: LoadTestResult): LoadRun {
  const { requests, concurrency, clients, hold } = result.spec;
  return { requests, concurrency, clients, hold };
}

export function loadResultMessage(result: LoadTestResult): Extract<HostMessage, { type: 'loadResult' }> {
  return {
    type: 'loadResult',
    ...loadRunOf(result),
    stats: result.summary,
    prediction: result.prediction,
    predictionNote: result.predictionNote,
    bySource: result.bySource,
    holds: result.holds,
  };
}
