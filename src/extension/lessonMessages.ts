// The lessons' results as the live panel is sent them.
import type { ArpMessage, HostMessage } from '../protocol/messages';
import type { ArpExperiment } from '../service/arpExperiment';
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
