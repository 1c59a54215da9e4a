// Health checks with keepalived on real IPVS (issue 11): the lab file's healthCheck starts keepalived
// on the director; a real server whose httpd stops is taken out of the table after its check and put
// back when it answers. Plain IPVS, for comparison, keeps sending to it. Each test starts from the
// lab as its file says (reset, then up) and stands alone.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, test } from 'node:test';
import type Docker from 'dockerode';
import type { HealthView } from '../../src/core/health';
import type { LoadTestResult } from '../../src/service/labService';
import { cli, cliJson } from '../support/cli';
import { dockerFor, ensureEngine, repoRoot } from '../support/engine';
import { change, counts, fromTheFile, inNode } from './helpers';

const FILE = join(repoRoot, 'test', 'fixtures', 'health.lvslab.yaml');
const LAB = ['--lab', FILE];
let docker: Docker;

const stopHttpd = (node: string) => inNode(docker, 'health', node, ['sh', '-c', 'kill "$(cat /run/apache2/apache2.pid)"']);
const load40 = () => cliJson<LoadTestResult>(['load', ...LAB, '-n', '40', '-c', '4', '--timeout', '3']);

/** The checks' state once `ready` holds for it; keepalived checks every 2 s (the file's interval). */
async function healthWhen(ready: (h: HealthView) => boolean, what: string): Promise<HealthView> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const h = await cliJson<HealthView>(['health', ...LAB]);
    if (ready(h)) return h;
    if (Date.now() > deadline) assert.fail(`${what} within 30 s: ${JSON.stringify(h)}`);
    await sleep(1000);
  }
}
const node03 = (h: HealthView) => h.servers.find((s) => s.node === 'node03');

describe('health checks with keepalived on real IPVS', { timeout: 30 * 60_000 }, () => {
  before(async () => {
    docker = dockerFor(await ensureEngine());
  });

  after(async () => {
    await cli(['down', ...LAB]);
  });

  test('httpd stopped on node03: about half of 40 requests fail under plain IPVS, none with keepalived after its check', async () => {
    await fromTheFile(FILE);
    await stopHttpd('node03');

    await change(FILE, ['health', 'off']);
    const plain = await load40();
    assert.ok(plain.summary.errors + plain.summary.timeouts >= 15 && plain.summary.ok <= 25, `plain IPVS: ${JSON.stringify(plain.summary)}`);
    assert.deepEqual(
      counts(plain).filter(([b]) => b === 'node02'),
      [['node02', plain.summary.ok]],
    );

    await change(FILE, ['health', 'on', '--interval', '2']);
    const h = await healthWhen((x) => node03(x)?.removed === true, 'node03 taken out');
    assert.equal(node03(h)?.state, 'down');
    const checked = await load40();
    assert.equal(checked.summary.ok, 40, `with keepalived: ${JSON.stringify(checked.summary)}`);
    assert.deepEqual(counts(checked), [['node02', 40]]);
  });

  test('node03 answers again: keepalived puts it back, the split is even and every step is done', async () => {
    await fromTheFile(FILE);
    await stopHttpd('node03');
    await healthWhen((x) => node03(x)?.removed === true, 'node03 taken out');
    const steps = await cliJson<Array<{ id: string; status: string }>>(['steps', ...LAB]);
    assert.deepEqual(
      steps.filter((s) => s.status !== 'done').map((s) => s.id),
      ['node03.httpd'],
      'only the stopped httpd is not done; the missing entry is keepalived at work',
    );

    await cli(['up', ...LAB]);
    await healthWhen((x) => node03(x)?.removed === false && node03(x)?.state === 'up', 'node03 back');
    assert.deepEqual(counts(await load40()), [
      ['node02', 20],
      ['node03', 20],
    ]);
    for (const s of await cliJson<Array<{ id: string; status: string; detail: string }>>(['steps', ...LAB]))
      assert.equal(s.status, 'done', `${s.id}: ${s.detail}`);
  });
});
