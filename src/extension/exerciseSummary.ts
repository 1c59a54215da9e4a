// The exercise summary as a Markdown document (plain data, no vscode import): the lab checker's grade
// with, per step, how it got done, for a teacher to read or keep.
import * as l10n from '@vscode/l10n';
import { describeExercise, type Grade } from '../core/grade';

const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

export function summaryMarkdown(grade: Grade, title: string): string {
  const e = grade.exercise;
  const lines = [
    `# ${l10n.t('Exercise summary: {0}', title)}`,
    '',
    e
      ? l10n.t('Exercise started {0}: {1} steps done by hand, {2} after the answer, {3} run by the lab.', e.startedAt, e.hand, e.answer, e.lab)
      : l10n.t('{0} was not started as an exercise: the steps are graded without how they were done.', grade.lab),
    '',
    `| ${l10n.t('step')} | ${l10n.t('status')} | ${l10n.t('how (exercise)')} | ${l10n.t('proof (read from the node)')} |`,
    '| --- | --- | --- | --- |',
    ...grade.steps.map(
      (s) => `| ${s.id} | ${s.status === 'done' ? '✔' : '·'} ${s.status} | ${cell(s.exercise ? describeExercise(s.exercise) : '')} | ${cell(s.proof)} |`,
    ),
    '',
    `| | ${l10n.t('what the lab must show')} | ${l10n.t('evidence')} |`,
    '| --- | --- | --- |',
    ...grade.claims.map((c) => `| ${c.ok ? '✔' : '✖'} | ${cell(c.claim)} | ${cell(c.evidence)} |`),
    '',
    grade.passed
      ? l10n.t('{0}: passed — {1} of {2} shown.', grade.lab, grade.claims.filter((c) => c.ok).length, grade.claims.length)
      : l10n.t('{0}: not passed — {1} of {2} shown.', grade.lab, grade.claims.filter((c) => c.ok).length, grade.claims.length),
    '',
  ];
  return lines.join('\n');
}
