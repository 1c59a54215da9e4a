// Several commands in one exec, on real output captured from the lab host
// (test/fixtures/batch-*.txt): each keeps its own exit code, stdout and stderr.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { batchArgv, parseBatch } from '../../src/core/batch';
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
    assert.equal(r[0]?.stdout, 'it\'s quoted: $HOME "x" `id` <<<lvslab item 9 0 0 0>>>\n');
    assert.deepEqual(r[1], { exitCode: 3, stdout: 'héllo ✓', stderr: 'oops\n' });
    assert.deepEqual(r[2], { exitCode: 0, stdout: '', stderr: '' }, 'a check after a failed check still runs');
    const script = batchArgv([{ argv: ['echo', "it's"], timeoutMs: 1000 }])[2];
    assert.match(script, /timeout -k 2 1s echo 'it'"'"'s'/);
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
