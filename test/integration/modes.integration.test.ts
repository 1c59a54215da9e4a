// The handbook's other two modes on real IPVS: NAT (two networks, replies through
// the director, wrr 3:1) and TUN (IP-in-IP to tunl0, source hashing).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type Docker from 'dockerode';
import type { StepState } from '../../src/core/engine';
import type { LoadTestResult } from '../../src/service/labService';
import { cli, cliJson } from '../support/cli';
import { dockerFor, ensureEngine } from '../support/engine';
import { inNode, serviceCounting } from './helpers';

const counts = (r: LoadTestResult) => r.summary.backends.map((b) => [b.backend, b.count]);

/** The plan's step count: per real server NAT has gateway and httpd, TUN arp, tunnel, rp_filter and httpd; then the director's steps. */
const STEP_COUNT = { nat: 2 * 2 + 5, tun: 2 * 4 + 4 };
const REAL_SERVERS = ['node02', 'node03'];

let docker: Docker;

/** tunl0's RX packet count on a TUN lab node, read straight from the node with `ip -s -o link show tunl0`. */
async function tunl0RxPackets(node: string): Promise<number> {
  const out = await inNode(docker, 'tun', node, ['ip', '-s', '-o', 'link', 'show', 'tunl0']);
  // One line, its parts joined by backslashes: …\    RX:  bytes packets errors …\    12 3 0 …\    TX: …
  const parts = out.split('\\').map((p) => p.trim().split(/\s+/));
  const header = parts.findIndex((p) => p[0] === 'RX:');
  assert.ok(header >= 0, `no RX: line in: ${out}`);
  // The header starts with "RX:", the values below it do not.
  const value = Number(parts[header + 1]?.[parts[header].indexOf('packets') - 1]);
  assert.ok(parts[header].includes('packets') && Number.isInteger(value), `no RX packets in: ${out}`);
  return value;
}

for (const lab of ['nat', 'tun'] as const) {
  describe(`${lab.toUpperCase()} lab on real IPVS`, { timeout: 30 * 60_000 }, () => {
    before(async () => {
      docker = dockerFor(await ensureEngine());
      await cli(['down', '--lab', lab]);
    });
    after(async () => {
      await cli(['down', '--lab', lab]);
    });

    test('up runs every step', async () => {
      const { steps } = await cliJson<{ steps: StepState[] }>(['up', '--lab', lab]);
      assert.equal(steps.length, STEP_COUNT[lab], JSON.stringify(steps.map((s) => s.id)));
      for (const s of steps) {
        assert.equal(s.status, 'done', `${s.id}: ${s.detail}`);
        assert.ok(!s.notRun, `${s.id}: ${s.detail}`);
      }
    });

    if (lab === 'nat') {
      test('wrr 3:1 splits 80 requests exactly 60/20; replies come back through the director', async () => {
        const load = await cliJson<LoadTestResult>(['load', '--lab', lab, '-n', '80', '-c', '4']);
        assert.deepEqual(counts(load), [
          ['node02', 60],
          ['node03', 20],
        ]);
        const svc = await serviceCounting(lab, 80);
        assert.ok(svc.stats && svc.stats.conns >= 80, `the counters hold the load: ${JSON.stringify(svc.stats)}`);
        assert.deepEqual(
          svc.destinations.map((d) => [d.address, d.forward, d.weight]),
          [
            ['192.168.152.12:80', 'Masq', 3],
            ['192.168.152.13:80', 'Masq', 1],
          ],
        );
        assert.ok(svc.stats.inPkts > 0 && svc.stats.outPkts > 0, `in NAT mode the director carries the replies: ${JSON.stringify(svc.stats)}`);
      });
    } else {
      test('sh sends every request of one client to the same real server, through the tunnel', async () => {
        const rxBefore = await Promise.all(REAL_SERVERS.map(tunl0RxPackets));
        const load = await cliJson<LoadTestResult>(['load', '--lab', lab, '-n', '6', '-c', '1']);
        assert.equal(load.summary.ok, 6);
        assert.equal(load.summary.backends.length, 1, JSON.stringify(counts(load)));
        assert.equal(load.summary.backends[0].count, 6);
        const rxAfter = await Promise.all(REAL_SERVERS.map(tunl0RxPackets));
        for (const [i, node] of REAL_SERVERS.entries()) {
          const answered = load.summary.backends.find((b) => b.backend === node)?.count ?? 0;
          assert.ok(
            rxAfter[i] - rxBefore[i] >= answered,
            `${node} answered ${answered} requests; its tunl0 received ${rxAfter[i] - rxBefore[i]} packets (${rxBefore[i]} -> ${rxAfter[i]})`,
          );
        }
        const svc = await serviceCounting(lab, 6);
        assert.equal(svc.scheduler, 'sh');
        assert.ok(svc.destinations.every((d) => d.forward === 'Tunnel'));
        assert.ok(svc.stats && svc.stats.conns >= 6 && svc.stats.inPkts > 0, `the counters hold the load: ${JSON.stringify(svc.stats)}`);
        assert.equal(svc.stats.outPkts, 0, 'TUN replies bypass the director');
      });
    }
  });
}
