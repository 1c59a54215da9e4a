// The handbook's DR lab on a real Docker engine with real kernel IPVS, driven
// through the bundled CLI as a user would. Each test stands alone: the first brings
// the lab up from nothing, the others make sure it is up (`up` on a lab that is up
// only reads, in seconds) and leave it up; the file removes it at the end.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type Docker from 'dockerode';
import type { StepState } from '../../src/core/engine';
import type { IpvsConn } from '../../src/core/parsers';
import type { ServiceView } from '../../src/core/serviceView';
import type { LoadTestResult } from '../../src/service/labService';
import { cli, cliJson } from '../support/cli';
import { dockerFor, ensureEngine } from '../support/engine';
import { inNode as inLabNode, serviceCounting } from './helpers';

const LAB = ['--lab', 'dr'];
let docker: Docker;

async function labelled(kind: 'containers' | 'networks'): Promise<string[]> {
  const filters = { label: ['lvslab.lab=dr'] };
  if (kind === 'containers') return (await docker.listContainers({ all: true, filters })).map((c) => c.Names[0]);
  return (await docker.listNetworks({ filters })).map((n) => n.Name);
}

const inNode = (node: string, argv: string[]) => inLabNode(docker, 'dr', node, argv);

async function up(): Promise<StepState[]> {
  const r = await cliJson<{ steps: StepState[] }>(['up', ...LAB]);
  return r.steps;
}

/** The lab up with every step done, whatever state an earlier test (or run) left it in. */
async function ensureUp(): Promise<void> {
  for (const s of await up()) assert.equal(s.status, 'done', `${s.id}: ${s.detail}`);
}

describe('DR lab on real IPVS', { timeout: 60 * 60_000 }, () => {
  before(async () => {
    docker = dockerFor(await ensureEngine());
  });

  after(async () => {
    await cli(['down', ...LAB]);
  });

  test('up runs every step, and 60 requests split 30/30 over node02 and node03', async () => {
    const down = await cli(['down', ...LAB]);
    assert.equal(down.code, 0, down.stderr);
    const steps = await up();
    assert.equal(steps.length, 10);
    for (const s of steps) {
      assert.equal(s.status, 'done', `${s.id}: ${s.detail}`);
      assert.ok(!s.skipped && !s.notRun, `${s.id} ran: ${JSON.stringify(s)}`);
    }

    const load = await cliJson<LoadTestResult>(['load', '-n', '60', '-c', '6', ...LAB]);
    assert.equal(load.summary.total, 60);
    assert.equal(load.summary.ok, 60, JSON.stringify(load.summary.errorMessages));
    assert.deepEqual(
      load.summary.backends.map((b) => [b.backend, b.count]),
      [
        ['node02', 30],
        ['node03', 30],
      ],
    );
    assert.ok(load.summary.latencyMs && load.summary.latencyMs.p50 > 0);
  });

  test('DR: the director sees only the inbound half (OutPkts 0), and FIN_WAIT entries for both real servers', async () => {
    await ensureUp();
    const [earlier] = await cliJson<ServiceView[]>(['services', ...LAB]);
    const load = await cliJson<LoadTestResult>(['load', '-n', '20', '-c', '4', ...LAB]);
    assert.equal(load.summary.ok, 20, JSON.stringify(load.summary.errorMessages));
    const svc = await serviceCounting('dr', (earlier.stats?.conns ?? 0) + 20);
    assert.equal(svc.key, 'TCP 192.168.150.100:80');
    assert.equal(svc.scheduler, 'rr');
    assert.ok(svc.stats && svc.stats.conns >= (earlier.stats?.conns ?? 0) + 20, `conns ${earlier.stats?.conns} -> ${svc.stats?.conns}`);
    assert.ok(svc.stats.inPkts > (earlier.stats?.inPkts ?? 0));
    assert.equal(svc.stats.outPkts, 0, 'replies bypass the director in DR mode');
    assert.deepEqual(
      svc.destinations.map((d) => [d.address, d.forward, d.weight]),
      [
        ['192.168.150.12:80', 'Route', 1],
        ['192.168.150.13:80', 'Route', 1],
      ],
    );

    const conns = await cliJson<IpvsConn[]>(['conns', ...LAB]);
    for (const rip of ['192.168.150.12', '192.168.150.13']) {
      const fin = conns.filter((c) => c.state === 'FIN_WAIT' && c.destination.ip === rip);
      assert.ok(fin.length > 0, `FIN_WAIT entries to ${rip}: ${JSON.stringify(conns.slice(0, 3))}`);
      assert.ok(fin.every((c) => c.virtual.ip === '192.168.150.100' && c.virtual.port === 80 && c.source.ip === '192.168.150.10'));
    }
  });

  test("real servers hold the handbook's kernel settings and the hidden VIP, read straight from the nodes", async () => {
    await ensureUp();
    for (const node of ['node02', 'node03']) {
      const values = await inNode(node, [
        'cat',
        '/proc/sys/net/ipv4/conf/all/arp_ignore',
        '/proc/sys/net/ipv4/conf/eth0/arp_ignore',
        '/proc/sys/net/ipv4/conf/all/arp_announce',
        '/proc/sys/net/ipv4/conf/eth0/arp_announce',
      ]);
      assert.deepEqual(values.trim().split('\n'), ['1', '1', '2', '2'], node);
      const lo = await inNode(node, ['ip', '-4', '-o', 'addr', 'show', 'dev', 'lo']);
      assert.match(lo, /inet 192\.168\.150\.100\/32 /, `${node} lo: ${lo}`);
    }
    const eth0 = await inNode('node01', ['ip', '-4', '-o', 'addr', 'show', 'dev', 'eth0']);
    assert.match(eth0, /inet 192\.168\.150\.100\/24 /);
  });

  test('running up twice changes nothing', async () => {
    await ensureUp();
    const before = await docker.listContainers({ filters: { label: ['lvslab.lab=dr'] } });
    const table = await inNode('node01', ['ipvsadm', '-Ln']);
    const steps = await up();
    assert.ok(
      steps.every((s) => s.status === 'done' && s.skipped),
      JSON.stringify(steps.filter((s) => !s.skipped)),
    );
    const afterIds = (await docker.listContainers({ filters: { label: ['lvslab.lab=dr'] } })).map((c) => c.Id).sort();
    assert.deepEqual(afterIds, before.map((c) => c.Id).sort());
    assert.equal(await inNode('node01', ['ipvsadm', '-Ln']), table);
  });

  test('a step whose state drifts is seen as drifted and repaired', async () => {
    await ensureUp();
    await inNode('node03', ['sysctl', '-w', 'net.ipv4.conf.all.arp_ignore=0']);
    const steps = await cliJson<Array<{ id: string; status: string }>>(['steps', ...LAB]);
    assert.equal(steps.find((s) => s.id === 'node03.arp')?.status, 'drifted');
    const fixed = await cliJson<StepState>(['step', 'node03.arp', ...LAB]);
    assert.equal(fixed.status, 'done');
    assert.equal((await inNode('node03', ['sysctl', '-n', 'net.ipv4.conf.all.arp_ignore'])).trim(), '1');
  });

  test('reset and down touch only labelled objects; a decoy without labels survives both', async () => {
    const decoy = await docker.createContainer({ name: 'lvslab-dr-decoy', Image: 'debian:bookworm-slim', Cmd: ['sleep', 'infinity'] });
    const decoyNet = await docker.createNetwork({ Name: 'lvslab-dr-decoynet', Driver: 'bridge', IPAM: { Config: [{ Subnet: '10.99.0.0/24' }] } });
    try {
      await decoy.start();
      await ensureUp();
      const oldIds = (await docker.listContainers({ filters: { label: ['lvslab.lab=dr'] } })).map((c) => c.Id);

      const reset = await cli(['reset', ...LAB]);
      assert.equal(reset.code, 0, reset.stderr);
      const newIds = (await docker.listContainers({ filters: { label: ['lvslab.lab=dr'] } })).map((c) => c.Id);
      assert.deepEqual([...newIds].sort(), [...oldIds].sort(), 'reset undid the four labelled nodes in place');
      const steps = await cliJson<Array<{ id: string; status: string }>>(['steps', ...LAB]);
      assert.ok(
        steps.every((s) => s.status === 'pending'),
        JSON.stringify(steps),
      );
      assert.equal((await decoy.inspect()).State.Running, true);

      const down = await cli(['down', ...LAB]);
      assert.equal(down.code, 0, down.stderr);
      assert.deepEqual(await labelled('containers'), []);
      assert.deepEqual(await labelled('networks'), []);
      assert.equal((await decoy.inspect()).State.Running, true);
      assert.equal((await decoyNet.inspect()).Name, 'lvslab-dr-decoynet');
    } finally {
      await decoy.remove({ force: true });
      await decoyNet.remove();
    }
  });
});
