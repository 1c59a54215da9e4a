// Reset in place: each node undoes the steps from the baseline it took when its container
// was created (one exec per node, the nodes in parallel) and proves it by dumping its state
// again; a node that cannot prove it (it differs, has no baseline, is not running, runs an
// older image or other addresses than the lab file says) is recreated, as `up` creates it.
import * as l10n from '@vscode/l10n';
import type Docker from 'dockerode';
import { judgeUndo, undoArgv } from '../core/baseline';
import { inSession, type Batch, type NodeExecutor } from '../core/exec';
import type { LabNode } from '../core/lab';
import type { NodeState } from '../core/nodeState';
import { LABEL_NODE, labFilter, networkName } from './labels';
import { networkDiffers, type LabRuntime } from './labRuntime';

export interface NodeReset {
  node: string;
  how: 'in place' | 'recreated';
  /** Why the node was recreated. */
  reason?: string;
  /** Its container now. */
  containerId?: string;
}

export interface ResetOptions {
  /** Each node's outcome as a line, e.g. `node02: undone in place`, `node03: recreated (differs: …)`. */
  progress?: (line: string) => void;
  /** The undo exec's limit (it waits for httpd to stop). */
  timeoutMs?: number;
  /**
   * Awaited before a node is touched (the director's records are read first), while the other
   * nodes go on; given the batch of the node's undo session where it is undone in place.
   */
  before?: (node: string, batch?: Batch) => Promise<void> | undefined;
}

/** The longest the undo of one node may take when the caller sets no limit. */
export const UNDO_TIMEOUT_MS = 60_000;

/**
 * Brings every node of the lab back to its state right after creation, with the image `image`:
 * in place where the node can prove it, recreated where not. Changed networks recreate everything.
 */
export async function resetLab(runtime: LabRuntime, executor: NodeExecutor, image: string, options: ResetOptions = {}): Promise<NodeReset[]> {
  const { docker, lab } = runtime;
  const progress = options.progress;
  const filters = labFilter(lab.name, runtime.identity);
  const [states, containers, networks] = await Promise.all([runtime.nodes(), docker.listContainers({ all: true, filters }), docker.listNetworks({ filters })]);

  const changed = changedNetworks(runtime, networks);
  if (changed) {
    progress?.(l10n.t('{0}: recreating every node', changed));
    await runtime.remove(progress);
    await runtime.create(image, progress);
    const now = await runtime.nodes();
    return now.map((n) => ({ node: n.name, how: 'recreated', reason: changed, containerId: n.containerId }));
  }

  // Containers of this lab for nodes the lab file no longer has.
  const names = new Set(lab.nodes.map((n) => n.name));
  await Promise.all(
    containers
      .filter((c) => !names.has(c.Labels[LABEL_NODE]))
      .map(async (c) => {
        progress?.(l10n.t('removing {0}: the lab has no node {1}', c.Names[0]?.replace(/^\//, '') ?? c.Id, c.Labels[LABEL_NODE]));
        await docker.getContainer(c.Id).remove({ force: true, v: true });
      }),
  );

  let networksReady: Promise<void> | undefined;
  const ensureNetworks = () => (networksReady ??= runtime.ensureNetworks(progress));

  return Promise.all(
    states.map(async (state): Promise<NodeReset> => {
      const node = lab.nodes.find((n) => n.name === state.name)!;
      const container = containers.find((c) => c.Labels[LABEL_NODE] === state.name);
      let reason = container ? unfit(runtime, node, container, image) : 'no container';
      if (reason) await options.before?.(state.name);
      else {
        try {
          const outcome = await inSession(executor, state.name, async (batch) => {
            await options.before?.(state.name, batch);
            const [r] = await batch([{ argv: undoArgv(), timeoutMs: options.timeoutMs ?? UNDO_TIMEOUT_MS }]);
            return judgeUndo(r ?? { exitCode: -1, stdout: '', stderr: '' });
          });
          if (outcome.kind === 'restored') {
            progress?.(l10n.t('{0}: undone in place', state.name));
            return { node: state.name, how: 'in place', containerId: state.containerId };
          }
          reason = outcome.kind === 'differs' ? l10n.t('differs: {0}', outcome.reason) : outcome.reason;
        } catch (e) {
          reason = l10n.t('the undo failed: {0}', e instanceof Error ? e.message : String(e));
        }
      }
      if (container) await docker.getContainer(container.Id).remove({ force: true, v: true });
      await ensureNetworks();
      await runtime.ensureNode(missing(state), image, progress);
      const fresh = (await runtime.nodes()).find((n) => n.name === state.name);
      progress?.(l10n.t('{0}: recreated ({1})', state.name, reason));
      return { node: state.name, how: 'recreated', reason, containerId: fresh?.containerId };
    }),
  );
}

/** Why a node's container cannot be reset in place, or undefined when it can. */
export function unfit(runtime: LabRuntime, node: LabNode, c: Docker.ContainerInfo, image: string): string | undefined {
  if (c.State !== 'running') return l10n.t('its container is {0}', c.State);
  if (c.Image !== image) return l10n.t('its image is {0}, not {1}', c.Image, image);
  const attached = c.NetworkSettings?.Networks ?? {};
  const wanted = Object.entries(node.addresses).map(([net, ip]) => [networkName(runtime.lab.name, net), ip]);
  for (const [net, ip] of wanted) {
    const have = attached[net]?.IPAddress;
    if (have !== ip)
      return have
        ? l10n.t('it has address {0} on {1}, the lab file says {2}', have, net, ip)
        : l10n.t('it has no address on {0}, the lab file says {1}', net, ip);
  }
  const extra = Object.keys(attached).filter((net) => !wanted.some(([w]) => w === net));
  if (extra.length) return l10n.t('it is also on {0}', extra.join(', '));
  return undefined;
}

/** A lab network that exists with other settings than the lab file's, or one the lab file no longer has. */
function changedNetworks(runtime: LabRuntime, networks: Docker.NetworkInspectInfo[]): string | undefined {
  for (const net of runtime.lab.networks) {
    const existing = networks.find((n) => n.Name === networkName(runtime.lab.name, net.name));
    const differs = existing && networkDiffers(existing, net);
    if (differs) return l10n.t('network {0} has {1}', existing.Name, differs);
  }
  const extra = networks.find((n) => !runtime.lab.networks.some((net) => networkName(runtime.lab.name, net.name) === n.Name));
  return extra ? l10n.t('the lab file has no network {0}', extra.Name) : undefined;
}

function missing(state: NodeState): NodeState {
  return { ...state, state: 'missing', containerId: undefined };
}
