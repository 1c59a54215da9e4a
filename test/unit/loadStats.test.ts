// Expected values below were worked out by hand; the comments show the arithmetic.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { classifyRequest, percentile, summarizeLoad, type RequestResult } from '../../src/core/loadStats';

const ok = (backend: string, seconds: number): RequestResult => ({ backend, status: 200, seconds });

describe('classifyRequest', () => {
  test('ok needs 2xx/3xx, exit 0, no error and a backend', () => {
    assert.equal(classifyRequest(ok('node02', 0.01)), 'ok');
    assert.equal(classifyRequest({ backend: 'node02', status: 301, seconds: 0.01, exitCode: 0 }), 'ok');
    assert.equal(classifyRequest({ backend: null, status: 200, seconds: 0.01 }), 'error');
    assert.equal(classifyRequest({ backend: 'node02', status: 500, seconds: 0.01 }), 'error');
  });
  test('curl exit 28 or a "timed out" message is a timeout, not an error', () => {
    assert.equal(classifyRequest({ backend: null, status: 0, seconds: 3, exitCode: 28 }), 'timeout');
    assert.equal(classifyRequest({ backend: null, status: 0, seconds: 3, error: 'Connection timed out' }), 'timeout');
    assert.equal(classifyRequest({ backend: null, status: 0, seconds: 0.001, exitCode: 7, error: 'Connection refused' }), 'error');
  });
});

describe('percentile (nearest rank)', () => {
  const oneToTwenty = Array.from({ length: 20 }, (_, i) => i + 1);
  test('1..20: p50 = rank ceil(10) = 10, p95 = rank ceil(19) = 19, p99 = rank ceil(19.8) = 20', () => {
    assert.equal(percentile(oneToTwenty, 50), 10);
    assert.equal(percentile(oneToTwenty, 95), 19);
    assert.equal(percentile(oneToTwenty, 99), 20);
    assert.equal(percentile(oneToTwenty, 100), 20);
    assert.equal(percentile(oneToTwenty, 1), 1); // rank ceil(0.2) = 1
  });
  test('the rank always rounds up: p52 of 1..20 is rank ceil(10.4) = 11, p91 of 10..100 is rank ceil(9.1) = 10', () => {
    assert.equal(percentile(oneToTwenty, 52), 11);
    assert.equal(percentile([10, 20, 30, 40, 50, 60, 70, 80, 90, 100], 91), 100);
    assert.equal(percentile([10, 20, 30, 40, 50, 60, 70, 80, 90, 100], 90), 90);
  });
  test('no floating-point off-by-one: p7 of 1..100 is 7 (0.07 * 100 would be 7.000000000000001)', () => {
    const oneToHundred = Array.from({ length: 100 }, (_, i) => i + 1);
    assert.equal(percentile(oneToHundred, 7), 7);
    assert.equal(percentile(oneToHundred, 29), 29);
  });
  test('a single value is every percentile; bad input throws', () => {
    assert.equal(percentile([42], 1), 42);
    assert.equal(percentile([42], 99), 42);
    assert.throws(() => percentile([], 50), RangeError);
    assert.throws(() => percentile([1], 0), RangeError);
    assert.throws(() => percentile([1], 101), RangeError);
  });
});

describe('summarizeLoad', () => {
  test('empty input', () => {
    assert.deepEqual(summarizeLoad([]), {
      total: 0,
      ok: 0,
      errors: 0,
      errorMessages: [],
      timeouts: 0,
      backends: [],
      latencyMs: null,
    });
  });

  test('one request', () => {
    assert.deepEqual(summarizeLoad([ok('node02', 0.0125)]), {
      total: 1,
      ok: 1,
      errors: 0,
      errorMessages: [],
      timeouts: 0,
      backends: [{ backend: 'node02', count: 1, percent: 100 }],
      latencyMs: { min: 12.5, max: 12.5, mean: 12.5, p50: 12.5, p95: 12.5, p99: 12.5 },
    });
  });

  test('all failing: timeouts apart, errors tallied by message', () => {
    const refused = 'Failed to connect to 10.77.0.100 port 80: Connection refused';
    const stats = summarizeLoad([
      { backend: null, status: 0, seconds: 3.001, exitCode: 28, error: 'Operation timed out after 3001 milliseconds with 0 bytes received' },
      { backend: null, status: 0, seconds: 0.002, exitCode: 7, error: refused },
      { backend: null, status: 503, seconds: 0.004 },
      { backend: null, status: 0, seconds: 0.002, exitCode: 7, error: refused },
      { backend: null, status: 0, seconds: 2, error: 'Connection timed out' },
      { backend: null, status: 0, seconds: 0.001, exitCode: 52 },
    ]);
    assert.deepEqual(stats, {
      total: 6,
      ok: 0,
      errors: 4, // 2 refused + HTTP 503 + exit 52
      errorMessages: [
        { message: refused, count: 2 },
        { message: 'HTTP 503', count: 1 }, // count ties sorted by message: "H" < "c"
        { message: 'curl exit 52', count: 1 },
      ],
      timeouts: 2,
      backends: [],
      latencyMs: null,
    });
  });

  test('mixed run: shares, latency over successes only, ties', () => {
    const stats = summarizeLoad([
      ok('node03', 0.04),
      ok('node02', 0.02),
      { backend: null, status: 0, seconds: 3, exitCode: 28 },
      ok('node03', 0.1),
      { backend: null, status: 500, seconds: 0.5 },
      ok('node02', 0.01),
      { backend: null, status: 0, seconds: 0.001, exitCode: 7, error: 'Connection refused' },
      ok('node03', 0.03),
      ok('node02', 0.02),
    ]);
    assert.equal(stats.total, 9);
    assert.equal(stats.ok, 6);
    assert.equal(stats.errors, 2);
    assert.equal(stats.timeouts, 1);
    // One each: ties by message, "C" < "H".
    assert.deepEqual(stats.errorMessages, [
      { message: 'Connection refused', count: 1 },
      { message: 'HTTP 500', count: 1 },
    ]);
    // 3 of 6 each; sorted by name although node03 answered first.
    assert.deepEqual(stats.backends, [
      { backend: 'node02', count: 3, percent: 50 },
      { backend: 'node03', count: 3, percent: 50 },
    ]);
    // ms sorted: 10 20 20 30 40 100 (n = 6); p50 rank ceil(3) = 3 -> 20; p95 rank ceil(5.7) = 6 -> 100;
    // p99 rank ceil(5.94) = 6 -> 100; mean 220 / 6 = 36.666... -> 36.667. The 3 s timeout and the 0.5 s
    // error are not counted.
    assert.deepEqual(stats.latencyMs, { min: 10, max: 100, mean: 36.667, p50: 20, p95: 100, p99: 100 });
  });

  test('thirds are rounded to 2 decimals', () => {
    const stats = summarizeLoad([ok('node03', 0.001), ok('node01', 0.002), ok('node02', 0.003)]);
    assert.deepEqual(
      stats.backends.map((b) => [b.backend, b.count, b.percent]),
      [
        ['node01', 1, 33.33],
        ['node02', 1, 33.33],
        ['node03', 1, 33.33],
      ],
    );
    // 1 + 2 + 3 = 6 ms / 3 = 2
    assert.deepEqual(stats.latencyMs, { min: 1, max: 3, mean: 2, p50: 2, p95: 3, p99: 3 });
  });
});

describe('real lab captures (test/fixtures/curl-*.txt: one page body or "curl exit N" per request)', () => {
  // Timings were not captured with these, so every request counts 0 s.
  const fromCapture = (name: string): RequestResult[] =>
    readFileSync(new URL(`../fixtures/${name}`, import.meta.url), 'utf8')
      .split('\n')
      .filter((l) => l.trim() !== '')
      .map((l) => {
        const exit = /^curl exit (\d+)$/.exec(l);
        return exit ? { backend: null, status: 0, seconds: 0, exitCode: Number(exit[1]) } : { backend: l.trim(), status: 200, seconds: 0 };
      });

  test('NAT wrr 3:1, 8 requests: 6 + 2 is exactly the weights', () => {
    const stats = summarizeLoad(fromCapture('curl-nat-8.txt'));
    assert.deepEqual(stats.backends, [
      { backend: 'node05', count: 6, percent: 75 },
      { backend: 'node06', count: 2, percent: 25 },
    ]);
  });

  test('DR with a real server that drops traffic: its share shows up as timeouts', () => {
    const stats = summarizeLoad(fromCapture('curl-dr-broken-6.txt'));
    assert.deepEqual([stats.total, stats.ok, stats.errors, stats.timeouts], [6, 4, 0, 2]);
    assert.deepEqual(
      stats.backends.map((b) => [b.backend, b.count]),
      [
        ['node02', 2],
        ['node03', 2],
      ],
    );
  });
});
