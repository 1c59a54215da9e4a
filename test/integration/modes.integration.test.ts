// The handbook's other two modes on real IPVS: NAT (two networks, replies through
// the director, wrr 3:1) and TUN (IP-in-IP to tunl0, source hashing).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { StepState } from '../../src/core/engine';
import type { ServiceView } from '../../src/core/serviceView';
import type { LoadTestResult } from '../../src/service/labService';
import { cli, cliJson } from '../support/cli';
import { ensureEngine } from '../support/engine';

const counts = (r: LoadTestResult) => r.summary.backends.map((b) => [b.backend, b.count]);

for (const lab of ['nat', 'tun'] as const) {
  describe(`${lab.toUpperCase()} lab on real IPVS`, { timeout: 30 * 60_000 }, () => {
    before(async () => {
      await ensureEngine();
      await cli(['down', '--lab', lab]);
    });
    after(async () => {
      await cli(['down', '--lab', lab]);
    });

    test('up runs every step', async () => {
      const { steps } = await cliJson<{ steps: StepState[] }>(['up', '--lab', lab]);
      assert.ok(steps.length >= 9);
      for (const s of steps) assert.equal(s.status, 'done', `${s.id}: ${s.detail}`);
    });

    if (lab === 'nat') {
      test('wrr 3:1 sends 6 of 8 requests to node02; replies come back through the director', async () => {
        const load = await cliJson<LoadTestResult>(['load', '--lab', lab, '-n', '8', '-c', '1']);
        assert.deepEqual(counts(load), [
          ['node02', 6],
          ['node03', 2],
        ]);
        const [svc] = await cliJson<ServiceView[]>(['services', '--lab', lab]);
        assert.deepEqual(
          svc.destinations.map((d) => [d.address, d.forward, d.weight]),
          [
            ['192.168.152.12:80', 'Masq', 3],
            ['192.168.152.13:80', 'Masq', 1],
          ],
        );
        assert.ok(svc.stats && svc.stats.outPkts > 0, 'in NAT mode the director carries the replies');
      });
    } else {
      test('sh sends every request of one client to the same real server, through the tunnel', async () => {
        const load = await cliJson<LoadTestResult>(['load', '--lab', lab, '-n', '6', '-c', '1']);
        assert.equal(load.summary.ok, 6);
        assert.equal(load.summary.backends.length, 1, JSON.stringify(counts(load)));
        assert.equal(load.summary.backends[0].count, 6);
        const [svc] = await cliJson<ServiceView[]>(['services', '--lab', lab]);
        assert.equal(svc.scheduler, 'sh');
        assert.ok(svc.destinations.every((d) => d.forward === 'Tunnel'));
        assert.equal(svc.stats?.outPkts, 0, 'TUN replies bypass the director');
      });
    }
  });
}
