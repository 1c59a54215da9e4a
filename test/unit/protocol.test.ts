import { parseHealthRead } from '../../src/core/health';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { parseNetstat } from '../../src/core/parsers';
import { parseHostMessage, parseWebviewMessage } from '../../src/protocol/messages';

const fixture = (name: string) => readFileSync(join(__dirname, '..', 'fixtures', name), 'utf8');

describe('webview → host messages', () => {
  test('accepts each well-formed message', () => {
    for (const m of [
      { type: 'ready' },
      { type: 'setPaused', paused: true },
      { type: 'refreshNow' },
      { type: 'runLoadTest', requests: 40, concurrency: 4, clients: 8, hold: 6 },
    ]) {
      assert.deepEqual(parseWebviewMessage(m), { ok: true, message: m });
    }
  });

  test('rejects unknown types, missing fields and out-of-range load tests, saying where', () => {
    assert.deepEqual(parseWebviewMessage({ type: 'runLoadTest', requests: 0, concurrency: 4, clients: 1, hold: 0 }), {
      ok: false,
      error: 'requests: Too small: expected number to be >=1',
    });
    assert.equal(parseWebviewMessage({ type: 'runLoadTest', requests: 10, concurrency: 301, clients: 1, hold: 0 }).ok, false);
    assert.equal(parseWebviewMessage({ type: 'runLoadTest', requests: 1.5, concurrency: 1, clients: 1, hold: 0 }).ok, false);
    assert.deepEqual(parseWebviewMessage({ type: 'runLoadTest', requests: 10, concurrency: 1, clients: 65, hold: 0 }), {
      ok: false,
      error: 'clients: Too big: expected number to be <=64',
    });
    assert.equal(parseWebviewMessage({ type: 'runLoadTest', requests: 10, concurrency: 1, clients: 1, hold: -1 }).ok, false);
    assert.equal(parseWebviewMessage({ type: 'runLoadTest', requests: 10, concurrency: 1 }).ok, false);
    assert.equal(parseWebviewMessage({ type: 'setPaused', paused: 'yes' }).ok, false);
    assert.equal(parseWebviewMessage({ type: 'rm -rf' }).ok, false);
    assert.equal(parseWebviewMessage('ready').ok, false);
    assert.equal(parseWebviewMessage(null).ok, false);
  });
});

describe('host → webview messages', () => {
  test('a snapshot built from real netstat output validates', () => {
    const sockets = parseNetstat(fixture('netstat-natp-local.txt'));
    assert.ok(sockets.length > 0);
    const m = {
      type: 'snapshot',
      readAt: new Date(0).toISOString(),
      durationMs: 12,
      conns: null,
      services: null,
      sockets: { node02: sockets },
      health: null,
      errors: {},
    };
    const parsed = parseHostMessage(m);
    assert.equal(parsed.ok, true, parsed.ok ? '' : parsed.error);
  });

  test("keepalived's checks from a real read validate; its configuration is not sent", () => {
    const read = parseHealthRead({ exitCode: 0, stdout: fixture('health-node03-down.txt'), stderr: '' });
    const m = { type: 'snapshot', readAt: new Date(0).toISOString(), durationMs: 12, conns: null, services: null, sockets: {}, health: read, errors: {} };
    const parsed = parseHostMessage(m);
    assert.ok(parsed.ok && parsed.message.type === 'snapshot', parsed.ok ? '' : parsed.error);
    assert.deepEqual(parsed.message.health, { running: true, servers: read.servers }, 'validated, without the configuration');
    assert.equal(parseHostMessage({ ...m, health: { ...read, servers: [{ address: '10.92.0.13:80', state: 'dead', removed: true }] } }).ok, false);
  });

  test('a load result validates and a malformed one is refused', () => {
    const stats = {
      total: 40,
      ok: 40,
      errors: 0,
      errorMessages: [],
      timeouts: 0,
      backends: [
        { backend: 'node02', count: 20, percent: 50 },
        { backend: 'node03', count: 20, percent: 50 },
      ],
      latencyMs: { min: 3, max: 40, mean: 9, p50: 7, p95: 30, p99: 40 },
    };
    const run = { requests: 40, concurrency: 4, clients: 2, hold: 0 };
    const prediction = {
      scheduler: 'rr',
      kind: 'exact',
      basis: "the kernel's rr cycle: node03, node02",
      check: 'the same count on every real server',
      matches: true,
      persistence: null,
      rows: [
        { server: 'node03', weight: 1, active: 0, inactive: 3, predicted: 20, measured: 20, matches: true },
        { server: 'node02', weight: 1, active: 0, inactive: 3, predicted: 20, measured: 20, matches: true },
      ],
    };
    const bySource = [
      { source: '192.168.150.10', requests: 20, backends: { node02: 10, node03: 10 } },
      { source: '192.168.150.191', requests: 20, backends: { node02: 10, node03: 10 } },
    ];
    const result = { type: 'loadResult', ...run, stats, prediction, predictionNote: null, bySource, holds: null };
    assert.deepEqual(parseHostMessage(result), { ok: true, message: result });
    const none = { ...result, prediction: null, predictionNote: 'no prediction: there is no model of the twos scheduler' };
    assert.equal(parseHostMessage(none).ok, true);
    const broken = parseHostMessage({ ...result, stats: { ...stats, backends: [{ backend: 'node02' }] } });
    assert.equal(broken.ok, false);
    assert.match(broken.ok ? '' : broken.error, /^stats\.backends\.0\.count: /);
    const badRow = parseHostMessage({ ...result, prediction: { ...prediction, rows: [{ ...prediction.rows[0], matches: 'yes' }] } });
    assert.match(badRow.ok ? '' : badRow.error, /^prediction\.rows\.0\.matches: /);
    assert.equal(parseHostMessage({ type: 'loadResult', requests: 40, concurrency: 4, stats }).ok, false, 'a result without the prediction fields is refused');
  });

  test('node states are limited to running, stopped and missing', () => {
    const node = { name: 'node02', role: 'real', addresses: { lan: '192.168.150.12' }, state: 'running' };
    assert.equal(parseHostMessage({ type: 'nodes', nodes: [node] }).ok, true);
    assert.equal(parseHostMessage({ type: 'nodes', nodes: [{ ...node, state: 'exploded' }] }).ok, false);
  });
});
