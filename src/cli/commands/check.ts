// The lab checker, for a teacher grading a lab done by hand: every step with its proof, then what
// the finished lab must show. Exit code 1 when anything is missing.
import type { Command } from 'commander';
import { LOAD_LIMITS } from '../../core/loadTest';
import { setup } from '../context';

const MARK = { done: '✔ done', pending: '· pending', drifted: '~ drifted', failed: '✖ failed' } as const;

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
      out.table(
        ['step', 'status', 'proof (read from the node)'],
        grade.steps.map((s) => [s.id, MARK[s.status], s.proof]),
      );
      out.table(
        ['', 'what the lab must show', 'evidence'],
        grade.claims.map((c) => [c.ok ? '✔' : '✖', c.claim, c.evidence]),
      );
      out.line(`${grade.lab}: ${grade.passed ? 'passed' : 'not passed'} — ${grade.claims.filter((c) => c.ok).length} of ${grade.claims.length} shown.`);
    });
}
