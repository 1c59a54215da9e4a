// Live changes on a running lab (issue 10): scheduler, weights and persistence changed with
// the CLI on real IPVS, read back from the kernel, with the steps following the change.
// Each test starts from the DR lab as its file says (reset, then up) and stands alone.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type Docker from 'dockerode';
import type { StepState } from '../../src/core/engine';
import type { IpvsConn } from '../../src/core/parsers';
import type { ServiceView } from '../../src/core/serviceView';
import type { LoadTestResult } from '../../src/service/labService';
import { cli, cliJson } from '../support/cli';
import { dockerFor, ensureEngine, repoRoot } from '../support/engine';
import { change, counts, fromTheFile, inNode } from './helpers';

const LAB = ['--lab', 'dr'];
let docker: Docker;

async function service(lab = 'dr'): Promise<ServiceView> {
  const services = await cliJson<ServiceView[]>(['services', '--lab', lab]);
  assert.equal(services.length, 1, `one virtual service: ${JSON.stringify(services)}`);
  return services[0];
}

async function noneDrifted(lab = LAB): Promise<void> {
  const steps = await cliJson<Array<{ id: string; status: string; detail: string }>>(['steps', ...lab]);
  for (const s of steps) assert.equal(s.status, 'done', `${s.id}: ${s.detail}`);
}

describe('live changes on real IPVS', { timeout: 30 * 60_000 }, () => {
  before(async () => {
    docker = dockerFor(await ensureEngine());
  });
  after(async () => {
    await cli(['down', ...LAB]);
  });

  test('DR, rr: after `weight node03 0` every request goes to node02; restored, the split is even again', async () => {
    await fromTheFile('dr');
    await change('dr', ['weight', 'node03', '0']);
    assert.deepEqual(counts(await cliJson<LoadTestResult>(['load', ...LAB, '-n', '20', '-c', '2'])), [['node02', 20]]);
    await noneDrifted();
    await change('dr', ['weight', 'node03', '1']);
    assert.deepEqual(counts(await cliJson<LoadTestResult>(['load', ...LAB, '-n', '20', '-c', '2'])), [
      ['node02', 10],
      ['node03', 10],
    ]);
  });

  test('rr → wrr → sh on a running lab: one virtual service, its real servers kept, no step drifted', async () => {
    await fromTheFile('dr');
    const before = (await service()).destinations.map((d) => d.address);
    for (const scheduler of ['wrr', 'sh']) {
      await change('dr', ['scheduler', scheduler]);
      const svc = await service();
      assert.equal(svc.scheduler, scheduler);
      assert.deepEqual(
        svc.destinations.map((d) => d.address),
        before,
      );
      await noneDrifted();
    }
    const status = await cliJson<{ scheduler: string }>(['status', ...LAB]);
    assert.equal(status.scheduler, 'sh', 'status shows the lab as changed');
  });

  test('`persist 60`: 20 requests from one source all go to one real server, and -lnc shows the persistence template entry', async () => {
    await fromTheFile('dr');
    await change('dr', ['persist', '60']);
    assert.equal((await service()).persistent, 60);
    const load = await cliJson<LoadTestResult>(['load', ...LAB, '-n', '20', '-c', '2']);
    assert.equal(load.summary.backends.length, 1, JSON.stringify(counts(load)));
    assert.equal(load.summary.backends[0].count, 20);
    const conns = await cliJson<IpvsConn[]>(['conns', ...LAB]);
    const template = conns.find((c) => c.source.port === 0 && c.source.ip === '192.168.150.10');
    assert.ok(template, `a template entry from the client with port 0: ${JSON.stringify(conns.slice(0, 5))}`);
    // A template starts as NONE and turns ASSURED once connections have used it (ip_vs_ctpl_state_name_table).
    assert.ok(['NONE', 'ASSURED'].includes(template.state), template.state);
    await noneDrifted();
  });

  test('reset returns to the lab file: rr, weights 1, not persistent', async () => {
    await fromTheFile('dr');
    await change('dr', ['scheduler', 'wrr']);
    await change('dr', ['weight', 'node02', '4']);
    await change('dr', ['persist', '30']);
    const reset = await cli(['reset', ...LAB]);
    assert.equal(reset.code, 0, reset.stderr);
    await cliJson(['up', ...LAB]);
    const svc = await service();
    assert.deepEqual([svc.scheduler, svc.persistent, svc.destinations.map((d) => d.weight)], ['rr', null, [1, 1]]);
    const status = await cliJson<{ scheduler: string; persistence: number | null; weights: Record<string, number> }>(['status', ...LAB]);
    assert.deepEqual([status.scheduler, status.persistence, status.weights], ['rr', null, { node02: 1, node03: 1 }]);
  });

  test('a change that does not fit is refused in one sentence, and nothing changes', async () => {
    await fromTheFile('dr');
    const r = await cli(['weight', 'node01', '3', ...LAB]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /^lvs-lab: "node01" is not a real server of dr; its real servers are node02, node03\n$/);
    const kernel = await inNode(docker, 'dr', 'node01', ['ipvsadm', '-Ln']);
    assert.match(kernel, /TCP {2}192\.168\.150\.100:80 rr\s*\n/);
  });

  test('`scheduler` lists every IPVS scheduler with whether the running kernel has it', async () => {
    await fromTheFile('dr');
    const list = await cliJson<Array<{ scheduler: string; available: boolean; current: boolean }>>(['scheduler', ...LAB]);
    assert.deepEqual(
      list.filter((s) => ['rr', 'wrr', 'lc', 'wlc', 'lblc', 'lblcr', 'dh', 'sh', 'sed', 'nq'].includes(s.scheduler)).map((s) => s.available),
      Array(10).fill(true),
    );
    assert.deepEqual(
      list.filter((s) => s.current).map((s) => s.scheduler),
      ['rr'],
    );
    const kernel = await inNode(docker, 'dr', 'node01', ['ipvsadm', '-Ln']);
    assert.doesNotMatch(kernel, /FWM/, 'the probe leaves no service behind');
  });
});

describe('a user lab with five real servers', { timeout: 30 * 60_000 }, () => {
  const FIVE = ['--lab', join(repoRoot, 'test', 'fixtures', 'five.lvslab.yaml')];
  before(async () => {
    await ensureEngine();
  });
  after(async () => {
    await cli(['down', ...FIVE]);
  });

  test('wrr 5:4:3:2:1: 150 requests split exactly 50/40/30/20/10', async () => {
    const { steps } = await cliJson<{ steps: StepState[] }>(['up', ...FIVE]);
    for (const s of steps) assert.equal(s.status, 'done', `${s.id}: ${s.detail}`);
    const load = await cliJson<LoadTestResult>(['load', ...FIVE, '-n', '150', '-c', '6']);
    assert.deepEqual(counts(load), [
      ['rs1', 50],
      ['rs2', 40],
      ['rs3', 30],
      ['rs4', 20],
      ['rs5', 10],
    ]);
  });
});
