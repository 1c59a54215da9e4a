// The packet trace in real VS Code (issue 11): start the DR lab from F1, run "Trace a Request", and read the
// SYN's hops in the live panel's Lessons tab: the director's forwarded SYN goes to a real server's MAC,
// that cell highlighted as changed, its IPs and ports not.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { cli } from '../support/cli';
import { ensureEngine } from '../support/engine';
import { packageExtension, REPO_ROOT, startCodeServer, t, type CodeServerSession } from './harness';

interface HopRow {
  node: string | null;
  direction: string | null;
  changed: string[];
  /** column -> [text, highlighted, title] */
  cells: Record<string, [string, boolean, string | null]>;
}

describe('lessons in VS Code', { timeout: 30 * 60_000 }, () => {
  let vs: CodeServerSession;
  let env: NodeJS.ProcessEnv;

  before(async () => {
    const dockerHost = await ensureEngine();
    env = { ...process.env, DOCKER_HOST: dockerHost };
    await cli(['down', '--lab', 'dr'], env);
    const out = path.join(REPO_ROOT, '.test-output');
    mkdirSync(out, { recursive: true });
    const vsix = await packageExtension(REPO_ROOT, {
      out: path.join(out, 'lvs-lab-lessons.vsix'),
      extraArgs: ['--no-rewrite-relative-links', '--allow-missing-repository'],
    });
    vs = await startCodeServer({ vsix, dockerHost, name: 'lessons' });
  });

  after(async () => {
    await vs?.stop();
    await cli(['down', '--lab', 'dr'], env);
  });

  test("DR lab: the trace's SYN table shows the director's forward to a real server's MAC, highlighted, IPs and ports not", async () => {
    await vs.openView('LVS Lab');
    await vs.runCommand('LVS Lab: Start Lab');
    await vs.answerQuickInput('dr', { expectPrompt: /lab/i });
    await vs.waitForNotification(/Handbook DR lab .* is up — 10 of 10 steps done/, t(20 * 60_000));
    await vs.clearNotifications();

    await vs.runCommand('LVS Lab: Trace a Request');
    const frame = await vs.webviewFrame('LVS Lab: Live Panel', { timeout: t(60_000) });
    await frame.getByTestId('tab-lessons').click();
    const rows = frame.getByTestId('trace-SYN').locator('tbody tr');
    const hops = await vs.waitFor(
      async () => {
        const list = await rows
          .evaluateAll((trs) =>
            trs.map((tr) => ({
              node: tr.getAttribute('data-node'),
              direction: tr.getAttribute('data-direction'),
              changed: (tr.getAttribute('data-changed') ?? '').split(',').filter(Boolean),
              cells: Object.fromEntries(
                [...tr.querySelectorAll('td')].map((td) => [
                  (td.getAttribute('data-testid') ?? '').replace(/^trace-hop-SYN-\d+-/, ''),
                  [td.textContent?.trim() ?? '', td.classList.contains('trace-changed'), td.getAttribute('title')],
                ]),
              ),
            })),
          )
          .catch(() => [] as HopRow[]);
        return list.length > 0 && (list as HopRow[]);
      },
      t(3 * 60_000),
      "the SYN's hops in the Lessons tab",
    );

    const sent = hops[0];
    assert.equal(sent.node, 'client');
    const forwarded = hops.filter((h) => h.node === 'node01' && h.direction === 'out').at(-1);
    assert.ok(forwarded, `node01 forwarding the SYN in ${JSON.stringify(hops)}`);
    const [dstMac, macHighlighted, macTitle] = forwarded.cells.dstMac;
    assert.match(dstMac, /^[0-9a-f:]{17} \(node0[23]\)$/);
    assert.ok(macHighlighted, 'the destination MAC is highlighted');
    assert.equal(macTitle, 'changed since the hop before');
    assert.ok(forwarded.changed.includes('dstMac'));
    for (const col of ['src', 'dst']) {
      assert.equal(forwarded.cells[col][1], false, `${col} not highlighted`);
      assert.equal(forwarded.cells[col][0], sent.cells[col][0], `${col} as the client sent it`);
    }
    assert.deepEqual(
      forwarded.changed.filter((f) => ['src', 'srcPort', 'dst', 'dstPort'].includes(f)),
      [],
    );
    assert.match((await frame.getByTestId('trace-evidence').textContent()) ?? '', /✓ node01 sent the SYN on to node0[23]'s MAC/);
    await vs.screenshot('panel-trace-lesson');
  });
});
