// The handbook's ARP lesson as an experiment: who answers for the VIP, and why the real servers must not.
import type { Command } from 'commander';
import type { ArpAnswer, ArpResult } from '../../core/arp';
import type { ArpExperiment } from '../../service/arpExperiment';
import { setup } from '../context';
import type { Output } from '../output';

export function registerArp(program: Command): void {
  program
    .command('arp')
    .description(
      "ask for the VIP's MAC from the client and show every node that answers; with --unhide, also with a real server's ARP settings reverted, then restored",
    )
    .option('--unhide <node>', 'a real server whose arp_ignore/arp_announce go back to 0 for the experiment (its step restores them)')
    .action(async (o: { unhide?: string }, cmd: Command) => {
      const { out, service } = setup(cmd);
      const r = await service.arpExperiment(o.unhide);
      if (out.json) return out.data(r);
      show(out, r, `With the handbook's settings (arp_ignore=1, arp_announce=2 on the real servers)`, r.hidden);
      if (r.unhidden) show(out, r, `With ${r.unhidden.node}'s arp_ignore and arp_announce back at 0`, r.unhidden.result);
      if (r.restored) show(out, r, `After ${r.restored.step.id} ran again`, r.restored.result);
    });
}

const who = (a: ArpAnswer) => `${a.mac} (${a.node ?? 'no node of the lab'})`;

function show(out: Output, r: ArpExperiment, title: string, result: ArpResult): void {
  out.line(`${title}: who-has ${r.vip}?`);
  out.table(
    ['answered', 'MAC', 'node'],
    result.answers.map((a, i) => [i === 0 ? 'first' : `${i + 1}.`, a.mac, a.node ?? '?']),
  );
  const others = result.answers.filter((a) => a.node !== r.director);
  const sends = result.neighbour ? `the client now sends to ${who(result.neighbour)}` : 'the client holds no MAC for it';
  if (result.answers.length === 0) out.line(`Nobody answered for ${r.vip}: is the lab up?`);
  else if (others.length === 0) out.line(`Only the director answers for the VIP; ${sends}.`);
  else
    out.line(
      `${others.map((a) => a.node ?? a.mac).join(' and ')} answer${others.length === 1 ? 's' : ''} for the VIP too; ${sends}` +
        `${result.neighbour?.node !== r.director ? ', past the director' : ''}. This is why the handbook hides the VIP on the real servers.`,
    );
}
