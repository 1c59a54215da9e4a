// A lab checker for teachers (`lvs-lab check`): every step with the proof read from its node, then
// what the finished lab must show — the VIP answers every request, the split follows the scheduler,
// and the replies take the mode's path (DR/TUN: never through the director, OutPkts 0; NAT: back
// through it).
import * as l10n from '@vscode/l10n';
import type { StepState } from './engine';
import { doneHowWords, type DoneHow, type ExerciseRecord } from './exercise';
import type { Lab } from './lab';
import type { LoadPrediction } from './loadPrediction';
import type { LoadStats } from './loadStats';
import type { ServiceView } from './serviceView';
import type { StepInfo } from './step';

export interface GradedStep {
  id: string;
  node: string;
  title: string;
  status: StepState['status'];
  /** What the check read on the node. */
  proof: string;
  /** In exercise mode: how the learner got there. */
  exercise?: ExerciseGrade;
}

export interface ExerciseGrade {
  /** How the step first turned done; null while it is not. */
  how: DoneHow | null;
  /** Failed checks (distinct wrong states read on the node). */
  attempts: number;
  hint: boolean;
  /** The answer was shown: earned by failed checks, or asked for. */
  answer: 'earned' | 'asked' | null;
}

export interface Claim {
  claim: string;
  ok: boolean;
  evidence: string;
}

export interface Grade {
  lab: string;
  mode: Lab['mode'];
  passed: boolean;
  steps: GradedStep[];
  claims: Claim[];
  /** Exercise mode: when it started and how many steps were done each way; null for a lab not run as an exercise. */
  exercise: { startedAt: string; hand: number; answer: number; lab: number } | null;
}

/** What the load test and the director's counters around it showed; null when the steps were not all done. */
export interface LabProof {
  requests: number;
  summary: LoadStats;
  prediction: LoadPrediction | null;
  /** The lab's service before and after the requests (`ipvsadm -Ln --stats --exact`). */
  before: ServiceView | null;
  after: ServiceView | null;
}

export function gradeLab(
  lab: Lab,
  infos: readonly StepInfo[],
  states: readonly StepState[],
  proof: LabProof | null,
  exercise: ExerciseRecord | null = null,
): Grade {
  const steps = states.map((s): GradedStep => ({
    id: s.id,
    node: s.node,
    title: infos.find((i) => i.id === s.id)?.title ?? s.id,
    status: s.status,
    proof: s.detail,
    ...(exercise ? { exercise: exerciseGrade(exercise, s) } : {}),
  }));
  const done = steps.filter((s) => s.status === 'done').length;
  const claims: Claim[] = [
    { claim: l10n.t('every step is done, checked on its node'), ok: done === steps.length, evidence: l10n.t('{0} of {1} done', done, steps.length) },
  ];
  if (!proof) {
    claims.push({ claim: l10n.t('the VIP answers (not tried: the steps are not all done)'), ok: false, evidence: '' });
  } else {
    claims.push(...loadClaims(proof), pathClaim(lab, proof));
  }
  const count = (how: DoneHow) => steps.filter((s) => s.status === 'done' && s.exercise?.how === how).length;
  return {
    lab: lab.name,
    mode: lab.mode,
    passed: claims.every((c) => c.ok),
    steps,
    claims,
    exercise: exercise ? { startedAt: exercise.startedAt, hand: count('hand'), answer: count('answer'), lab: count('lab') } : null,
  };
}

/** How a step got done, with its failed checks and what was shown, in words (`lvs-lab check`, the Exercise Summary). */
export function describeExercise(x: ExerciseGrade): string {
  const notes = [
    x.attempts ? l10n.t('{0} failed checks', x.attempts) : '',
    x.hint && !x.answer ? l10n.t('hint shown') : '',
    x.answer === 'asked' ? l10n.t('answer asked for') : x.answer === 'earned' ? l10n.t('answer shown') : '',
  ].filter(Boolean);
  return [doneHowWords(x.how ?? undefined), ...notes].join(', ');
}

function exerciseGrade(record: ExerciseRecord, state: StepState): ExerciseGrade {
  const rec = record.steps[state.id] ?? {};
  return {
    how: state.status === 'done' ? (rec.how ?? null) : null,
    attempts: rec.wrong?.length ?? 0,
    hint: !!rec.hintAt,
    answer: rec.answerAt ? (rec.answerAsked ? 'asked' : 'earned') : null,
  };
}

function loadClaims({ requests, summary, prediction }: LabProof): Claim[] {
  const split = summary.backends.map((b) => `${b.backend} ${b.count}`).join(' · ') || l10n.t('none');
  const failures = summary.errors || summary.timeouts ? l10n.t(', {0} errors, {1} timeouts', summary.errors, summary.timeouts) : '';
  const answered: Claim = {
    claim: l10n.t('the VIP answers every one of {0} requests', requests),
    ok: summary.ok === requests,
    evidence: l10n.t('{0}/{1} answered ({2}){3}', summary.ok, requests, split, failures),
  };
  const scheduled: Claim = prediction
    ? { claim: l10n.t('the split follows the {0} scheduler', prediction.scheduler), ok: prediction.matches, evidence: prediction.check }
    : { claim: l10n.t('the split follows the scheduler'), ok: false, evidence: l10n.t('no prediction could be made') };
  return [answered, scheduled];
}

function pathClaim(lab: Lab, { requests, before, after }: LabProof): Claim {
  const grew = (k: 'inPkts' | 'outPkts') => (after?.stats?.[k] ?? 0) - (before?.stats?.[k] ?? 0);
  if (!after?.stats) return { claim: l10n.t("the replies take the mode's path"), ok: false, evidence: l10n.t("the director's counters could not be read") };
  const counters = l10n.t('InPkts +{0}, OutPkts +{1} on the director', grew('inPkts'), grew('outPkts'));
  if (lab.mode === 'nat') {
    return { claim: l10n.t('NAT: the replies come back through the director'), ok: grew('outPkts') >= requests, evidence: counters };
  }
  return {
    claim: l10n.t('{0}: the replies go straight to the client, never through the director (OutPkts 0)', lab.mode.toUpperCase()),
    ok: after.stats.outPkts === 0 && grew('inPkts') >= requests,
    evidence: counters,
  };
}
