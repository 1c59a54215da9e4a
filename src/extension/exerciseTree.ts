// A step in the Lab tree while the lab is an exercise (plain data, no vscode import): its goal instead
// of its commands, its status from its check (a wrong state stays pending), and the hint and the
// answer as child rows once earned or asked for. Run buttons are not offered (the learner types).
import * as l10n from '@vscode/l10n';
import { stepStatusWord, type StepState } from '../core/engine';
import { doneHowWords, exerciseStep, type ExerciseRecord, type ExerciseStep } from '../core/exercise';
import type { StepInfo } from '../core/step';
import type { Icon, TreeNode } from './treeModel';

const ICON: Record<ExerciseStep['status'], Icon> = {
  done: { id: 'pass-filled', color: 'testing.iconPassed' },
  pending: { id: 'circle-large-outline' },
  failed: { id: 'error', color: 'testing.iconFailed' },
};

export function exerciseStepNode(info: StepInfo, state: StepState | undefined, record: ExerciseRecord): TreeNode {
  const step = exerciseStep(info, state, record);
  const what = info.id.slice(info.node.length + 1);
  const children: TreeNode[] = [];
  if (step.hint && step.status !== 'done') children.push(hintRow(info.id, step.hint));
  if (step.answer && step.status !== 'done') step.answer.forEach((c, i) => children.push(answerRow(info.id, i, c)));
  return {
    kind: 'step',
    // A new id once it has hint rows: VS Code keeps an item's earlier collapsible state (none) for its id.
    id: children.length ? `step:${info.id}:help-${children.length}` : `step:${info.id}`,
    ref: info.id,
    label: step.goal,
    description: describe(step),
    tooltip: [
      `**${step.goal}** (\`${info.id}\`)`,
      `${describe(step)}${step.detail ? ` — ${l10n.t('read on {0}: {1}', info.node, step.detail)}` : ''}`,
      step.hint
        ? l10n.t('Hint (the handbook): {0}', step.hint)
        : l10n.t('Open a shell in {0} and type the commands; the step turns done when {0} matches.', info.node),
      step.answer ? `${l10n.t('Answer:')}\n\n${step.answer.map((c) => `    ${c}`).join('\n')}` : '',
    ]
      .filter(Boolean)
      .join('\n\n'),
    contextValue: `exercise.${step.status}.${what}${step.answer ? '.answered' : ''}`,
    icon: step.status === 'pending' && step.hint ? { id: 'lightbulb', color: 'list.warningForeground' } : ICON[step.status],
    children,
  };
}

function describe(step: ExerciseStep): string {
  if (step.status === 'done') return `${stepStatusWord('done')} · ${doneHowWords(step.how)}`;
  if (step.status === 'failed') return stepStatusWord('failed');
  const pending = stepStatusWord('pending');
  if (step.answer) return l10n.t('{0} · answer shown', pending);
  if (step.hint) return l10n.t('{0} · hint shown', pending);
  return pending;
}

function hintRow(id: string, hint: string): TreeNode {
  return {
    kind: 'message',
    id: `hint:${id}`,
    label: l10n.t('Hint: {0}', hint),
    tooltip: l10n.t('Hint (the handbook): {0}', hint),
    icon: { id: 'lightbulb' },
    children: [],
  };
}

function answerRow(id: string, i: number, command: string): TreeNode {
  return {
    kind: 'message',
    id: `answer:${id}:${i}`,
    label: l10n.t('Answer: {0}', command),
    tooltip: `    ${command}`,
    icon: { id: 'terminal' },
    children: [],
  };
}
