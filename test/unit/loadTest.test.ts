import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { bodiesArgv, combine, curlArgv, parseBodies } from '../../src/core/loadTest';
import { summarizeLoad } from '../../src/core/loadStats';

// Captured in the DR lab's client container (curl 7.88.1) with the argv curlArgv builds.
const fixture = (name: string) => readFileSync(join(__dirname, '..', 'fixtures', name), 'utf8');
const DIR = '/tmp/lvslab-load-fixture';

describe('load test through curl in the client', () => {
  test('the command: parallel, a fresh connection per request, bodies to numbered files', () => {
    const argv = curlArgv({ vip: '192.168.150.100', port: 80, requests: 60, concurrency: 6, timeoutSeconds: 5 }, DIR);
    assert.deepEqual(argv.slice(0, 3), ['stdbuf', '-oL', 'curl']);
    assert.ok(argv.includes('--parallel'));
    assert.equal(argv[argv.indexOf('--parallel-max') + 1], '6');
    assert.equal(argv[argv.indexOf('--header') + 1], 'Connection: close');
    assert.equal(argv[argv.indexOf('--output') + 1], `${DIR}/#1`);
    assert.equal(argv.at(-1), 'http://192.168.150.100:80/?req=[1-60]');
    assert.deepEqual(bodiesArgv(DIR), ['grep', '-r', '-m', '1', '', DIR]);
    assert.throws(() => curlArgv({ vip: '192.168.150.100', port: 80, requests: 0, concurrency: 1, timeoutSeconds: 5 }, DIR), /requests must be/);
    assert.throws(() => curlArgv({ vip: '192.168.150.100', port: 80, requests: 5, concurrency: 301, timeoutSeconds: 5 }, DIR), /concurrency must be/);
  });

  test('six requests in the DR lab: each matched to the node its page named', () => {
    const results = combine(fixture('curl-writeout-dr-6.txt'), parseBodies(fixture('curl-bodies-dr-6.txt'), DIR));
    assert.deepEqual(
      results.map((r) => [r.index, r.backend, r.status, r.exitCode]),
      [
        [1, 'node03', 200, 0],
        [2, 'node02', 200, 0],
        [3, 'node03', 200, 0],
        [4, 'node02', 200, 0],
        [5, 'node03', 200, 0],
        [6, 'node02', 200, 0],
      ],
    );
    assert.equal(results[0].seconds, 0.062493);
    const stats = summarizeLoad(results);
    assert.deepEqual(
      stats.backends.map((b) => [b.backend, b.count]),
      [
        ['node02', 3],
        ['node03', 3],
      ],
    );
  });

  test("refused connections and timeouts are errors and timeouts, with curl's own words", () => {
    const refused = combine(fixture('curl-writeout-refused.txt'), new Map());
    assert.deepEqual(
      refused.map((r) => [r.index, r.backend, r.exitCode]),
      [
        [1, null, 7],
        [2, null, 7],
      ],
    );
    assert.match(refused[0].error!, /^Failed to connect to 192\.168\.150\.12 port 81 after \d+ ms: Couldn't connect to server$/);
    const timedOut = combine(fixture('curl-writeout-timeout.txt'), new Map());
    const stats = summarizeLoad([...refused, ...timedOut]);
    assert.equal(stats.ok, 0);
    assert.equal(stats.errors, 2);
    assert.equal(stats.timeouts, 2);
    assert.equal(stats.latencyMs, null);
  });
});
