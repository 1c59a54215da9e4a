// `lvs-lab check`: the steps read from the nodes, then, when they are all done, a load test with the
// director's counters read before and after it, judged by the core's lab checker (grade.ts).
import { setTimeout as sleep } from 'node:timers/promises';
import type { StepState } from '../core/engine';
import type { ExerciseRecord } from '../core/exercise';
import type { NodeExecutor } from '../core/exec';
import { gradeLab, type Grade, type LabProof } from '../core/grade';
import type { Lab } from '../core/lab';
import type { ServiceView } from '../core/serviceView';
import type { StepInfo } from '../core/step';
import { runLoadTest } from './loadRun';

export interface CheckDeps {
  /** The lab as the user now wants it (the file with the live changes), once the status has read them. */
  lab: () => Lab;
  nodes: NodeExecutor;
  steps: () => StepInfo[];
  /** The steps read from the nodes, with the exercise (when the lab is one) as that read recorded it. */
  status: () => Promise<{ steps: StepState[]; exercise?: ExerciseRecord | null }>;
  services: () => Promise<ServiceView[]>;
  execTimeoutMs: number;
}

export async function runCheck(d: CheckDeps, requests: number): Promise<Grade> {
  const { steps: states, exercise } = await d.status();
  const lab = d.lab();
  let proof: LabProof | null = null;
  if (states.every((s) => s.status === 'done')) {
    const key = `TCP ${lab.service.vip}:${lab.service.port}`;
    const ours = (list: ServiceView[]) => list.find((s) => s.key === key) ?? null;
    const before = ours(await d.services());
    const load = await runLoadTest(d.nodes, lab, { requests, concurrency: 2 }, { execTimeoutMs: d.execTimeoutMs });
    // ipvsadm's counters lag the kernel's by up to its estimator's 2 s: read until the requests show.
    let after = ours(await d.services());
    for (let i = 0; i < 4 && (after?.stats?.inPkts ?? 0) - (before?.stats?.inPkts ?? 0) < requests; i++) {
      await sleep(1000);
      after = ours(await d.services());
    }
    proof = { requests, summary: load.summary, prediction: load.prediction, before, after };
  }
  return gradeLab(lab, d.steps(), states, proof, exercise ?? null);
}
