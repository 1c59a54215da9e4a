// Live changes to the running virtual service: scheduler, a real server's weight, persistence.
import type { Command } from 'commander';
import { SCHEDULERS, type Scheduler } from '../../core/lab';
import { CHANGE_LIMITS, describeSettings, serviceSettings, type LabChange } from '../../core/labChanges';
import { SCHEDULER_INFO } from '../../core/schedulers';
import type { ChangeResult } from '../../service/liveChanges';
import { display } from '../../core/step';
import { setup } from '../context';
import type { Output } from '../output';

export function registerChange(program: Command): void {
  program
    .command('scheduler [name]')
    .description(`change the virtual service's scheduler on the running lab (${SCHEDULERS.join(' ')}); without a name, list them and which the kernel has`)
    .action(async (name: string | undefined, _o, cmd: Command) => {
      const { out, service } = setup(cmd);
      if (name === undefined) {
        const [have, desired] = await Promise.all([service.schedulers(), service.desiredLab()]);
        const now = desired.scheduler;
        if (out.json) return out.data(SCHEDULERS.map((s) => ({ scheduler: s, available: have[s], current: s === now, ...SCHEDULER_INFO[s] })));
        out.table(
          ['', 'scheduler', 'kernel', 'what it does'],
          SCHEDULERS.map((s) => [s === now ? '*' : '', s, have[s] ? 'yes' : 'missing', SCHEDULER_INFO[s].explanation]),
        );
        return;
      }
      report(out, await service.change({ kind: 'scheduler', scheduler: name as Scheduler }), 'scheduler');
    });

  program
    .command('weight <node> <weight>')
    .description(`change a real server's weight on the running lab (0 to ${CHANGE_LIMITS.maxWeight}; 0 sends it no new connections)`)
    .action(async (node: string, weight: string, _o, cmd: Command) => {
      const { out, service } = setup(cmd);
      report(out, await service.change({ kind: 'weight', node, weight: wholeNumber(weight, 'the weight') }), 'weight');
    });

  program
    .command('persist <seconds>')
    .description(`make a client's connections stick to one real server for <seconds> (1 to ${CHANGE_LIMITS.maxPersistenceSeconds}), or "off"`)
    .action(async (seconds: string, _o, cmd: Command) => {
      const { out, service } = setup(cmd);
      const change: LabChange = { kind: 'persistence', seconds: seconds === 'off' ? 0 : wholeNumber(seconds, 'the persistence') };
      if (change.seconds === 0 && seconds !== 'off') throw new Error('persistence is a number of seconds from 1, or "off"');
      report(out, await service.change(change), 'persistence');
    });
}

function wholeNumber(text: string, what: string): number {
  if (!/^\d+$/.test(text)) throw new Error(`${what} must be a whole number, not "${text}"`);
  return Number(text);
}

function report(out: Output, r: ChangeResult, what: string): void {
  if (out.json) return out.data({ lab: r.desired.name, service: serviceSettings(r.desired), commands: r.commands.map(display) });
  for (const c of r.commands) out.note(`  ${display(c)}`);
  const note = r.commands.length === 0 ? ` (the ${what} already was so)` : '';
  out.line(`${r.desired.name}: ${describeSettings(r.desired)}${note}. Reset returns to the lab file.`);
}
