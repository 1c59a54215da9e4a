// Several commands in one exec, on real output captured from the lab host
// (test/fixtures/batch-*.txt, capture-batch.ts): each keeps its own exit code, stdout and stderr.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { batchArgv, parseBatch, readBatch, TIMED_OUT } from '../../src/core/batch';
import { execBatch, type ExecResult, type NodeExecutor } from '../../src/core/exec';

const fixture = (name: string) => readFileSync(join(__dirname, '..', 'fixtures', name), 'utf8');

describe('batch', () => {
  test('checks, a failing command, one it stopped, a timeout and a failed curl, each with its own result', () => {
    const r = parseBatch(fixture('batch-node02-dr.txt'), 6);
    assert.deepEqual(r[0], { exitCode: 0, stdout: '0\n0\n0\n0\n', stderr: '' });
    assert.match(r[1]?.stdout ?? '', /^1: lo {4}inet 127\.0\.0\.1\/8 scope host lo/);
    assert.deepEqual(r[2], { exitCode: 2, stdout: '', stderr: 'RTNETLINK answers: Cannot assign requested address\n' });
    assert.equal(r[3], undefined, 'the command after the failed one did not run');
    assert.equal(r[4]?.exitCode, 124, 'sleep 5 was stopped at its 1 s limit');
    assert.equal(r[5]?.exitCode, 7, "curl's own exit code");
  });

  test('argv is quoted, never interpreted; multi-byte output and look-alike markers keep their bytes', () => {
    const r = parseBatch(fixture('batch-client-quoting.txt'), 3);
    assert.equal(r[0]?.stdout, 'it\'s quoted: $HOME "x" `id` <<<lvslab batch 0 0>>>\n');
    assert.deepEqual(r[1], { exitCode: 3, stdout: 'héllo ✓', stderr: 'oops\n' });
    assert.deepEqual(r[2], { exitCode: 0, stdout: '', stderr: '' }, 'a check after a failed check still runs');
    const script = batchArgv([{ argv: ['echo', "it's"], timeoutMs: 1000 }])[2];
    assert.match(script, /^echo 'it'"'"'s' <\/dev\/null /m);
  });

  test('an item past its limit is stopped with its children, the batch goes on, and nothing is left running (dash, as in the nodes)', () => {
    const started = Date.now();
    const items = [
      { argv: ['sh', '-c', 'sleep 30; echo too late'], timeoutMs: 1000 },
      { argv: ['sh', '-c', 'trap "" TERM; sleep 31'], timeoutMs: 1000 },
      { argv: ['echo', 'after'], timeoutMs: 1000 },
    ];
    const run = spawnSync('dash', ['-c', batchArgv(items)[2]], { encoding: 'utf8', timeout: 20_000 });
    const seconds = (Date.now() - started) / 1000;
    const r = parseBatch(run.stdout, items.length);
    assert.deepEqual(
      r.map((x) => x?.exitCode),
      [TIMED_OUT, TIMED_OUT, 0],
    );
    assert.equal(r[0]?.stdout, '', 'the item did not carry on once its child was stopped');
    assert.equal(r[2]?.stdout, 'after\n');
    assert.ok(seconds >= 2 && seconds < 9, `limits of 1 s, TERM ignored by one item: ${seconds} s`);
    const cmdline = (pid: string) => {
      try {
        return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ').trim();
      } catch {
        return ''; // it ended meanwhile
      }
    };
    const left = readdirSync('/proc').filter((pid) => /^\d+$/.test(pid) && /^sleep 3[01]$/.test(cmdline(pid)));
    assert.deepEqual(left, [], 'no sleep left behind');
  });

  test('a session: two batches from one shell, each read only once its output is whole, in the order sent', () => {
    const bytes = Buffer.from(fixture('batch-session-node02-dr.txt'), 'utf8');
    const checks = 3;
    const commands = 4;
    for (let cut = 0; cut < bytes.length; cut += 7) {
      const early = readBatch(bytes.subarray(0, cut), 0, checks, 1);
      if (early) assert.ok(early.end <= cut, 'a batch is read only from bytes that have arrived');
    }
    const first = readBatch(bytes, 0, checks, 1);
    assert.ok(first);
    assert.deepEqual(
      first.results.map((r) => r?.exitCode),
      [0, 0, 7],
      'before: sysctls read, no VIP on lo, no httpd',
    );
    assert.equal(readBatch(bytes.subarray(0, bytes.length - 1), first.end, commands + checks, 2), undefined, 'the second batch is not whole yet');
    const second = readBatch(bytes, first.end, commands + checks, 2);
    assert.ok(second);
    assert.equal(second.end, bytes.length);
    assert.deepEqual(
      second.results.map((r) => r?.exitCode),
      [0, 0, 0, 0, 0, 0, 0],
    );
    assert.equal(second.results[6]?.stdout, 'node02\n', 'httpd answers with the node name after the commands');
    assert.throws(() => readBatch(bytes, 0, checks, 2), /batch 1 with 3 items, expected batch 2/);
  });

  test('without a batch runtime the same items run one by one, stopping commands after a failure', async () => {
    const ran: string[] = [];
    const nodes: NodeExecutor = {
      exec: (_node, argv): Promise<ExecResult> => {
        ran.push(argv.join(' '));
        return Promise.resolve({ exitCode: argv[0] === 'false' ? 1 : 0, stdout: '', stderr: '' });
      },
    };
    const r = await execBatch(nodes, 'node02', [
      { argv: ['false'], timeoutMs: 1000, stopOnFailure: true },
      { argv: ['touch', 'x'], timeoutMs: 1000, stopOnFailure: true },
      { argv: ['cat', 'x'], timeoutMs: 1000 },
    ]);
    assert.deepEqual(ran, ['false', 'cat x']);
    assert.equal(r[1], undefined);
  });
});
