// The walkthrough "Learn LVS with the handbook" in real VS Code (issue 12), on its own lab
// (test/fixtures/walkthrough.lvslab.yaml, 10.96.0.0/24) given by the lvsLab.lab setting, the workspace empty:
// opened from "Welcome: Open Walkthrough…", its lab steps complete from the nodes' checks, not from the buttons.
// The ARP step runs from its button and is still open when the button has been pressed; the hidden VIP is typed
// by hand in node02's and node03's shells and completes only when both nodes have it.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Locator } from 'playwright-core';
import { cli } from '../support/cli';
import { ensureEngine } from '../support/engine';
import { packageExtension, REPO_ROOT, startCodeServer, t, type CodeServerSession } from './harness';

const LAB = path.join(REPO_ROOT, 'test', 'fixtures', 'walkthrough.lvslab.yaml');
const VIP = '10.96.0.100';

describe('the walkthrough in VS Code', { timeout: 20 * 60_000 }, () => {
  let vs: CodeServerSession;
  let env: NodeJS.ProcessEnv;

  before(async () => {
    const dockerHost = await ensureEngine();
    env = { ...process.env, DOCKER_HOST: dockerHost };
    await cli(['down', '--lab', LAB], env);
    const out = path.join(REPO_ROOT, '.test-output');
    mkdirSync(out, { recursive: true });
    const vsix = await packageExtension(REPO_ROOT, {
      out: path.join(out, 'lvs-lab-walkthrough.vsix'),
      extraArgs: ['--no-rewrite-relative-links', '--allow-missing-repository'],
    });
    vs = await startCodeServer({
      vsix,
      dockerHost,
      name: 'walkthrough',
      settings: {
        'lvsLab.lab': LAB,
        // The DOM renderer, so the test can read the shell's prompt before typing.
        'terminal.integrated.gpuAcceleration': 'off',
      },
    });
  });

  after(async () => {
    await vs?.stop();
    await cli(['down', '--lab', LAB], env);
  });

  /** A walkthrough step's row (its id ends the element's data-step-id). */
  const step = (id: string): Locator => vs.page.locator(`button.getting-started-step[data-step-id$="#${id}"]`);
  const checked = async (id: string) => (await step(id).getAttribute('aria-checked')) === 'true';
  /** Expands the step and presses its button. */
  const press = async (id: string, button: string) => {
    await step(id).click();
    await step(id).locator('.monaco-button', { hasText: button }).click();
  };
  const waitChecked = (id: string, timeout: number) => vs.waitFor(async () => checked(id), timeout, `walkthrough step ${id} ticked`);
  /** The Lab tree's step rows with this label, as "<description>", in tree order (node02's first). */
  const stepRows = async (label: string) => (await vs.treeItems()).filter((r) => r.label === label).map((r) => r.description);
  /** The tree and the walkthrough are drawn apart from the same reading: the tree may show it a moment later. */
  const waitRows = (label: string, want: string[]) =>
    vs.waitFor(async () => JSON.stringify(await stepRows(label)) === JSON.stringify(want), t(15_000), `"${label}" rows ${want.join(', ')} in the tree`);

  /** Opens a shell in the node from the palette and types one command, as a learner would. */
  const typeInShell = async (node: string, command: string) => {
    await vs.runCommand('LVS Lab: Open Shell in Node…');
    await vs.answerQuickInput(node);
    const rows = vs.page.locator('.xterm-rows').last();
    await vs.waitFor(async () => ((await rows.textContent().catch(() => '')) ?? '').includes(`@${node}:/#`), t(60_000), `${node}'s shell prompt`);
    await vs.page.keyboard.type(`${command}\n`, { delay: 10 });
  };

  test('lab steps tick when their checks pass on the nodes: a button run, then a command typed by hand on two nodes', async () => {
    await vs.openView('LVS Lab');
    await vs.runCommand('Welcome: Open Walkthrough...');
    await vs.answerQuickInput('Learn LVS with the handbook');
    await step('labStart').waitFor({ state: 'visible', timeout: t(60_000) });
    assert.equal(await checked('labArp'), false, 'no lab yet: the ARP step is open');

    await press('labStart', 'Start the Lab');
    await vs.waitForNotification(/is up\. Its steps are yours: 0 of 10 done/, t(10 * 60_000));
    await waitChecked('labStart', t(60_000));
    assert.equal(await checked('labArp'), false, 'the lab is up with no step done');

    // The button runs node02.arp and node03.arp; the step ticks when their checks read arp_ignore/arp_announce back.
    await press('labArp', 'Run on node02 and node03');
    await vs.waitForNotification(/running node02\.arp, node03\.arp/, t(60_000));
    assert.equal(await checked('labArp'), false, 'pressing the button ticks nothing while the steps run');
    await waitChecked('labArp', t(3 * 60_000));
    await waitRows('arp_ignore=1, arp_announce=2', ['done', 'done']);

    // By hand: node02 first. Its step turns done in the tree; the walkthrough step waits for node03.
    const hiddenVip = `hidden VIP ${VIP}/32 on lo`;
    assert.deepEqual(await stepRows(hiddenVip), ['pending', 'pending']);
    await typeInShell('node02', `ip addr add ${VIP}/32 dev lo label lo:0`);
    await vs.waitFor(async () => (await stepRows(hiddenVip))[0] === 'done', t(2 * 60_000), 'node02.vip done in the tree');
    assert.deepEqual(await stepRows(hiddenVip), ['done', 'pending']);
    assert.equal(await checked('labHiddenVip'), false, 'node03 has no hidden VIP yet');

    await typeInShell('node03', `ip addr add ${VIP}/32 dev lo label lo:0`);
    await waitChecked('labHiddenVip', t(2 * 60_000));
    await waitRows(hiddenVip, ['done', 'done']);
    assert.equal(await checked('labHttpd'), false, 'httpd was not started');

    // The picture: the terminal panel closed, the hidden VIP step open with its media drawn.
    await vs.clearNotifications();
    await vs.page.keyboard.press('Control+J');
    await step('labHiddenVip').click();
    await vs.page.waitForTimeout(2000);
    await vs.screenshot('walkthrough', { readme: true });
  });
});
