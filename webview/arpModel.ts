// The ARP experiment as the Lessons tab shows it: who answered per phase, the client's neighbour entry,
// and the lesson in one line, all read from the result.
import type { ArpMessage } from '../src/protocol/messages';

type Result = ArpMessage['hidden'];
type Answer = Result['answers'][number];

export interface ArpPhase {
  id: 'hidden' | 'unhidden' | 'restored';
  title: string;
  /** "node01 (02:42:…)" per answer, first answer first. */
  answers: string[];
  neighbour: string;
  /** Another node than the director answered. */
  leak: boolean;
}

const named = (a: Answer) => `${a.node ?? 'no lab node'} (${a.mac})`;

export function arpPhases(arp: ArpMessage): ArpPhase[] {
  const phase = (id: ArpPhase['id'], title: string, r: Result): ArpPhase => ({
    id,
    title,
    answers: r.answers.map(named),
    neighbour: r.neighbour ? named(r.neighbour) : 'none',
    leak: r.answers.some((a) => a.node !== arp.director),
  });
  const out = [phase('hidden', "Handbook's settings", arp.hidden)];
  if (arp.unhidden) out.push(phase('unhidden', `${arp.unhidden.node}'s ARP settings reverted`, arp.unhidden.result));
  if (arp.restored) out.push(phase('restored', 'Settings restored', arp.restored.result));
  return out;
}

/** The lesson in one line, from what answered. */
export function arpLesson(arp: ArpMessage): string {
  const others = (r: Result) => [...new Set(r.answers.filter((a) => a.node !== arp.director).map((a) => a.node ?? a.mac))];
  const hidden = others(arp.hidden);
  if (hidden.length) return `✗ ${hidden.join(', ')} answered for the VIP ${arp.vip} besides ${arp.director}: clients may bypass the director.`;
  const u = arp.unhidden;
  if (!u) return `✓ Only ${arp.director} answers for the VIP ${arp.vip}: the real servers keep it hidden.`;
  const leaked = others(u.result);
  const won = u.result.neighbour?.node === u.node ? `, and the client now sends to ${u.node}, bypassing ${arp.director}` : '';
  const back = arp.restored && others(arp.restored.result).length === 0 ? ` Restored: only ${arp.director} again.` : '';
  return leaked.length
    ? `✓ With its settings reverted ${leaked.join(', ')} answered too${won}.${back}`
    : `✗ With its settings reverted ${u.node} still did not answer.${back}`;
}
