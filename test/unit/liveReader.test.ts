// The live reader: one stream per node however many watch it, only while someone
// watches, only the sections they need, started again when a stream breaks. The node
// side replays a real capture (test/fixtures/watch-node01-dr.txt).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import type { ExecOptions, ExecResult, NodeExecutor } from '../../src/core/exec';
import { resolveLab } from '../../src/core/labLoader';
import { LiveReader, type NodeTick } from '../../src/service/liveReader';

const lab = resolveLab('dr');
const capture = readFileSync(join(__dirname, '..', 'fixtures', 'watch-node01-dr.txt'), 'utf8');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Streams the capture to every exec, then holds it open until aborted (or ends it, when `breaks`). */
class FakeNodes implements NodeExecutor {
  execs: { node: string; script: string }[] = [];
  /** The `pkill` patterns run to end streams let go of, per node. */
  stops: { node: string; pattern: string }[] = [];
  constructor(private readonly breaks = false) {}
  exec(node: string, argv: string[], options?: ExecOptions): Promise<ExecResult> {
    if (argv[0] === 'pkill') {
      this.stops.push({ node, pattern: argv.at(-1)! });
      return Promise.resolve({ exitCode: 0, stdout: '', stderr: '' });
    }
    this.execs.push({ node, script: argv.join(' ') });
    options?.onStdout?.(capture);
    return new Promise((resolve, reject) => {
      if (this.breaks) return setTimeout(() => reject(new Error('stream broke')), 20);
      options?.signal?.addEventListener('abort', () => reject(new DOMException('stopped', 'AbortError')));
    });
  }
  live(node: string) {
    return this.execs.filter((e) => e.node === node).length;
  }
}

describe('live reader', () => {
  test('two watchers of the connection table share one stream per node, and only the director is read', async () => {
    const nodes = new FakeNodes();
    const reader = new LiveReader(lab, nodes);
    const a: NodeTick[] = [];
    const b: NodeTick[] = [];
    const wa = reader.watch({ intervalMs: 1000, sections: ['conns'] }, (t) => a.push(t));
    const wb = reader.watch({ intervalMs: 1000, sections: ['conns'] }, (t) => b.push(t));
    await sleep(20);
    assert.deepEqual(
      nodes.execs.map((e) => e.node),
      ['node01'],
    );
    assert.equal(a.length, 3);
    assert.equal(b.length, 1, 'the second watcher gets the latest tick at once');
    wa.dispose();
    wb.dispose();
    reader.dispose();
  });

  test('a watcher that needs sockets adds one stream per node; when it leaves, only the director stream is left, started anew', async () => {
    const nodes = new FakeNodes();
    const reader = new LiveReader(lab, nodes);
    const conns = reader.watch({ intervalMs: 1000, sections: ['conns'] }, () => undefined);
    const panel = reader.watch({ intervalMs: 1000, sections: ['conns', 'sockets'] }, () => undefined);
    await sleep(20);
    assert.deepEqual(nodes.execs.map((e) => e.node).sort(), ['client', 'node01', 'node01', 'node02', 'node03']);
    assert.match(nodes.execs.at(-1)?.script ?? '', /netstat/);
    panel.dispose();
    await sleep(20);
    assert.equal(nodes.live('node01'), 3, 'the director restarted without sockets');
    // Docker would leave the old loop running in the node: each stream let go of is ended there by its name.
    const name = (script: string) => / (lvslab-watch-[0-9a-f-]+)$/.exec(script)?.[1];
    const stopped = nodes.execs.filter((e) => e.node !== 'node01' || /netstat/.test(e.script)).map((e) => `${e.node} ${name(e.script)}`);
    assert.deepEqual(
      nodes.stops.map((s) => `${s.node} ${s.pattern.replace('[l]', 'l')}`).sort(),
      [...stopped, `node01 ${name(nodes.execs.find((e) => e.node === 'node01')!.script)}`].sort(),
    );
    assert.doesNotMatch(nodes.execs.at(-1)?.script ?? '', /netstat/);
    conns.dispose();
    reader.dispose();
  });

  test('nothing is read once nobody watches', async () => {
    const nodes = new FakeNodes();
    const reader = new LiveReader(lab, nodes);
    reader.watch({ intervalMs: 1000, sections: ['conns'] }, () => undefined).dispose();
    await sleep(50);
    assert.equal(nodes.execs.length, 1);
  });

  test('a stream that breaks is started again, and the watchers keep their ticks', async () => {
    const nodes = new FakeNodes(true);
    const reader = new LiveReader(lab, nodes);
    const ticks: NodeTick[] = [];
    const w = reader.watch({ intervalMs: 1000, sections: ['conns'] }, (t) => ticks.push(t));
    await sleep(150);
    assert.ok(nodes.live('node01') >= 3, `restarted ${nodes.live('node01')} times`);
    assert.ok(ticks.length >= 9 && ticks.every((t) => t.snapshot && !t.error), `${ticks.length} ticks`);
    w.dispose();
    reader.dispose();
  });
});
