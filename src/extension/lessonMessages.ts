// The lessons' results as the live panel is sent them.
import type { L4Lesson } from '../core/l4';
import { endpointText, type NetstatSocket } from '../core/parsers';
import type { ArpMessage, HostMessage } from '../protocol/messages';
import type { ArpExperiment } from '../service/arpExperiment';
import type { DrillResult } from '../service/drills';
import type { TraceResult } from '../service/trace';

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
type Assert<T extends true> = T;
// The protocol may not import the service layer: the ARP message is checked against it here.
export type _ArpMatchesService = [
  Assert<Equal<ArpMessage['unhidden'], ArpExperiment['unhidden']>>,
  Assert<Equal<Omit<ArpMessage, 'restored'>, Omit<ArpExperiment, 'restored'>>>,
];

export function traceResultMessage(result: TraceResult): Extract<HostMessage, { type: 'traceResult' }> {
  return { type: 'traceResult', trace: result.trace };
}

export function arpResultMessage(a: ArpExperiment): Extract<HostMessage, { type: 'arpResult' }> {
  const arp: ArpMessage = { vip: a.vip, director: a.director, hidden: a.hidden };
  if (a.unhidden) arp.unhidden = a.unhidden;
  if (a.restored) arp.restored = { result: a.restored.result };
  return { type: 'arpResult', arp };
}

const socketText = (s: NetstatSocket) => `${endpointText(s.local)} ${s.state ?? ''}`.trim();

export function l4ResultMessage(l: L4Lesson): Extract<HostMessage, { type: 'l4Result' }> {
  return {
    type: 'l4Result',
    l4: {
      ...l,
      during: {
        directorSockets: l.during.directorSockets.map(socketText),
        directorEstablished: l.during.directorEstablished,
        realServers: l.during.realServers.map((r) => ({
          node: r.node,
          connections: r.sockets.map((s) => `${endpointText(s.foreign)} → ${endpointText(s.local)}${s.state === 'ESTABLISHED' ? '' : ` ${s.state}`}`),
        })),
      },
    },
  };
}

/** A drill with its observation; null when it was applied without one. */
export function drillResultMessage(r: DrillResult): Extract<HostMessage, { type: 'drillResult' }> | null {
  const o = r.observation;
  if (!o) return null;
  const { total, ok, errors, timeouts } = o.load;
  return {
    type: 'drillResult',
    drill: {
      node: r.node,
      kind: r.kind,
      active: r.active,
      load: { total, ok, errors, timeouts },
      latencyByNode: o.latencyByNode,
      table: o.table,
      findings: o.findings,
    },
  };
}
