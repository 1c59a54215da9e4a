// Exercise mode in real VS Code (issue 12): the exercise lab started from the palette with its steps
// left to the learner; a shell opened in node02 from the tree, the handbook's four ARP lines typed with
// the keyboard, and node02's ARP step turning done in the tree by itself (the tree reads the nodes again
// while the lab is an exercise); arp_ignore=2 typed in node03 leaves its step pending with the
// handbook's command as its hint. Few steps typed: the VM is slow.
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { cli } from '../support/cli';
import { ensureEngine } from '../support/engine';
import { packageExtension, REPO_ROOT, startCodeServer, t, type CodeServerSession } from './harness';

const FIXTURE = path.join(REPO_ROOT, 'test', 'fixtures', 'exercise.lvslab.yaml');
// The lab's identity is its file's path: a fixed workspace, so a lab left by an earlier run is the same lab.
const WORKSPACE = path.join(tmpdir(), 'lvslab-e2e-exercise');
const LAB_FILE = path.join(WORKSPACE, 'exercise.lvslab.yaml');
const ARP_GOAL = (node: string) => `${node} must not answer ARP for the VIP 10.97.0.100, nor announce it, on all and eth0`;

describe('exercise mode in VS Code', { timeout: 30 * 60_000 }, () => {
  let vs: CodeServerSession;
  let env: NodeJS.ProcessEnv;

  before(async () => {
    const dockerHost = await ensureEngine();
    env = { ...process.env, DOCKER_HOST: dockerHost };
    mkdirSync(WORKSPACE, { recursive: true });
    copyFileSync(FIXTURE, LAB_FILE);
    await cli(['down', '--lab', LAB_FILE], env);
    const out = path.join(REPO_ROOT, '.test-output');
    mkdirSync(out, { recursive: true });
    const vsix = await packageExtension(REPO_ROOT, {
      out: path.join(out, 'lvs-lab-exercise.vsix'),
      extraArgs: ['--no-rewrite-relative-links', '--allow-missing-repository'],
    });
    vs = await startCodeServer({
      vsix,
      dockerHost,
      name: 'exercise',
      workspace: WORKSPACE,
      viewport: { width: 1400, height: 1000 },
      // The DOM renderer: the terminal's text can be read to see the shell's prompt.
      settings: { 'terminal.integrated.gpuAcceleration': 'off' },
    });
  });

  after(async () => {
    await vs?.stop();
    await cli(['down', '--lab', LAB_FILE], env);
  });

  /** Opens a shell in the node from its tree row and waits for its prompt. */
  async function openShell(node: string): Promise<void> {
    await vs.clickTreeAction(node, 'Open Shell in Node…');
    const rows = vs.page.locator('.terminal-wrapper.active .xterm-rows');
    await vs.waitFor(async () => ((await rows.textContent().catch(() => '')) ?? '').includes(`root@${node}`), t(60_000), `${node}'s prompt`);
  }

  /** Types a line into the focused terminal with the keyboard, as a person would. */
  async function typeLine(line: string): Promise<void> {
    await vs.page.keyboard.type(line, { delay: 5 });
    await vs.page.keyboard.press('Enter');
  }

  const row = async (label: string) => (await vs.treeItems()).find((r) => r.label === label);

  test('typed in node02, its ARP step turns done in the tree; arp_ignore=2 in node03 leaves its step pending with its hint', async () => {
    await vs.openView('LVS Lab');
    await vs.runCommand('LVS Lab: Start Lab as Exercise');
    await vs.answerQuickInput('exercise.lvslab.yaml', { expectPrompt: /lab/i });
    await vs.waitForNotification(/DR lab as an exercise is an exercise — 10 steps are yours/, t(20 * 60_000));
    await vs.clearNotifications();
    const start = await vs.waitFor(() => row(ARP_GOAL('node02')), t(60_000), "node02's ARP goal in the tree");
    assert.equal(start.description, 'pending');

    await openShell('node02');
    for (const key of ['eth0/arp_ignore', 'all/arp_ignore', 'eth0/arp_announce', 'all/arp_announce']) {
      await typeLine(`echo ${key.endsWith('ignore') ? 1 : 2} > /proc/sys/net/ipv4/conf/${key}`);
    }
    const done = await vs.waitFor(
      async () => {
        const r = await row(ARP_GOAL('node02'));
        return r?.description.startsWith('done') ? r : undefined;
      },
      t(60_000),
      "node02's ARP step done in the tree",
    );
    assert.equal(done.description, 'done · done by hand');
    assert.equal(done.icon, 'pass-filled');

    await openShell('node03');
    await typeLine('echo 2 > /proc/sys/net/ipv4/conf/all/arp_ignore');
    const hinted = await vs.waitFor(
      async () => {
        const r = await row(ARP_GOAL('node03'));
        return r?.description.includes('hint') ? r : undefined;
      },
      t(60_000),
      "node03's ARP step with its hint",
    );
    assert.equal(hinted.description, 'pending · hint shown');
    assert.equal(hinted.icon, 'lightbulb');
    const rows = await vs.step('hint row under the step', () =>
      vs.waitFor(
        async () => {
          const all = await vs.treeItems();
          return all.some((r) => r.label.startsWith('Hint:')) ? all : undefined;
        },
        t(30_000),
        'the hint row',
      ),
    );
    assert.ok(
      rows.some((r) => r.label.startsWith('Hint: 修改内核: echo 1 > /proc/sys/net/ipv4/conf/eth0/arp_ignore')),
      rows.map((r) => r.label).join('\n'),
    );
    assert.ok(!rows.some((r) => r.label.startsWith('Answer:')), 'no answer after one failed check');
    await vs.screenshot('exercise-hint', { readme: true });
  });
});
