// Health checks in real VS Code (issue 11): a lab file with healthCheck, started from F1; the live
// panel's Services tab shows each real server's keepalived check, and node03 taken out of the table
// once its httpd is stopped.
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type Docker from 'dockerode';
import { inNode } from '../integration/helpers';
import { cli } from '../support/cli';
import { dockerFor, ensureEngine } from '../support/engine';
import { packageExtension, REPO_ROOT, startCodeServer, t, type CodeServerSession } from './harness';

const FIXTURE = path.join(REPO_ROOT, 'test', 'fixtures', 'health.lvslab.yaml');
// The lab's identity is its file's path: a fixed workspace, so a lab left by an earlier run is the same lab.
const WORKSPACE = path.join(tmpdir(), 'lvslab-e2e-health');
const LAB_FILE = path.join(WORKSPACE, 'health.lvslab.yaml');

describe('health checks in VS Code', { timeout: 30 * 60_000 }, () => {
  let vs: CodeServerSession;
  let env: NodeJS.ProcessEnv;
  let docker: Docker;

  before(async () => {
    const dockerHost = await ensureEngine();
    docker = dockerFor(dockerHost);
    env = { ...process.env, DOCKER_HOST: dockerHost };
    mkdirSync(WORKSPACE, { recursive: true });
    copyFileSync(FIXTURE, LAB_FILE);
    await cli(['down', '--lab', LAB_FILE], env);
    const out = path.join(REPO_ROOT, '.test-output');
    mkdirSync(out, { recursive: true });
    const vsix = await packageExtension(REPO_ROOT, {
      out: path.join(out, 'lvs-lab-health.vsix'),
      extraArgs: ['--no-rewrite-relative-links', '--allow-missing-repository'],
    });
    vs = await startCodeServer({ vsix, dockerHost, name: 'health', workspace: WORKSPACE });
  });

  after(async () => {
    await vs?.stop();
    await cli(['down', '--lab', LAB_FILE], env);
  });

  test("the Services tab shows keepalived's check of each real server, and node03 taken out once its httpd stops", async () => {
    await vs.openView('LVS Lab');
    await vs.runCommand('LVS Lab: Start Lab');
    await vs.answerQuickInput('health.lvslab.yaml', { expectPrompt: /lab/i });
    await vs.waitForNotification(/DR lab with keepalived health checks.* is up — 11 of 11 steps done/, t(20 * 60_000));
    await vs.clearNotifications();

    await vs.runCommand('LVS Lab: Open Live Panel');
    const frame = await vs.webviewFrame('LVS Lab: Live Panel', { timeout: t(60_000) });
    await frame.getByTestId('tab-services').click();
    const item = (node: string) => frame.getByTestId(`health-${node}`);
    await vs.waitFor(
      async () =>
        (await item('node02')
          .getAttribute('data-state')
          .catch(() => null)) === 'up',
      t(60_000),
      'node02 checked up',
    );
    assert.equal(await item('node03').getAttribute('data-removed'), 'false');

    await inNode(docker, 'health', 'node03', ['sh', '-c', 'kill "$(cat /run/apache2/apache2.pid)"']);
    await vs.waitFor(
      async () =>
        (await item('node03')
          .getAttribute('data-removed')
          .catch(() => null)) === 'true',
      t(60_000),
      'node03 taken out',
    );
    assert.equal(await item('node03').getAttribute('data-state'), 'down');
    assert.match((await item('node03').textContent()) ?? '', /check fails, taken out of the table/);
    assert.equal(await item('node02').getAttribute('data-removed'), 'false');
    await vs.screenshot('panel-health-checks');
  });
});
