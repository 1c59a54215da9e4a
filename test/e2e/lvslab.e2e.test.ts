// LVS Lab in real VS Code (code-server 4.100) against a real Docker engine with
// real IPVS: start the handbook's lab from F1, watch the tree, run a load test and
// read the live panel, reset — as a person would.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type Docker from 'dockerode';
import { cli } from '../support/cli';
import { dockerFor, ensureEngine } from '../support/engine';
import { packageExtension, REPO_ROOT, startCodeServer, t, type CodeServerSession, type TreeRow } from './harness';

const NODES = ['client', 'node01', 'node02', 'node03'];
const STEP_COUNT = 10;

/** Node rows and step rows of the Lab tree, read from the DOM. */
function labRows(rows: TreeRow[]) {
  const nodes = rows.filter((r) => NODES.includes(r.label));
  const steps = rows.filter((r) => /^(done|pending|failed|drifted)$/.test(r.description));
  return { nodes, steps };
}

/** The DR lab's containers (running or not) as Docker lists them: id and node, by node. */
async function labContainers(docker: Docker): Promise<Array<{ node: string; id: string }>> {
  const list = await docker.listContainers({ all: true, filters: { label: ['lvslab.lab=dr'] } });
  return list.map((c) => ({ node: c.Labels['lvslab.node'], id: c.Id })).sort((a, b) => a.node.localeCompare(b.node));
}

describe('LVS Lab extension in VS Code', { timeout: 45 * 60_000 }, () => {
  let vs: CodeServerSession;
  let dockerHost: string;
  let docker: Docker;

  before(async () => {
    dockerHost = await ensureEngine();
    docker = dockerFor(dockerHost);
    await cli(['down', '--lab', 'dr'], { ...process.env, DOCKER_HOST: dockerHost });
    const out = path.join(REPO_ROOT, '.test-output');
    mkdirSync(out, { recursive: true });
    // As `npm run package` does: the README's screenshot ships inside the .vsix.
    const vsix = await packageExtension(REPO_ROOT, {
      out: path.join(out, 'lvs-lab.vsix'),
      extraArgs: ['--no-rewrite-relative-links', '--allow-missing-repository'],
    });
    vs = await startCodeServer({ vsix, dockerHost, name: 'lvslab', settings: { 'lvsLab.refreshIntervalMs': 1500 } });
  });

  after(async () => {
    await vs?.stop();
    await cli(['down', '--lab', 'dr']);
  });

  test('Start Lab from F1: the tree shows every node running and every step done', async () => {
    await vs.openView('LVS Lab');
    await vs.runCommand('LVS Lab: Start Lab');
    await vs.answerQuickInput('dr', { expectPrompt: /lab/i });
    await vs.waitForNotification(/Handbook DR lab .* is up — 10 of 10 steps done/, t(20 * 60_000));
    await vs.expandAll();
    const { nodes, steps } = await vs.waitFor(
      async () => {
        const r = labRows(await vs.treeItems());
        return (
          r.nodes.length === 4 &&
          r.nodes.every((n) => / · running$/.test(n.description)) &&
          r.steps.length === STEP_COUNT &&
          r.steps.every((s) => s.description === 'done') &&
          r
        );
      },
      t(120_000),
      'four running nodes and ten done steps in the tree',
    );
    assert.deepEqual(nodes.map((n) => n.label).sort(), NODES);
    assert.ok(
      steps.every((s) => s.icon === 'pass-filled'),
      JSON.stringify(steps.map((s) => s.icon)),
    );
    await vs.screenshot('tree', { readme: true });
  });

  test('Run Load Test with 40 requests: the panel shows 20 and 20, and FIN_WAIT entries to both real servers', async () => {
    // With the Connections view on screen a load test keeps the editor as it is: the panel is opened first.
    await vs.runCommand('LVS Lab: Open Live Panel');
    await vs.runCommand('LVS Lab: Run Load Test');
    await vs.answerQuickInput('40', { expectPrompt: /requests/i });
    await vs.answerQuickInput('4', { expectPrompt: /concurrency/i });
    const frame = await vs.webviewFrame('LVS Lab: Live Panel', { timeout: t(60_000) });
    await frame.getByTestId('tab-load').click();
    const counts = await vs.waitFor(
      async () => {
        const [a, b] = await Promise.all(
          ['node02', 'node03'].map((n) =>
            frame
              .getByTestId(`load-count-${n}`)
              .textContent({ timeout: 1000 })
              .catch(() => null),
          ),
        );
        return a !== null && b !== null && [a.trim(), b.trim()];
      },
      t(5 * 60_000),
      'per-backend counts in the load test results',
    );
    assert.deepEqual(counts, ['20', '20']);
    assert.equal(await frame.locator('[data-testid="load-chart"]').count(), 1);

    await frame.getByTestId('tab-connections').click();
    const fin = await vs.waitFor(
      async () => {
        const n = await Promise.all(
          ['192.168.150.12', '192.168.150.13'].map(async (ip) =>
            Number(
              (
                await frame
                  .getByTestId(`conn-dest-${ip}-FIN_WAIT`)
                  .textContent({ timeout: 1000 })
                  .catch(() => '0')
              )?.trim() || 0,
            ),
          ),
        );
        // The live reader may still show a round read during the load: wait for one read after it.
        const total = Number(
          await frame
            .getByTestId('conn-count-FIN_WAIT')
            .textContent({ timeout: 1000 })
            .catch(() => '0'),
        );
        return n.every((x) => x > 0) && total >= 40 && { n, total };
      },
      t(120_000),
      'FIN_WAIT entries to node02 and node03, 40 in all, in the connection table',
    );
    assert.ok(fin.n.every((x) => x > 0));
    assert.ok(fin.total >= 40);
    assert.match((await frame.getByTestId('read-at').textContent()) ?? '', /\d\d:\d\d:\d\d/);
    await vs.screenshot('panel', { readme: true });
  });

  test('While a load test runs, Reset Lab is not offered and a terminal is told the lab is busy', async () => {
    const env = { ...process.env, DOCKER_HOST: dockerHost };
    const busy = async () => (JSON.parse((await cli(['status', '--lab', 'dr', '--json'], env)).stdout || '{}') as { busy?: { operation: string } }).busy;
    assert.equal(await vs.paletteOffers('LVS Lab: Reset Lab'), true, 'Reset Lab is offered before');
    await vs.runCommand('LVS Lab: Run Load Test');
    await vs.answerQuickInput('2000', { expectPrompt: /requests/i });
    await vs.answerQuickInput('2', { expectPrompt: /concurrency/i });
    await vs.waitFor(async () => (await busy())?.operation === 'load test', t(60_000), 'the load test to hold the lab');
    assert.equal(await vs.paletteOffers('LVS Lab: Reset Lab'), false, 'Reset Lab is not offered while the load test runs');
    const reset = await cli(['reset', '--lab', 'dr'], env);
    assert.equal(reset.code, 1);
    assert.match(reset.stderr, /dr is busy: load test since \d\d:\d\d:\d\d \(process \d+\)/);
    await vs.waitFor(async () => !(await busy()), t(10 * 60_000), 'the load test to finish');
    assert.equal(await vs.paletteOffers('LVS Lab: Reset Lab'), true, 'Reset Lab is offered again');
  });

  test('Reset Lab: every node undone in place, every step back to pending', async () => {
    await vs.clearNotifications();
    const old = await labContainers(docker);
    assert.deepEqual(
      old.map((c) => c.node),
      NODES,
    );
    await vs.runCommand('LVS Lab: Reset Lab');
    await vs.waitForNotification(/reset — 4 nodes undone in place, 0 recreated; steps as on a fresh lab/, t(15 * 60_000));
    await vs.openView('LVS Lab');
    await vs.expandAll();
    const { steps } = await vs.waitFor(
      async () => {
        const r = labRows(await vs.treeItems());
        return (
          r.nodes.every((n) => / · running$/.test(n.description)) && r.steps.length === STEP_COUNT && r.steps.every((s) => s.description === 'pending') && r
        );
      },
      t(120_000),
      'ten pending steps after reset',
    );
    assert.equal(steps.length, STEP_COUNT);
    const fresh = await labContainers(docker);
    assert.deepEqual(
      fresh.map((c) => c.node),
      NODES,
      'the same nodes, one container each',
    );
    assert.deepEqual(
      fresh.map((c) => c.id),
      old.map((c) => c.id),
      'the same containers, undone in place',
    );
    await vs.screenshot('tree-after-reset');
  });
});
