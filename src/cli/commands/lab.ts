// The lab's life: doctor, up, steps, one step, status, reset, down.
import * as l10n from '@vscode/l10n';
import type { Command } from 'commander';
import { stepStatusWord } from '../../core/engine';
import { roleWord } from '../../core/lab';
import { describeSettings, serviceSettings } from '../../core/labChanges';
import { containerStateWord } from '../../core/nodeState';
import type { StepStatus } from '../../core/step';
import { clockTime } from '../../core/time';
import { setup } from '../context';
import { showExercise } from './exercise';

export function registerLab(program: Command): void {
  program
    .command('doctor')
    .description(l10n.t('check Docker, IPVS, the node image and the lab subnet'))
    .action(async (_o, cmd: Command) => {
      const { out, service } = setup(cmd);
      const report = await service.doctor();
      if (out.json) out.data(report);
      else
        out.table(
          [l10n.t('check'), l10n.t('status'), l10n.t('finding')],
          report.findings.map((f) => [f.check, findingStatus(f.status), f.message]),
        );
      if (!report.ok) process.exitCode = 1;
    });

  program
    .command('up')
    .description(l10n.t('build the image if needed, create the lab and run every step (idempotent)'))
    .option('--exercise', l10n.t('exercise mode: create the nodes and leave the steps to the learner, who types them; the checks record how each turned done'))
    .action(async (o: { exercise?: boolean }, cmd: Command) => {
      const { out, service } = setup(cmd);
      const started = Date.now();
      const { steps: states, exercise } = await service.up((m) => out.progress(m), undefined, { exercise: o.exercise });
      out.done();
      if (exercise) return showExercise(out, service.steps(), states, exercise);
      if (out.json) out.data({ lab: service.lab.name, seconds: (Date.now() - started) / 1000, steps: states });
      else {
        out.table(
          [l10n.t('step'), l10n.t('node'), l10n.t('status'), l10n.t('detail')],
          states.map((s) => [s.id, s.node, statusMark(s.status) + (s.skipped ? l10n.t(' (already)') : s.notRun ? l10n.t(' (not run)') : ''), s.detail]),
        );
        out.line(l10n.t('{0}: up in {1} s. Try `lvs-lab load`.', service.lab.title, ((Date.now() - started) / 1000).toFixed(1)));
      }
      if (states.some((s) => s.status === 'failed')) process.exitCode = 1;
    });

  program
    .command('steps')
    .description(l10n.t("list the handbook's steps with their status, read from the nodes"))
    .action(async (_o, cmd: Command) => {
      const { out, service } = setup(cmd);
      const { steps, exercise } = await service.status();
      const infos = service.steps();
      if (exercise) return showExercise(out, infos, steps, exercise);
      if (out.json) out.data(infos.map((info, i) => ({ ...info, status: steps[i].status, detail: steps[i].detail })));
      else
        out.table(
          [l10n.t('step'), l10n.t('node'), l10n.t('status'), l10n.t('title'), l10n.t('commands')],
          infos.map((info, i) => [info.id, info.node, statusMark(steps[i].status), info.title, info.commands.map(shortCommand).join('\n')]),
        );
    });

  program
    .command('step <id>')
    .description(l10n.t('run one step (nothing happens when its check says it is done)'))
    .action(async (id: string, _o, cmd: Command) => {
      const { out, service } = setup(cmd);
      const state = await service.runStep(id);
      if (out.json) out.data(state);
      else out.line(`${state.id}: ${statusMark(state.status)}${state.skipped ? l10n.t(' (already done, nothing run)') : ''} — ${state.detail}`);
      if (state.status === 'failed') process.exitCode = 1;
    });

  program
    .command('status')
    .description(l10n.t("the lab's nodes and step statuses"))
    .action(async (_o, cmd: Command) => {
      const { out, service } = setup(cmd);
      const [status, busy] = await Promise.all([service.status(), service.busy()]);
      const lab = service.current;
      const vip = `${lab.service.vip}:${lab.service.port}`;
      if (out.json) {
        return out.data({ lab: lab.name, mode: lab.mode, ...serviceSettings(lab), vip, busy, ...status });
      }
      out.line(`${lab.title} — ${lab.mode.toUpperCase()}, VIP ${vip}, ${describeSettings(lab)}`);
      if (busy) out.line(l10n.t('Busy: {0} since {1} (process {2})', busy.operation, clockTime(busy.since), busy.pid));
      out.table(
        [l10n.t('node'), l10n.t('role'), l10n.t('address'), l10n.t('container'), l10n.t('steps')],
        status.nodes.map((n) => {
          const mine = status.steps.filter((s) => s.node === n.name);
          const doneCount = mine.filter((s) => s.status === 'done').length;
          return [
            n.name,
            roleWord(n.role),
            Object.values(n.addresses).join(', '),
            containerStateWord(n.state),
            mine.length ? l10n.t('{0}/{1} done', doneCount, mine.length) : '-',
          ];
        }),
      );
    });

  program
    .command('reset')
    .description(
      l10n.t('bring every node back to its state right after creation (undone in place, or recreated where that cannot be proved); steps as on a fresh lab'),
    )
    .action(async (_o, cmd: Command) => {
      const { out, service } = setup(cmd);
      const r = await service.reset((m) => out.progress(m));
      if (out.json) return out.data({ lab: service.lab.name, reset: true, ...r });
      out.line(
        l10n.t(
          '{0}: reset ({1} nodes undone in place, {2} recreated); steps as on a fresh lab. Run `lvs-lab up` or `lvs-lab step <id>`.',
          service.lab.name,
          r.inPlace,
          r.recreated,
        ),
      );
    });

  program
    .command('down')
    .description(l10n.t("remove the lab's containers and networks (only those carrying its labels)"))
    .action(async (_o, cmd: Command) => {
      const { out, service } = setup(cmd);
      await service.down((m) => out.progress(m));
      if (out.json) return out.data({ lab: service.lab.name, down: true });
      out.line(l10n.t('{0}: removed.', service.lab.name));
    });
}

/** A step's status with its mark, in the user's language (the --json output keeps the status itself). */
function statusMark(status: StepStatus): string {
  return `${STATUS_MARKS[status]} ${stepStatusWord(status)}`;
}

const STATUS_MARKS: Record<StepStatus, string> = { done: '✔', pending: '·', failed: '✘', drifted: '≠' };

/** A doctor finding's status word. */
function findingStatus(status: string): string {
  switch (status) {
    case 'ok':
      return l10n.t({ message: 'ok', args: [], comment: ['a doctor check passed'] });
    case 'warn':
      return l10n.t({ message: 'warn', args: [], comment: ['a doctor check gave a warning'] });
    case 'fail':
      return l10n.t({ message: 'fail', args: [], comment: ['a doctor check failed'] });
    default:
      return status;
  }
}

/** A command as a table cell: a long script (keepalived's configuration) cut to its first lines. */
function shortCommand(command: string): string {
  const lines = command.split('\n');
  return lines.length <= 3 ? command : `${lines.slice(0, 2).join('\n')}\n${l10n.t('… {0} more lines (--json shows all)', lines.length - 2)}`;
}
