// The lab checker, for a teacher grading a lab done by hand: every step with its proof, then what
// the finished lab must show. Exit code 1 when anything is missing.
import * as l10n from '@vscode/l10n';
import type { Command } from 'commander';
import { stepStatusWord } from '../../core/engine';
import { describeExercise, type GradedStep } from '../../core/grade';
import { LOAD_LIMITS } from '../../core/loadTest';
import { setup } from '../context';

const MARKS: Record<GradedStep['status'], string> = { done: '✔', pending: '·', drifted: '~', failed: '✖' };
const mark = (s: GradedStep['status']): string => `${MARKS[s]} ${stepStatusWord(s)}`;

export function registerCheck(program: Command): void {
  program
    .command('check')
    .description(
      "grade the lab as it stands: each step's state read from its node as proof, then (all done) N requests to the VIP, the split against the scheduler and the replies' path through the director's counters; exit code 1 when anything fails",
    )
    .option('-n, --requests <n>', `requests for the proof (2 to ${LOAD_LIMITS.maxRequests})`, '20')
    .action(async (o: { requests: string }, cmd: Command) => {
      const { out, service } = setup(cmd);
      if (!/^\d+$/.test(o.requests) || Number(o.requests) < 2 || Number(o.requests) > LOAD_LIMITS.maxRequests)
        throw new Error(`--requests must be a whole number from 2 to ${LOAD_LIMITS.maxRequests}`);
      out.progress('checking every step on its node…');
      const grade = await service.check(Number(o.requests));
      out.done();
      if (!grade.passed) process.exitCode = 1;
      if (out.json) return out.data(grade);
      if (grade.exercise) {
        out.table(
          [l10n.t('step'), l10n.t('status'), l10n.t('how (exercise)'), l10n.t('proof (read from the node)')],
          grade.steps.map((s) => [s.id, mark(s.status), s.exercise ? describeExercise(s.exercise) : '', s.proof]),
        );
        const e = grade.exercise;
        out.line(l10n.t('Exercise started {0}: {1} steps done by hand, {2} after the answer, {3} run by the lab.', e.startedAt, e.hand, e.answer, e.lab));
      } else {
        out.table(
          [l10n.t('step'), l10n.t('status'), l10n.t('proof (read from the node)')],
          grade.steps.map((s) => [s.id, mark(s.status), s.proof]),
        );
      }
      out.table(
        ['', l10n.t('what the lab must show'), l10n.t('evidence')],
        grade.claims.map((c) => [c.ok ? '✔' : '✖', c.claim, c.evidence]),
      );
      const shown = grade.claims.filter((c) => c.ok).length;
      out.line(
        grade.passed
          ? l10n.t('{0}: passed — {1} of {2} shown.', grade.lab, shown, grade.claims.length)
          : l10n.t('{0}: not passed — {1} of {2} shown.', grade.lab, shown, grade.claims.length),
      );
    });
}
