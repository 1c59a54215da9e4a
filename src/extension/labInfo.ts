// The lab and its nodes as the webviews (live panel, Connections view) are told them. No vscode import.
import { director, realServers, type Lab } from '../core/lab';
import type { LabInfo, NodeInfo } from '../protocol/messages';
import type { LabStatus } from '../service/labService';

export function labInfoOf(lab: Lab): LabInfo {
  return {
    name: lab.name,
    title: lab.title,
    mode: lab.mode,
    scheduler: lab.scheduler,
    vip: lab.service.vip,
    port: lab.service.port,
    director: director(lab).name,
    realServers: realServers(lab).map((n) => n.name),
    nodes: lab.nodes.map((n) => ({ name: n.name, role: n.role })),
  };
}

/** Each node of the lab with its container's state as last read (missing when unknown). */
export function nodeInfos(lab: Lab, status: LabStatus | undefined): NodeInfo[] {
  return lab.nodes.map((n) => ({
    name: n.name,
    role: n.role,
    addresses: n.addresses,
    state: status?.nodes.find((s) => s.name === n.name)?.state ?? 'missing',
  }));
}
