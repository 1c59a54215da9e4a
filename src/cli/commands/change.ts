// Live changes to the running virtual service: scheduler, a real server's weight, persistence.
import * as l10n from '@vscode/l10n';
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
    .description(
      l10n.t("change the virtual service's scheduler on the running lab ({0}); without a name, list them and which the kernel has", SCHEDULERS.join(' ')),
    )
    .action(async (name: string | undefined, _o, cmd: Command) => {
      const { out, service } = setup(cmd);
      if (name === undefined) {
        const [have, desired] = await Promise.all([service.schedulers(), service.desiredLab()]);
        const now = desired.scheduler;
        if (out.json) return out.data(SCHEDULERS.map((s) => ({ scheduler: s, available: have[s], current: s === now, ...SCHEDULER_INFO[s] })));
        out.table(
          ['', l10n.t('scheduler'), l10n.t('kernel'), l10n.t('what it does')],
          SCHEDULERS.map((s) => [s === now ? '*' : '', s, have[s] ? l10n.t('yes') : l10n.t('missing'), SCHEDULER_INFO[s].explanation]),
        );
        return;
      }
      report(out, await service.change({ kind: 'scheduler', scheduler: name as Scheduler }), l10n.t('the scheduler'));
    });

  program
    .command('weight <node> <weight>')
    .description(l10n.t("change a real server's weight on the running lab (0 to {0}; 0 sends it no new connections)", CHANGE_LIMITS.maxWeight))
    .action(async (node: string, weight: string, _o, cmd: Command) => {
      const { out, service } = setup(cmd);
      report(out, await service.change({ kind: 'weight', node, weight: wholeNumber(weight, l10n.t('the weight')) }), l10n.t('the weight'));
    });

  program
    .command('persist <seconds>')
    .description(l10n.t('make a client\'s connections stick to one real server for <seconds> (1 to {0}), or "off"', CHANGE_LIMITS.maxPersistenceSeconds))
    .action(async (seconds: string, _o, cmd: Command) => {
      const { out, service } = setup(cmd);
      const change: LabChange = { kind: 'persistence', seconds: seconds === 'off' ? 0 : wholeNumber(seconds, l10n.t('the persistence')) };
      if (change.seconds === 0 && seconds !== 'off') throw new Error(l10n.t('persistence is a number of seconds from 1, or "off"'));
      report(out, await service.change(change), l10n.t('the persistence'));
    });
}

function wholeNumber(text: string, what: string): number {
  if (!/^\d+$/.test(text)) throw new Error(l10n.t('{0} must be a whole number, not "{1}"', what, text));
  return Number(text);
}

function report(out: Output, r: ChangeResult, what: string): void {
  if (out.json) return out.data({ lab: r.desired.name, service: serviceSettings(r.desired), commands: r.commands.map(display) });
  for (const c of r.commands) out.note(`  ${display(c)}`);
  const note = r.commands.length === 0 ? l10n.t(' ({0} already was so)', what) : '';
  out.line(l10n.t('{0}: {1}{2}. Reset returns to the lab file.', r.desired.name, describeSettings(r.desired), note));
}
