// A lab's containers and networks on a Docker engine. Only objects carrying the
// lab's labels are ever changed or removed.
import * as l10n from '@vscode/l10n';
import type Docker from 'dockerode';
import pLimit, { type Limit } from 'p-limit';
import type { BatchItem } from '../core/batch';
import { scriptBatch, type ExecOptions, type ExecResult, type NodeExecutor, type NodeSession } from '../core/exec';
import { cidrsOverlap, type Lab, type LabNetwork } from '../core/lab';
import type { NodeState } from '../core/nodeState';
import { baselineItem } from '../core/baseline';
import { execIn } from './exec';
import { attachSession, openSession, STDIN_SHELL } from './session';
import { labIdentity } from '../core/labIdentity';
import { containerName, LABEL_FILE, LABEL_ID, LABEL_LAB, LABEL_NODE, LABEL_SHELL, labFilter, nameFilter, networkName } from './labels';

export class LabRuntime implements NodeExecutor {
  private ids = new Map<string, string>();
  /** Nodes whose first process is the stdin shell (attached, not exec'd, for sessions). */
  private shells = new Set<string>();
  /** Which lab file this lab came from: the runtime acts only on objects of this identity. */
  readonly identity: string;
  private starts: Promise<Limit> | undefined;

  constructor(
    readonly docker: Docker,
    readonly lab: Lab,
  ) {
    this.identity = labIdentity(lab);
  }

  /**
   * Containers are started at most as many at once as the engine has CPUs (created all at once): more
   * only share them and all end late, while the nodes that start first could already run
   * their steps (the lab host, 2 CPUs: 4 at once made up ~0.8 s slower than 2 at a time).
   * Asked once; call early, the engine answers while other work goes on.
   */
  startSlots(): Promise<Limit> {
    this.starts ??= this.docker
      .info()
      .then((info: { NCPU?: number }) => pLimit(info.NCPU && info.NCPU > 0 ? info.NCPU : Infinity))
      .catch(() => pLimit(Infinity));
    return this.starts;
  }

  /** The labels every object of this lab carries. */
  private labels(node?: string): Record<string, string> {
    return { [LABEL_LAB]: this.lab.name, [LABEL_ID]: this.identity, [LABEL_FILE]: this.lab.file, ...(node ? { [LABEL_NODE]: node } : {}) };
  }

  /** Refuses when objects of this lab's name belong to another lab file (or to none, unlabelled by identity). */
  async assertOwnName(): Promise<void> {
    const [containers, networks] = await Promise.all([
      this.docker.listContainers({ all: true, filters: nameFilter(this.lab.name) }),
      this.docker.listNetworks({ filters: nameFilter(this.lab.name) }),
    ]);
    const foreign = [...containers, ...networks].find((o) => o.Labels?.[LABEL_ID] !== this.identity);
    if (!foreign) return;
    const owner = foreign.Labels?.[LABEL_FILE];
    throw new Error(
      owner
        ? l10n.t(
            'The lab name "{0}" is in use on this engine by another lab file, {1}: remove that lab first (lvs-lab down --lab {1}), or give this lab another name',
            this.lab.name,
            owner,
          )
        : l10n.t(
            'The lab name "{0}" is in use on this engine by objects an older LVS Lab made: remove that lab first (lvs-lab down --lab {0}), or give this lab another name',
            this.lab.name,
          ),
    );
  }

  /** Each node's container state, from the engine now. */
  async nodes(): Promise<NodeState[]> {
    const containers = await this.docker.listContainers({ all: true, filters: labFilter(this.lab.name, this.identity) });
    return this.lab.nodes.map((node) => {
      const c = containers.find((x) => x.Labels[LABEL_NODE] === node.name);
      if (c) this.ids.set(node.name, c.Id);
      if (c?.Labels[LABEL_SHELL]) this.shells.add(node.name);
      else this.shells.delete(node.name);
      return {
        name: node.name,
        role: node.role,
        addresses: node.addresses,
        state: !c ? 'missing' : c.State === 'running' ? 'running' : 'stopped',
        containerId: c?.Id,
        containerName: containerName(this.lab.name, node.name),
      };
    });
  }

  /** MAC address -> node, for every interface of the lab's running containers (one list call). */
  async macAddresses(): Promise<Map<string, string>> {
    const containers = await this.docker.listContainers({ filters: labFilter(this.lab.name, this.identity) });
    const macs = new Map<string, string>();
    for (const c of containers) {
      for (const net of Object.values(c.NetworkSettings?.Networks ?? {})) if (net.MacAddress) macs.set(net.MacAddress.toLowerCase(), c.Labels[LABEL_NODE]);
    }
    return macs;
  }

  /** Several commands on a node in one exec (one round trip). */
  batch(node: string, items: readonly BatchItem[]): Promise<(ExecResult | undefined)[]> {
    return scriptBatch(this, node, items);
  }

  exec(node: string, argv: string[], options?: ExecOptions): Promise<ExecResult> {
    return this.inContainer(node, (c) => execIn(this.docker, c, argv, options));
  }

  /** One shell on the node for several batches (see docker/session.ts). */
  session(node: string): Promise<NodeSession> {
    return this.inContainer(node, (c) => (this.shells.has(node) ? attachSession(this.docker, c) : openSession(this.docker, c)));
  }

  private async inContainer<T>(node: string, fn: (container: Docker.Container) => Promise<T>): Promise<T> {
    let id = this.ids.get(node);
    if (!id) {
      await this.nodes();
      id = this.ids.get(node);
    }
    if (!id) throw new Error(l10n.t('{0} has no container: bring the lab up first', node));
    try {
      return await fn(this.docker.getContainer(id));
    } catch (e) {
      // A container that was recreated has a new id: look it up once more.
      if ((e as { statusCode?: number }).statusCode !== 404) throw e;
      this.ids.delete(node);
      await this.nodes();
      const fresh = this.ids.get(node);
      if (!fresh) throw new Error(l10n.t('{0} has no container: bring the lab up first', node), { cause: e });
      return fn(this.docker.getContainer(fresh));
    }
  }

  /** Creates what is missing and starts what is stopped; leaves running nodes alone. */
  async create(image: string, onProgress?: (line: string) => void): Promise<void> {
    await this.ensureNetworks(onProgress);
    const current = await this.nodes();
    await Promise.all(current.map((n) => this.ensureNode(n, image, onProgress)));
  }

  /**
   * One node's container, created or started as needed; the lab's networks must exist.
   * A new node takes its baseline (see core/baseline.ts) unless `baseline: false`: the
   * caller then sends `baselineItem()` (core/baseline.ts) first in the node's first batch, saving a round trip.
   */
  async ensureNode(
    n: NodeState,
    image: string,
    onProgress?: (line: string) => void,
    options: { baseline?: boolean } = {},
  ): Promise<'running' | 'started' | 'created'> {
    if (n.state === 'running') return 'running';
    const slot = await this.startSlots();
    if (n.state === 'stopped') {
      onProgress?.(l10n.t('starting {0}', n.name));
      await slot(() => this.docker.getContainer(n.containerId!).start());
      return 'started';
    }
    onProgress?.(l10n.t('creating {0}', n.name));
    // Created at once (~0.2 s each), started in turn: a node waiting for a slot is ready to start.
    const created = this.createNode(n, image);
    created.catch(() => undefined);
    const container = await slot(() => created.then((c) => this.startNode(c, n)));
    this.ids.set(n.name, container.id);
    this.shells.add(n.name);
    // The node's state before any step, kept in the node itself: reset undoes the steps
    // in place from it. Without one the node still works, and reset recreates it.
    if (options.baseline ?? true) await this.baseline(container).catch(() => undefined);
    return 'created';
  }

  /** Through the node's first process, attached: an exec would cost ~0.6 s more on the lab host. */
  private async baseline(container: Docker.Container): Promise<void> {
    const session = await attachSession(this.docker, container);
    try {
      await session.batch([baselineItem()]);
    } finally {
      session.close();
    }
  }

  private createNode(n: NodeState, image: string): Promise<Docker.Container> {
    const [first] = Object.entries(n.addresses);
    const firstNet = networkName(this.lab.name, first[0]);
    return this.docker.createContainer({
      name: n.containerName,
      Hostname: n.name,
      Image: image,
      Labels: { ...this.labels(n.name), [LABEL_SHELL]: '1' },
      // The first process reads the lab's batches from stdin, kept open between clients.
      Cmd: STDIN_SHELL,
      OpenStdin: true,
      StdinOnce: false,
      HostConfig: { Privileged: true, NetworkMode: firstNet },
      NetworkingConfig: { EndpointsConfig: { [firstNet]: { IPAMConfig: { IPv4Address: first[1] } } } },
    });
  }

  private async startNode(container: Docker.Container, n: NodeState): Promise<Docker.Container> {
    await container.start();
    const [, ...others] = Object.entries(n.addresses);
    // Further networks are joined after start so their interfaces come up as eth1, eth2… in lab order.
    for (const [net, ip] of others) {
      await this.docker.getNetwork(networkName(this.lab.name, net)).connect({
        Container: container.id,
        EndpointConfig: { IPAMConfig: { IPv4Address: ip } },
      });
    }
    return container;
  }

  /** Every network is checked (name, owner, addresses, overlaps) before any is created. */
  async ensureNetworks(onProgress?: (line: string) => void): Promise<void> {
    const all = await this.docker.listNetworks();
    const missing: LabNetwork[] = [];
    for (const net of this.lab.networks) {
      const name = networkName(this.lab.name, net.name);
      const existing = all.find((n) => n.Name === name);
      if (!existing) {
        const [clash] = foreignOverlaps(all, this.identity, net.subnet);
        if (clash) throw new Error(l10n.t("The lab subnet {0} overlaps Docker network {1}; remove it or change the lab's subnet", net.subnet, clash.Name));
        missing.push(net);
      } else if (existing.Labels?.[LABEL_ID] !== this.identity) {
        throw new Error(l10n.t('A Docker network named {0} exists that this lab did not make; remove or rename it', name));
      } else {
        const differs = networkDiffers(existing, net);
        if (differs) throw new Error(l10n.t("The lab's network {0} exists with {1}: remove the lab (lvs-lab down) and start it again", name, differs));
      }
    }
    for (const net of missing) {
      const name = networkName(this.lab.name, net.name);
      onProgress?.(l10n.t('creating network {0}', name));
      await this.docker.createNetwork(networkSpec(name, net, this.labels()));
    }
  }

  /** Removes the lab's labelled containers and networks, and nothing else. */
  async remove(onProgress?: (line: string) => void): Promise<void> {
    const filters = labFilter(this.lab.name, this.identity);
    const containers = await this.docker.listContainers({ all: true, filters });
    await Promise.all(
      containers.map(async (c) => {
        onProgress?.(l10n.t('removing {0}', c.Names[0]?.replace(/^\//, '') ?? c.Id));
        await this.docker.getContainer(c.Id).remove({ force: true, v: true });
      }),
    );
    const networks = await this.docker.listNetworks({ filters });
    for (const n of networks) {
      onProgress?.(l10n.t('removing network {0}', n.Name));
      await this.docker.getNetwork(n.Id).remove();
    }
    this.ids.clear();
  }
}

/** Docker networks not made by the lab of this identity whose subnets overlap `subnet`. */
export function foreignOverlaps(networks: Docker.NetworkInspectInfo[], identity: string, subnet: string): Docker.NetworkInspectInfo[] {
  return networks.filter((n) => n.Labels?.[LABEL_ID] !== identity && (n.IPAM?.Config ?? []).some((c) => c.Subnet && cidrsOverlap(c.Subnet, subnet)));
}

/** What differs between an existing network and the lab's, in words; undefined when they match. */
export function networkDiffers(existing: Docker.NetworkInspectInfo, net: LabNetwork): string | undefined {
  const c = existing.IPAM?.Config?.[0] ?? {};
  const want = { subnet: net.subnet, gateway: net.gateway, range: net.dockerRange };
  const have = { subnet: c.Subnet, gateway: c.Gateway, range: c.IPRange };
  const diff = (Object.keys(want) as (keyof typeof want)[]).filter((k) => want[k] !== have[k]);
  return diff.length ? diff.map((k) => l10n.t('{0} {1} (the lab file says {2})', k, have[k] ?? l10n.t('none'), want[k])).join(', ') : undefined;
}

export function networkSpec(name: string, net: LabNetwork, labels: Record<string, string>): Docker.NetworkCreateOptions {
  return {
    Name: name,
    Driver: 'bridge',
    CheckDuplicate: true,
    Labels: labels,
    // Masquerading rewrites the client's address between lab networks and breaks NAT mode.
    Options: { 'com.docker.network.bridge.enable_ip_masquerade': 'false' },
    IPAM: { Driver: 'default', Config: [{ Subnet: net.subnet, Gateway: net.gateway, IPRange: net.dockerRange }] },
  };
}
