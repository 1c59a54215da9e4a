// The ARP experiment as the Lessons tab shows it: who answered per phase, the client's neighbour entry,
// and the lesson in one line, all read from the result.
import * as l10n from '@vscode/l10n';
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

const named = (a: Answer) => `${a.node ?? l10n.t('no lab node')} (${a.mac})`;

export function arpPhases(arp: ArpMessage): ArpPhase[] {
  const phase = (id: ArpPhase['id'], title: string, r: Result): ArpPhase => ({
    id,
    title,
    answers: r.answers.map(named),
    neighbour: r.neighbour ? named(r.neighbour) : l10n.t('none'),
    leak: r.answers.some((a) => a.node !== arp.director),
  });
  const out = [phase('hidden', l10n.t("Handbook's settings"), arp.hidden)];
  if (arp.unhidden) out.push(phase('unhidden', l10n.t("{0}'s ARP settings reverted", arp.unhidden.node), arp.unhidden.result));
  if (arp.restored) out.push(phase('restored', l10n.t('Settings restored'), arp.restored.result));
  return out;
}

/** The lesson in one line, from what answered. */
export function arpLesson(arp: ArpMessage): string {
  const others = (r: Result) => [...new Set(r.answers.filter((a) => a.node !== arp.director).map((a) => a.node ?? a.mac))];
  const hidden = others(arp.hidden);
  if (hidden.length)
    return `✗ ${l10n.t('{0} answered for the VIP {1} besides {2}: clients may bypass the director.', hidden.join(', '), arp.vip, arp.director)}`;
  const u = arp.unhidden;
  if (!u) return `✓ ${l10n.t('Only {0} answers for the VIP {1}: the real servers keep it hidden.', arp.director, arp.vip)}`;
  const leaked = others(u.result);
  // A sentence that follows another: its leading space is the translation's to keep or drop.
  const back = arp.restored && others(arp.restored.result).length === 0 ? l10n.t(' Restored: only {0} again.', arp.director) : '';
  if (!leaked.length) return `✗ ${l10n.t('With its settings reverted {0} still did not answer.', u.node)}${back}`;
  const answered =
    u.result.neighbour?.node === u.node
      ? l10n.t('With its settings reverted {0} answered too, and the client now sends to {1}, bypassing {2}.', leaked.join(', '), u.node, arp.director)
      : l10n.t('With its settings reverted {0} answered too.', leaked.join(', '));
  return `✓ ${answered}${back}`;
}
