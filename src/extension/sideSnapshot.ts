// The side view's messages from what the extension knows (no vscode import, so they are testable): the
// director's connection table from the live reader's latest ticks, the lab's state, the last load test.
import { director, type Lab } from '../core/lab';
import { parseEndpoint } from '../core/parsers/endpoint';
import type { SideHostMessage, SideStatus } from '../protocol/sideMessages';
import type { LoadTestResult, NodeTick } from '../service/labService';
import type { DockerState, LabState } from './labController';
import { loadResultMessage } from './loadMessages';

type Conns = Extract<SideHostMessage, { type: 'conns' }>;
type Load = Extract<SideHostMessage, { type: 'load' }>;

/** Only the director's sections: its connection table, and its services for the real servers' addresses. */
export const SIDE_SECTIONS = ['conns', 'list', 'stats', 'rate'] as const;

export function sideConnsMessage(lab: Lab, latest: ReadonlyMap<string, NodeTick>): Conns | undefined {
  const tick = latest.get(director(lab).name);
  if (!tick) return undefined;
  const services = tick.snapshot?.services;
  const realServers = services ? [...new Set(services.flatMap((s) => s.destinations.map((d) => parseEndpoint(d.address)?.ip ?? d.address)))] : null;
  const error = tick.error ?? (tick.snapshot?.errors.length ? tick.snapshot.errors.join('; ') : null);
  return {
    type: 'conns',
    readAt: tick.readAt.toISOString(),
    durationMs: tick.durationMs,
    conns: tick.snapshot?.conns ?? null,
    realServers,
    error,
  };
}

/** What the view says instead of data: Docker first (nothing can be read without it), then the lab. */
export function sideStatus(docker: DockerState, lab: LabState, statusError?: string): SideStatus {
  if (docker === 'unreachable') return 'noDocker';
  if (docker === 'noIpvs') return 'noIpvs';
  if (statusError !== undefined) return 'readError';
  if (lab === 'none') return docker === 'unknown' ? 'unknown' : 'noLab';
  return lab;
}

/** The last load test's outcome, stamped with when it finished. */
export function sideLoadMessage(result: LoadTestResult | undefined, at: Date): Load {
  if (!result) return { type: 'load', load: null };
  const { type: _type, ...outcome } = loadResultMessage(result);
  return { type: 'load', load: { ...outcome, at: at.toISOString() } };
}
