// The trace's run, against nodes that replay the real DR captures (test/fixtures/trace-dr-*): the captures
// listen before the request goes, are stopped after it, and are stopped too when the run fails.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import type { ExecOptions, ExecResult, NodeExecutor } from '../../src/core/exec';
import { resolveLab } from '../../src/core/labLoader';
import { runTrace } from '../../src/service/trace';

const lab = resolveLab('dr');
const fixture = (name: string) => readFileSync(join(__dirname, '..', 'fixtures', name), 'utf8');

/** Each capture prints its real output up to "ready" at once, the rest when stopped; `broken` nodes' tcpdump cannot listen. */
class ReplayNodes implements NodeExecutor {
  log: string[] = [];
  private readonly stopped = new Map<string, () => void>();
  constructor(private readonly broken: string[] = []) {}

  exec(node: string, argv: string[], options?: ExecOptions): Promise<ExecResult> {
    const what = argv[0] === 'curl' ? 'curl' : argv[3] === 'lvslab-trace' ? 'capture' : 'stop';
    this.log.push(`${what} ${node}`);
    if (what === 'curl') return Promise.resolve({ stdout: fixture('trace-dr-request.txt'), stderr: '', exitCode: 0 });
    if (what === 'stop') {
      this.stopped.get(node)?.();
      return Promise.resolve({ stdout: '', stderr: '', exitCode: 0 });
    }
    const full = fixture(`trace-dr-${node}.txt`);
    const cut = full.indexOf('\n', full.indexOf('@@lvslab-trace ready')) + 1;
    const head = this.broken.includes(node) ? full.slice(0, cut).replace('ready 1', 'ready 0') : full.slice(0, cut);
    setImmediate(() => options?.onStdout?.(head));
    return new Promise((resolve) => this.stopped.set(node, () => resolve({ stdout: full, stderr: '', exitCode: 0 })));
  }
}

describe('trace run', () => {
  test('every node listens before the one request; all are stopped after it; the path is built from what they printed', async () => {
    const nodes = new ReplayNodes();
    const r = await runTrace(nodes, lab, 5000);
    const curlAt = nodes.log.indexOf('curl client');
    assert.deepEqual(nodes.log.slice(0, curlAt).sort(), ['capture client', 'capture node01', 'capture node02', 'capture node03']);
    assert.deepEqual(nodes.log.slice(curlAt + 1).sort(), ['stop client', 'stop node01', 'stop node02', 'stop node03']);
    assert.deepEqual(r.request, { status: 200, localPort: 44164, page: 'node03' });
    assert.equal(r.raw.node01, fixture('trace-dr-node01.txt'));
    assert.equal(r.trace.realServer, 'node03');
    assert.equal(r.trace.lesson.confirmed, true);
  });

  test('a node whose tcpdump cannot listen: no request is sent, every capture is stopped, one sentence names the node', async () => {
    const nodes = new ReplayNodes(['node02']);
    await assert.rejects(runTrace(nodes, lab, 5000), /tcpdump could not listen on every interface of node02 \(eth0\)/);
    assert.ok(!nodes.log.includes('curl client'), nodes.log.join(', '));
    assert.deepEqual(nodes.log.filter((l) => l.startsWith('stop')).sort(), ['stop client', 'stop node01', 'stop node02', 'stop node03']);
  });
});
