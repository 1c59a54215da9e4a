// Exercise mode from a terminal: the steps as goals with the hint and answer once earned
// (`lvs-lab steps` on an exercise lab, `lvs-lab up --exercise`), and `lvs-lab answer <id>`.
import * as l10n from '@vscode/l10n';
import type { Command } from 'commander';
import type { StepState } from '../../core/engine';
import { doneHowWords, exerciseStep, type ExerciseRecord } from '../../core/exercise';
import type { StepInfo } from '../../core/step';
import { setup } from '../context';
import type { Output } from '../output';

/** The steps as exercise mode shows them: goal, status, and what was earned. */
export function showExercise(out: Output, infos: StepInfo[], states: StepState[], record: ExerciseRecord): void {
  const steps = infos.map((info) =>
    exerciseStep(
      info,
      states.find((s) => s.id === info.id),
      record,
    ),
  );
  if (out.json) return out.data({ exercise: record, steps });
  out.table(
    [l10n.t('step'), l10n.t('status'), l10n.t('goal'), l10n.t('hint / answer')],
    steps.map((s) => [
      s.id,
      s.status === 'done' ? `✔ ${doneHowWords(s.how)}` : s.status === 'failed' ? `✖ ${s.detail}` : `· ${l10n.t('pending')}`,
      s.goal,
      [s.hint ? l10n.t('hint: {0}', s.hint) : '', ...(s.answer ?? [])].filter(Boolean).join('\n'),
    ]),
  );
  const done = steps.filter((s) => s.status === 'done').length;
  out.line(
    l10n.t(
      'Exercise: {0} of {1} steps done. Type the commands in the nodes (`docker exec` or VS Code); `lvs-lab answer <step>` shows one.',
      done,
      steps.length,
    ),
  );
}

export function registerExercise(program: Command): void {
  program
    .command('answer <step>')
    .description(l10n.t("exercise mode: show a step's hint and exact commands (recorded: the summary says the step needed the answer)"))
    .action(async (id: string, _o, cmd: Command) => {
      const { out, service } = setup(cmd);
      const step = await service.showAnswer(id);
      if (out.json) return out.data(step);
      out.line(`${step.id}: ${step.goal}`);
      if (step.hint) out.line(l10n.t('Handbook: {0}', step.hint));
      for (const c of step.answer ?? []) out.line(`  ${c}`);
    });
}
