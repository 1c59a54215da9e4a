// What the integration tests read straight from a lab, past the project's own code:
// commands in a node through Docker, and IPVS's counters once they hold a load.
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import type Docker from 'dockerode';
import type { ServiceView } from '../../src/core/serviceView';
import { execIn } from '../../src/docker/exec';
import { cliJson } from '../support/cli';

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
