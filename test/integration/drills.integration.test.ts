// Failure drills on real IPVS (issue 11), in the handbook's DR lab (rr over node02 and node03): what a broken real
// server does to a load test and to the director's table, and that one undo brings the lab back.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type Docker from 'dockerode';
import type { ActiveDrill } from '../../src/core/drills';
import type { StepState } from '../../src/core/engine';
import { parseIpvsadmConns } from '../../src/core/parsers';
import type { DrillResult, TraceResult, UndoResult } from '../../src/service/labService';
import { cli, cliJson } from '../support/cli';
import { dockerFor, ensureEngine } from '../support/engine';
import { inNode } from './helpers';

const LAB = ['--lab', 'dr'];
const NODE03 = '192.168.150.13';

async function stepsDone(): Promise<void> {
  const steps = await cliJson<StepState[]>(['steps', ...LAB]);
  for (const s of steps) assert.equal(s.status, 'done', `${s.id}: ${s.detail}`);
}

describe('failure drills on real IPVS', { timeout: 20 * 60_000 }, () => {
  let docker: Docker;
  before(async () => {
    docker = dockerFor(await ensureEngine());
    const { steps } = await cliJson<{ steps: StepState[] }>(['up', ...LAB]);
    for (const s of steps) assert.equal(s.status, 'done', `${s.id}: ${s.detail}`);
    await cli(['drill', 'undo', '--all', ...LAB]);
  });
  after(async () => {
    await cli(['down', ...LAB]);
  });

  test('httpd stopped on node03: about half of 40 requests fail under plain IPVS (rr), node02 answers the rest; undo starts it again', async () => {
    try {
      const r = await cliJson<DrillResult>(['drill', 'stop-httpd', 'node03', '-n', '40', ...LAB]);
      assert.deepEqual(
        r.active.map((a) => a.kind),
        ['stop-httpd'],
      );
      const load = r.observation!.load;
      const failed = load.errors + load.timeouts;
      assert.equal(load.total, 40);
      assert.ok(failed >= 16 && failed <= 24, `${failed} of 40 failed`);
      assert.deepEqual(
        load.backends.map((b) => [b.backend, b.count]),
        [['node02', load.ok]],
      );
      // Past the project's code: no live apache2 on node03.
      const ps = await inNode(docker, 'dr', 'node03', ['ps', '-C', 'apache2', '-o', 'stat=']).catch(() => '');
      assert.ok(
        ps.split('\n').every((s) => s.trim() === '' || s.trim().startsWith('Z')),
        ps,
      );
    } finally {
      const u = await cliJson<UndoResult>(['drill', 'undo', 'node03', ...LAB]);
      assert.deepEqual(u.left, []);
    }
    await stepsDone();
  });

  test('node03 cut off: the director holds SYN_RECV entries to node03 (and none to node02), the requests to it time out', async () => {
    try {
      const r = await cliJson<DrillResult>(['drill', 'cut-off', 'node03', '-n', '10', '--timeout', '2', ...LAB]);
      const o = r.observation!;
      assert.ok(o.load.timeouts >= 3, `${o.load.timeouts} timeouts`);
      assert.ok((o.table.find((d) => d.node === 'node03')?.states.SYN_RECV ?? 0) >= 1, JSON.stringify(o.table));
      assert.ok(o.findings.some((f) => f.text.includes('in SYN_RECV on node01')));
      // Past the project's code: the director's own table, read now.
      const conns = parseIpvsadmConns(await inNode(docker, 'dr', 'node01', ['ipvsadm', '-Lnc']));
      assert.ok(conns.some((c) => c.state === 'SYN_RECV' && c.destination.ip === NODE03));
      assert.ok(!conns.some((c) => c.state === 'SYN_RECV' && c.destination.ip !== NODE03));
    } finally {
      await cli(['drill', 'undo', 'node03', ...LAB]);
    }
  });

  test("node03 cut off: a trace of a request scheduled to node03 is shown, not refused: node01 sent the SYN to node03 and nothing came back, or (node03's MAC no longer known: it answers no ARP) sent it nowhere", async () => {
    try {
      await cliJson<DrillResult>(['drill', 'cut-off', 'node03', '-n', '0', ...LAB]);
      let failed: TraceResult | undefined;
      // rr alternates: one of two requests goes to node03.
      for (let i = 0; i < 3 && !failed; i++) {
        const r = await cliJson<TraceResult>(['trace', ...LAB]);
        if (r.request.status === 0) failed = r;
      }
      assert.ok(failed, 'a traced request got no answer');
      assert.equal(failed.trace.lesson.confirmed, false);
      // Which of the two depends on whether node01 still holds node03's MAC from before the cut.
      const said = failed.trace.lesson.evidence;
      assert.ok(
        said.some((e) => e.startsWith('✗ no response reached the client: node01 forwarded the SYN to node03 and nothing came back. SYN_RECV:')) ||
          said.some((e) => e.startsWith('✗ node01 received the SYN and sent it on to no real server')),
        said.join('\n'),
      );
    } finally {
      await cli(['drill', 'undo', 'node03', ...LAB]);
    }
  });

  test('undo --all after a netem drill on node03 and httpd stopped on node02: no drill left on the nodes, every step done, 20 of 20 answered', async () => {
    await cliJson<DrillResult>(['drill', 'netem', 'node03', '--delay', '200', '--loss', '10', '-n', '0', ...LAB]);
    await cliJson<DrillResult>(['drill', 'stop-httpd', 'node02', '-n', '0', ...LAB]);
    const listed = await cliJson<ActiveDrill[]>(['drill', 'list', ...LAB]);
    assert.deepEqual(listed.map((d) => `${d.node} ${d.kind}`).sort(), ['node02 stop-httpd', 'node03 netem']);
    assert.deepEqual(listed.find((d) => d.kind === 'netem')?.netem, { delayMs: 200, lossPercent: 10 });
    const u = await cliJson<UndoResult>(['drill', 'undo', '--all', ...LAB]);
    assert.equal(u.undone.length, 2);
    assert.deepEqual(u.left, []);
    assert.deepEqual(await cliJson<ActiveDrill[]>(['drill', 'list', ...LAB]), []);
    assert.doesNotMatch(await inNode(docker, 'dr', 'node03', ['tc', 'qdisc', 'show', 'dev', 'eth0']), /netem/);
    await stepsDone();
    const load = await cliJson<{ summary: { ok: number } }>(['load', '-n', '20', '-c', '4', ...LAB]);
    assert.equal(load.summary.ok, 20);
  });
});
