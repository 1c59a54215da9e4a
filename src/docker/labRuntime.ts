// A lab's containers and networks on a Docker engine. Only objects carrying the
// lab's labels are ever changed or removed.
import type Docker from 'dockerode';
import type { ExecOptions, ExecResult, NodeExecutor } from '../core/exec';
import { cidrsOverlap, type Lab, type LabNetwork } from '../core/lab';
import type { NodeState } from '../core/nodeState';
import { execIn } from './exec';
import { containerName, LABEL_LAB, LABEL_NODE, labFilter, networkName } from './labels';

export class LabRuntime implements NodeExecutor {
  private ids = new Map<string, string>();

  constructor(
    readonly docker: Docker,
    readonly lab: Lab,
  ) {}

  /** Each node's container state, from the engine now. */
  async nodes(): Promise<NodeState[]> {
    const containers = await this.docker.listContainers({ all: true, filters: labFilter(this.lab.name) });
    return this.lab.nodes.map((node) => {
      const c = containers.find((x) => x.Labels[LABEL_NODE] === node.name);
      if (c) this.ids.set(node.name, c.Id);
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

  async exec(node: string, argv: string[], options?: ExecOptions): Promise<ExecResult> {
    let id = this.ids.get(node);
    if (!id) {
      await this.nodes();
      id = this.ids.get(node);
    }
    if (!id) throw new Error(`${node} has no container: bring the lab up first`);
    try {
      return await execIn(this.docker, this.docker.getContainer(id), argv, options);
    } catch (e) {
      // A container that was recreated has a new id: look it up once more.
      if ((e as { statusCode?: number }).statusCode !== 404) throw e;
      this.ids.delete(node);
      await this.nodes();
      const fresh = this.ids.get(node);
      if (!fresh) throw new Error(`${node} has no container: bring the lab up first`, { cause: e });
      return execIn(this.docker, this.docker.getContainer(fresh), argv, options);
    }
  }

  /** Creates what is missing and starts what is stopped; leaves running nodes alone. */
  async create(image: string, onProgress?: (line: string) => void): Promise<void> {
    await this.ensureNetworks(onProgress);
    const current = await this.nodes();
    await Promise.all(current.map((n) => this.ensureNode(n, image, onProgress)));
  }

  /** One node's container, created or started as needed; the lab's networks must exist. */
  async ensureNode(n: NodeState, image: string, onProgress?: (line: string) => void): Promise<void> {
    if (n.state === 'running') return;
    if (n.state === 'stopped') {
      onProgress?.(`starting ${n.name}`);
      await this.docker.getContainer(n.containerId!).start();
    } else {
      onProgress?.(`creating ${n.name}`);
      this.ids.set(n.name, await this.createNode(n, image));
    }
  }

  private async createNode(n: NodeState, image: string): Promise<string> {
    const [first, ...others] = Object.entries(n.addresses);
    const firstNet = networkName(this.lab.name, first[0]);
    const container = await this.docker.createContainer({
      name: n.containerName,
      Hostname: n.name,
      Image: image,
      Labels: { [LABEL_LAB]: this.lab.name, [LABEL_NODE]: n.name },
      HostConfig: { Privileged: true, NetworkMode: firstNet },
      NetworkingConfig: { EndpointsConfig: { [firstNet]: { IPAMConfig: { IPv4Address: first[1] } } } },
    });
    await container.start();
    // Further networks are joined after start so their interfaces come up as eth1, eth2… in lab order.
    for (const [net, ip] of others) {
      await this.docker.getNetwork(networkName(this.lab.name, net)).connect({
        Container: container.id,
        EndpointConfig: { IPAMConfig: { IPv4Address: ip } },
      });
    }
    return container.id;
  }

  async ensureNetworks(onProgress?: (line: string) => void): Promise<void> {
    const all = await this.docker.listNetworks();
    for (const net of this.lab.networks) {
      const name = networkName(this.lab.name, net.name);
      const existing = all.find((n) => n.Name === name);
      if (existing) {
        if (existing.Labels?.[LABEL_LAB] !== this.lab.name) {
          throw new Error(`A Docker network named ${name} exists without this lab's labels; remove or rename it`);
        }
        continue;
      }
      const [clash] = foreignOverlaps(all, this.lab.name, net.subnet);
      if (clash) throw new Error(`The lab subnet ${net.subnet} overlaps Docker network ${clash.Name}; remove it or change the lab's subnet`);
      onProgress?.(`creating network ${name}`);
      await this.docker.createNetwork(networkSpec(this.lab.name, name, net));
    }
  }

  /** Removes the lab's labelled containers and networks, and nothing else. */
  async remove(onProgress?: (line: string) => void): Promise<void> {
    const containers = await this.docker.listContainers({ all: true, filters: labFilter(this.lab.name) });
    await Promise.all(
      containers.map(async (c) => {
        onProgress?.(`removing ${c.Names[0]?.replace(/^\//, '') ?? c.Id}`);
        await this.docker.getContainer(c.Id).remove({ force: true, v: true });
      }),
    );
    const networks = await this.docker.listNetworks({ filters: labFilter(this.lab.name) });
    for (const n of networks) {
      onProgress?.(`removing network ${n.Name}`);
      await this.docker.getNetwork(n.Id).remove();
    }
    this.ids.clear();
  }
}

/** Docker networks not belonging to the lab whose subnets overlap `subnet`. */
export function foreignOverlaps(networks: Docker.NetworkInspectInfo[], lab: string, subnet: string): Docker.NetworkInspectInfo[] {
  return networks.filter((n) => n.Labels?.[LABEL_LAB] !== lab && (n.IPAM?.Config ?? []).some((c) => c.Subnet && cidrsOverlap(c.Subnet, subnet)));
}

export function networkSpec(lab: string, name: string, net: LabNetwork): Docker.NetworkCreateOptions {
  return {
    Name: name,
    Driver: 'bridge',
    CheckDuplicate: true,
    Labels: { [LABEL_LAB]: lab },
    // Masquerading rewrites the client's address between lab networks and breaks NAT mode.
    Options: { 'com.docker.network.bridge.enable_ip_masquerade': 'false' },
    IPAM: { Driver: 'default', Config: [{ Subnet: net.subnet, Gateway: net.gateway, IPRange: net.dockerRange }] },
  };
}
