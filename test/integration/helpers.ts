// What the integration tests read straight from a lab, past the project's own code:
// commands in a node through Docker, and IPVS's counters once they hold a load.
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import type Docker from 'dockerode';
import type { StepState } from '../../src/core/engine';
import type { ServiceView } from '../../src/core/serviceView';
import type { LoadTestResult } from '../../src/service/labService';
import { execIn } from '../../src/docker/exec';
import { cli, cliJson } from '../support/cli';

/** Runs a command in a lab node directly through Docker, not through the project's checks; fails unless it exits 0. */
export async function inNode(docker: Docker, lab: string, node: string, argv: string[]): Promise<string> {
  const [c] = await docker.listContainers({ filters: { label: [`lvslab.lab=${lab}`, `lvslab.node=${node}`] } });
  assert.ok(c, `${lab} ${node} is running`);
  const r = await execIn(docker, docker.getContainer(c.Id), argv, { timeoutMs: 20_000 });
  assert.equal(r.exitCode, 0, `${argv.join(' ')} on ${node}: ${r.stderr}`);
  return r.stdout;
}

/**
 * The lab's (single) virtual service once its counters show at least `conns` connections.
 * The kernel folds IPVS's per-CPU counters into what ipvsadm reports only every 2 s
 * (its estimator), so counters read right after a load can still miss it. Returns
 * the last reading after 15 s, for the caller's assertions to name.
 */
export async function serviceCounting(lab: string, conns: number): Promise<ServiceView> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const [svc] = await cliJson<ServiceView[]>(['services', '--lab', lab]);
    if ((svc.stats?.conns ?? 0) >= conns || Date.now() > deadline) return svc;
    await sleep(500);
  }
}

/** A load test's split as [backend, count] rows, by backend name. */
export const counts = (r: LoadTestResult) => r.summary.backends.map((b) => [b.backend, b.count]);

/** The lab as its file says (reset, then up), every step done. */
export async function fromTheFile(lab: string): Promise<void> {
  const reset = await cli(['reset', '--lab', lab]);
  if (reset.code !== 0 && !/no container|not running|start the lab/i.test(reset.stderr)) assert.fail(reset.stderr);
  const { steps } = await cliJson<{ steps: StepState[] }>(['up', '--lab', lab]);
  for (const s of steps) assert.equal(s.status, 'done', `${s.id}: ${s.detail}`);
}

/** A live change with the CLI (`scheduler …`, `weight …`, `persist …`); fails unless it succeeds. */
export async function change(lab: string, args: string[]): Promise<void> {
  const r = await cli([...args, '--lab', lab]);
  assert.equal(r.code, 0, `lvs-lab ${args.join(' ')}: ${r.stderr}`);
}
