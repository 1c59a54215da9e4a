// "The director only forwards" and a failure drill in real VS Code (issue 11), in the NAT lab: the Lessons tab shows
// no socket on the director with the real servers holding the downloads and the director's OutBytes grown by them;
// a cut-off drill on node03 shows SYN_RECV entries to node03 marked; Undo Drills leaves no drill on the nodes.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { ActiveDrill } from '../../src/core/drills';
import { cli, cliJson } from '../support/cli';
import { ensureEngine } from '../support/engine';
import { packageExtension, REPO_ROOT, startCodeServer, t, type CodeServerSession } from './harness';

const MB4 = 4 * 1024 * 1024;
const number = (text: string | null) => Number((text ?? '').replace(/,/g, ''));

describe('the director only forwards and failure drills in VS Code', { timeout: 30 * 60_000 }, () => {
  let vs: CodeServerSession;
  let env: NodeJS.ProcessEnv;

  before(async () => {
    const dockerHost = await ensureEngine();
    env = { ...process.env, DOCKER_HOST: dockerHost };
    await cli(['down', '--lab', 'nat'], env);
    const out = path.join(REPO_ROOT, '.test-output');
    mkdirSync(out, { recursive: true });
    const vsix = await packageExtension(REPO_ROOT, {
      out: path.join(out, 'lvs-lab-drills.vsix'),
      extraArgs: ['--no-rewrite-relative-links', '--allow-missing-repository'],
    });
    vs = await startCodeServer({ vsix, dockerHost, name: 'drills' });
  });

  after(async () => {
    await vs?.stop();
    await cli(['down', '--lab', 'nat'], env);
  });

  test('NAT lab: the L4 lesson shows no socket on the director and its OutBytes grown by the downloads; a cut-off drill on node03 shows its SYN_RECV entries; Undo Drills clears it', async () => {
    await vs.openView('LVS Lab');
    await vs.runCommand('LVS Lab: Start Lab');
    await vs.answerQuickInput('nat', { expectPrompt: /lab/i });
    await vs.waitForNotification(/NAT mode .* is up — (\d+) of \1 steps done/, t(20 * 60_000));
    await vs.clearNotifications();

    await vs.runCommand('LVS Lab: The Director Only Forwards (L4)');
    // The panel's frame, found by its Lessons tab: the Connections view in the side bar is a webview too.
    const frame = await vs.waitFor(
      async () => {
        for (const f of vs.page.frames())
          if (
            (await f
              .getByTestId('tab-lessons')
              .count()
              .catch(() => 0)) > 0
          )
            return f;
        return undefined;
      },
      t(120_000),
      "the live panel's Lessons tab",
    );
    await frame.getByTestId('tab-lessons').click();
    const outBytes = await vs.waitFor(
      async () => (await frame.getByTestId('l4-OutBytes').count()) > 0 && number(await frame.getByTestId('l4-OutBytes').textContent()),
      t(5 * 60_000),
      "the L4 lesson's counters in the Lessons tab",
    );
    assert.ok(outBytes >= 4 * MB4, `OutBytes ${outBytes}`);
    const director = await frame.getByTestId('l4-director').locator('td').allTextContents();
    assert.equal(director[0], '0');
    assert.match(director[1], /^none — 4 ESTABLISHED IPVS entries, no socket$/);
    const held = (await frame.getByTestId('l4-node02').locator('td').first().textContent()) ?? '';
    assert.ok(Number(held) >= 1, `node02 holds ${held}`);
    assert.match((await frame.getByTestId('l4-evidence').textContent()) ?? '', /✓ node01's OutBytes grew by/);
    await vs.screenshot('panel-l4-lesson');

    await vs.runCommand('LVS Lab: Failure Drill…');
    await vs.answerQuickInput('cut-off', { expectPrompt: /drill/i });
    await vs.answerQuickInput('node03', { expectPrompt: /real server/i });
    const synRecv = await vs.waitFor(
      async () => {
        const row = frame.getByTestId('drill-row-node03');
        if ((await row.count()) === 0) return false;
        const head = await frame.getByTestId('drill-table').locator('thead th').allTextContents();
        const col = head.indexOf('SYN_RECV');
        if (col < 1) return false;
        const cell = row.locator('th, td').nth(col);
        return { count: Number(await cell.textContent()), marked: ((await cell.getAttribute('class')) ?? '').includes('lesson-bad') };
      },
      t(5 * 60_000),
      "node03's SYN_RECV entries in the drill's table",
    );
    assert.ok(synRecv.count >= 1 && synRecv.marked, JSON.stringify(synRecv));
    assert.match((await frame.getByTestId('drill-findings').textContent()) ?? '', /in SYN_RECV on node01\. SYN_RECV: the director forwarded the SYN/);
    await vs.screenshot('panel-drill-lesson');

    await vs.runCommand('LVS Lab: Undo Drills');
    await vs.answerQuickInput('node03');
    await vs.waitForNotification(/Undone: node03: cut off/, t(2 * 60_000));
    assert.deepEqual(await cliJson<ActiveDrill[]>(['drill', 'list', '--lab', 'nat'], env), []);
  });
});
