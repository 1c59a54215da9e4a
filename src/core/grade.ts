// A lab checker for teachers (`lvs-lab check`): every step with the proof read from its node, then
// what the finished lab must show — the VIP answers every request, the split follows the scheduler,
// and the replies take the mode's path (DR/TUN: never through the director, OutPkts 0; NAT: back
// through it).
import type { StepState } from './engine';
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

export function gradeLab(lab: Lab, infos: readonly StepInfo[], states: readonly StepState[], proof: LabProof | null): Grade {
  const steps = states.map((s) => ({ id: s.id, node: s.node, title: infos.find((i) => i.id === s.id)?.title ?? s.id, status: s.status, proof: s.detail }));
  const done = steps.filter((s) => s.status === 'done').length;
  const claims: Claim[] = [{ claim: 'every step is done, checked on its node', ok: done === steps.length, evidence: `${done} of ${steps.length} done` }];
  if (!proof) {
    claims.push({ claim: 'the VIP answers (not tried: the steps are not all done)', ok: false, evidence: '' });
  } else {
    claims.push(...loadClaims(proof), pathClaim(lab, proof));
  }
  return { lab: lab.name, mode: lab.mode, passed: claims.every((c) => c.ok), steps, claims };
}

function loadClaims({ requests, summary, prediction }: LabProof): Claim[] {
  const split = summary.backends.map((b) => `${b.backend} ${b.count}`).join(' · ') || 'none';
  const answered: Claim = {
    claim: `the VIP answers every one of ${requests} requests`,
    ok: summary.ok === requests,
    evidence: `${summary.ok}/${requests} answered (${split})${summary.errors || summary.timeouts ? `, ${summary.errors} errors, ${summary.timeouts} timeouts` : ''}`,
  };
  const scheduled: Claim = prediction
    ? { claim: `the split follows the ${prediction.scheduler} scheduler`, ok: prediction.matches, evidence: prediction.check }
    : { claim: 'the split follows the scheduler', ok: false, evidence: 'no prediction could be made' };
  return [answered, scheduled];
}

function pathClaim(lab: Lab, { requests, before, after }: LabProof): Claim {
  const grew = (k: 'inPkts' | 'outPkts') => (after?.stats?.[k] ?? 0) - (before?.stats?.[k] ?? 0);
  if (!after?.stats) return { claim: "the replies take the mode's path", ok: false, evidence: "the director's counters could not be read" };
  const counters = `InPkts +${grew('inPkts')}, OutPkts +${grew('outPkts')} on the director`;
  if (lab.mode === 'nat') {
    return { claim: 'NAT: the replies come back through the director', ok: grew('outPkts') >= requests, evidence: counters };
  }
  return {
    claim: `${lab.mode.toUpperCase()}: the replies go straight to the client, never through the director (OutPkts 0)`,
    ok: after.stats.outPkts === 0 && grew('inPkts') >= requests,
    evidence: counters,
  };
}
