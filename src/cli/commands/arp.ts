// The handbook's ARP lesson as an experiment: who answers for the VIP, and why the real servers must not.
import * as l10n from '@vscode/l10n';
import type { Command } from 'commander';
import type { ArpAnswer, ArpResult } from '../../core/arp';
import type { ArpExperiment } from '../../service/arpExperiment';
import { setup } from '../context';
import type { Output } from '../output';

export function registerArp(program: Command): void {
  program
    .command('arp')
    .description(
      l10n.t(
        "ask for the VIP's MAC from the client and show every node that answers; with --unhide, also with a real server's ARP settings reverted, then restored",
      ),
    )
    .option('--unhide <node>', l10n.t('a real server whose arp_ignore/arp_announce go back to 0 for the experiment (its step restores them)'))
    .action(async (o: { unhide?: string }, cmd: Command) => {
      const { out, service } = setup(cmd);
      const r = await service.arpExperiment(o.unhide);
      if (out.json) return out.data(r);
      show(out, r, l10n.t("With the handbook's settings (arp_ignore=1, arp_announce=2 on the real servers)"), r.hidden);
      if (r.unhidden) show(out, r, l10n.t("With {0}'s arp_ignore and arp_announce back at 0", r.unhidden.node), r.unhidden.result);
      if (r.restored) show(out, r, l10n.t('After {0} ran again', r.restored.step.id), r.restored.result);
    });
}

const who = (a: ArpAnswer) => `${a.mac} (${a.node ?? l10n.t('no node of the lab')})`;

function show(out: Output, r: ArpExperiment, title: string, result: ArpResult): void {
  out.line(l10n.t('{0}: who-has {1}?', title, r.vip));
  out.table(
    [l10n.t('answered'), 'MAC', l10n.t('node')],
    result.answers.map((a, i) => [i === 0 ? l10n.t('first') : `${i + 1}.`, a.mac, a.node ?? '?']),
  );
  const others = result.answers.filter((a) => a.node !== r.director);
  const sends = result.neighbour ? l10n.t('the client now sends to {0}', who(result.neighbour)) : l10n.t('the client holds no MAC for it');
  if (result.answers.length === 0) out.line(l10n.t('Nobody answered for {0}: is the lab up?', r.vip));
  else if (others.length === 0) out.line(l10n.t('Only the director answers for the VIP; {0}.', sends));
  else
    out.line(
      l10n.t(
        '{0} answer for the VIP too; {1}{2}. This is why the handbook hides the VIP on the real servers.',
        others.map((a) => a.node ?? a.mac).join(l10n.t(' and ')),
        sends,
        result.neighbour?.node !== r.director ? l10n.t(', past the director') : '',
      ),
    );
}
