// The panel's snapshot message from the live reader's latest tick per node (no vscode
// import, so it is testable): the director's tables, every node's sockets and errors.
import { director, type Lab } from '../core/lab';
import { ALL_SECTIONS } from '../core/snapshot';
import type { HostMessage } from '../protocol/messages';
import type { NodeTick } from '../service/labService';

type Snapshot = Extract<HostMessage, { type: 'snapshot' }>;

/** The panel reads everything: the director's tables and every node's sockets. */
export const PANEL_SECTIONS = ALL_SECTIONS;

export function snapshotMessage(lab: Lab, latest: ReadonlyMap<string, NodeTick>): Snapshot | undefined {
  const dir = latest.get(director(lab).name);
  if (!dir) return undefined;
  const sockets: Snapshot['sockets'] = {};
  const errors: Snapshot['errors'] = {};
  for (const [node, tick] of latest) {
    if (tick.error) errors[node] = tick.error;
    else if (tick.snapshot?.errors.length) errors[node] = tick.snapshot.errors.join('; ');
    if (tick.snapshot?.sockets) sockets[node] = tick.snapshot.sockets;
  }
  return {
    type: 'snapshot',
    readAt: dir.readAt.toISOString(),
    durationMs: dir.durationMs,
    conns: dir.snapshot?.conns ?? null,
    services: dir.snapshot?.services ?? null,
    health: dir.snapshot?.health ? { running: dir.snapshot.health.running, servers: dir.snapshot.health.servers } : null,
    sockets,
    errors,
  };
}
