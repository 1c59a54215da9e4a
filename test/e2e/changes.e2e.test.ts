// Schedulers live in real VS Code (issue 10): start the NAT lab, change its scheduler from the
// Lab tree, run a load test, and read the predicted and the measured split in the live panel.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { cli } from '../support/cli';
import { ensureEngine } from '../support/engine';
import { packageExtension, REPO_ROOT, startCodeServer, t, type CodeServerSession } from './harness';

const SERVICE = 'TCP 192.168.151.100:80';

describe('live scheduler changes in VS Code', { timeout: 30 * 60_000 }, () => {
  let vs: CodeServerSession;
  let env: NodeJS.ProcessEnv;

  before(async () => {
    const dockerHost = await ensureEngine();
    env = { ...process.env, DOCKER_HOST: dockerHost };
    await cli(['down', '--lab', 'nat'], env);
    const out = path.join(REPO_ROOT, '.test-output');
    mkdirSync(out, { recursive: true });
    const vsix = await packageExtension(REPO_ROOT, {
      out: path.join(out, 'lvs-lab-changes.vsix'),
      extraArgs: ['--no-rewrite-relative-links', '--allow-missing-repository'],
    });
    vs = await startCodeServer({ vsix, dockerHost, name: 'changes', settings: { 'lvsLab.refreshIntervalMs': 1500 } });
  });

  after(async () => {
    await vs?.stop();
    await cli(['down', '--lab', 'nat'], env);
  });

  test('NAT lab: the scheduler changed from the tree to rr, a load test of 40 shows 20/20 measured and 20/20 predicted', async () => {
    await vs.openView('LVS Lab');
    await vs.runCommand('LVS Lab: Start Lab');
    await vs.answerQuickInput('nat', { expectPrompt: /lab/i });
    await vs.waitForNotification(/NAT mode .* is up — 9 of 9 steps done/, t(20 * 60_000));
    await vs.expandAll();
    const service = async () => (await vs.treeItems()).find((r) => r.label === SERVICE);
    assert.equal((await vs.waitFor(service, t(60_000), 'the virtual service in the tree')).description, 'wrr · not persistent');

    await vs.clearNotifications();
    await vs.clickTreeAction(SERVICE, 'Change Scheduler…');
    // The kernel has been asked which schedulers it has once the placeholder drops its "asking" note.
    await vs.answerQuickInput('rr', { expectPrompt: /Now wrr\. Which scheduler\? \|/ });
    await vs.waitForNotification(/scheduler rr, weights node02=3 node03=1, not persistent\. Reset returns to the lab file/, t(120_000));
    await vs.waitFor(async () => (await service())?.description === 'rr · not persistent', t(60_000), 'the tree to show rr');
    await vs.screenshot('tree-scheduler-changed');

    // With the Connections view on screen a load test keeps the editor as it is: the panel is opened first.
    await vs.runCommand('LVS Lab: Open Live Panel');
    await vs.runCommand('LVS Lab: Run Load Test');
    await vs.answerQuickInput('40', { expectPrompt: /requests/i });
    await vs.answerQuickInput('4', { expectPrompt: /concurrency/i });
    const frame = await vs.webviewFrame('LVS Lab: Live Panel', { timeout: t(60_000) });
    await frame.getByTestId('tab-load').click();
    const read = (id: string) =>
      frame
        .getByTestId(id)
        .textContent({ timeout: 1000 })
        .then((s) => s?.trim() ?? null)
        .catch(() => null);
    const split = await vs.waitFor(
      async () => {
        const cells = await Promise.all(['load-count-node02', 'load-count-node03', 'load-predicted-node02', 'load-predicted-node03'].map(read));
        return cells.every((c) => c !== null) && cells;
      },
      t(5 * 60_000),
      'measured and predicted counts in the load test results',
    );
    assert.deepEqual(split, ['20', '20', '20', '20']);
    assert.match((await read('load-prediction-verdict')) ?? '', /^Predicted by rr \(\w+\): matches\.$/);
    await vs.screenshot('panel-predicted-split');
  });
});
