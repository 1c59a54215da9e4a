// Issue 13: the live panel and the Connections side view watch the same live reader. With both watching, the
// director is read by one stream, one round per interval, and each round reaches both views. The views' own
// wiring (LiveWatch with the sections each asks for) over the real LiveReader; the nodes replay a real capture
// (test/fixtures/watch-node01-dr.txt), one round per interval, and count every exec and every round.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import type { ExecOptions, ExecResult, NodeExecutor } from '../../src/core/exec';
import { resolveLab } from '../../src/core/labLoader';
import type { Section } from '../../src/core/snapshot';
import { PANEL_SECTIONS } from '../../src/extension/liveSnapshot';
import { LiveWatch } from '../../src/extension/liveWatch';
import { SIDE_SECTIONS, sideConnsMessage } from '../../src/extension/sideSnapshot';
import { LiveReader, type NodeTick } from '../../src/service/liveReader';

const lab = resolveLab('dr');
/** Longer than the views' batching (BATCH_MS), as every real interval is. */
const INTERVAL_MS = 120;
const capture = readFileSync(join(__dirname, '..', 'fixtures', 'watch-node01-dr.txt'), 'utf8');
/** The capture's rounds, each ending with its tick line. */
const rounds = capture.split(/(?<=<<<lvslab tick \d+ \d+>>>\n)/).filter((r) => r.includes('<<<lvslab tick'));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Each exec streams one round every INTERVAL_MS until it is stopped; counts execs and rounds per node. */
class CountingNodes implements NodeExecutor {
  readonly execs: { node: string; at: number; script: string }[] = [];
  readonly rounds = new Map<string, number>();
  exec(node: string, argv: string[], options?: ExecOptions): Promise<ExecResult> {
    // Ending a stream let go of in the node (stopWatchArgv) is not a reading.
    if (argv[0] === 'pkill') return Promise.resolve({ exitCode: 0, stdout: '', stderr: '' });
    this.execs.push({ node, at: Date.now(), script: argv.join(' ') });
    let i = 0;
    const timer = setInterval(() => {
      this.rounds.set(node, (this.rounds.get(node) ?? 0) + 1);
      options?.onStdout?.(rounds[i++ % rounds.length]);
    }, INTERVAL_MS);
    return new Promise((_resolve, reject) => {
      options?.signal?.addEventListener('abort', () => {
        clearInterval(timer);
        reject(new DOMException('stopped', 'AbortError'));
      });
    });
  }
  execsOn(node: string, since = 0): number {
    return this.execs.filter((e) => e.node === node && e.at >= since).length;
  }
}

/** A view's watch as the extension wires it, recording the director's ticks it is handed. */
function view(sections: readonly Section[]) {
  const seen: NodeTick[] = [];
  const watch = new LiveWatch(sections, (latest) => {
    const t = latest.get('node01');
    if (t && seen.at(-1) !== t) seen.push(t);
  });
  return { watch, seen };
}

describe('the live panel and the Connections view share the live reader', () => {
  test('with both watching, node01 is read by one exec, once per interval, and every round reaches both views', async () => {
    assert.equal(rounds.length, 3, 'the capture holds three rounds');
    const nodes = new CountingNodes();
    const reader = new LiveReader(lab, nodes);
    const side = view(SIDE_SECTIONS);
    const panel = view(PANEL_SECTIONS);
    side.watch.sync(reader, INTERVAL_MS);
    panel.watch.sync(reader, INTERVAL_MS);
    // The panel's sockets add a stream on every node and restart the director's with them: let that settle.
    await sleep(INTERVAL_MS * 2);
    const since = Date.now();
    const roundsBefore = nodes.rounds.get('node01') ?? 0;
    const sideBefore = side.seen.length;
    const panelBefore = panel.seen.length;
    await sleep(INTERVAL_MS * 10 + INTERVAL_MS / 2);
    const roundsRead = (nodes.rounds.get('node01') ?? 0) - roundsBefore;

    assert.equal(nodes.execsOn('node01', since), 0, 'no new exec on the director while both watch');
    assert.equal(nodes.execs.filter((e) => e.node === 'node01').length, 2, 'the side view’s stream, then one with the panel’s sections');
    assert.ok(roundsRead >= 9 && roundsRead <= 11, `node01 read ${roundsRead} times in 10 intervals`);
    const sideTicks = side.seen.slice(sideBefore);
    const panelTicks = panel.seen.slice(panelBefore);
    assert.equal(sideTicks.length, roundsRead, 'the side view got every round');
    assert.equal(panelTicks.length, roundsRead, 'the panel got every round');
    assert.ok(
      sideTicks.every((t, i) => t === panelTicks[i]),
      'the same reading, not two',
    );
    // What the side view is sent from a round: the director's table and its real servers.
    const m = sideConnsMessage(lab, new Map([['node01', sideTicks[0]]]));
    assert.ok(m?.conns && m.conns.length > 0);
    assert.deepEqual(m.realServers, ['192.168.150.12', '192.168.150.13']);

    side.watch.dispose();
    panel.watch.dispose();
    reader.dispose();
  });

  test('the side view alone reads only the director, without sockets; hidden, it reads nothing', async () => {
    const nodes = new CountingNodes();
    const reader = new LiveReader(lab, nodes);
    const side = view(SIDE_SECTIONS);
    side.watch.sync(reader, INTERVAL_MS);
    await sleep(INTERVAL_MS * 3);
    assert.deepEqual(
      nodes.execs.map((e) => e.node),
      ['node01'],
    );
    assert.doesNotMatch(nodes.execs[0].script, /netstat/);
    assert.match(nodes.execs[0].script, /ipvsadm -Lnc/);
    assert.ok(side.seen.length >= 2);
    side.watch.sync(undefined, INTERVAL_MS);
    const rounds = nodes.rounds.get('node01');
    await sleep(INTERVAL_MS * 3);
    assert.equal(nodes.rounds.get('node01'), rounds, 'no round once the view is hidden');
    assert.equal(side.watch.watching, false);
    reader.dispose();
  });
});
