// The panel's remembered state, the load-test form and the text formats.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_STATE, restoreState } from '../../webview/panelState';
import { parseLoadForm } from '../../webview/loadForm';
import { entriesText } from '../../webview/counted';
import { addressIp, clockTime, endpointText, formatBytes, formatMs } from '../../webview/format';

const stats = {
  total: 10,
  ok: 9,
  errors: 1,
  errorMessages: [{ message: 'Connection refused', count: 1 }],
  timeouts: 0,
  backends: [
    { backend: 'node02', count: 5, percent: 55.56 },
    { backend: 'node03', count: 4, percent: 44.44 },
  ],
  latencyMs: { min: 1, max: 9, mean: 3, p50: 2, p95: 8, p99: 9 },
};

describe('restoreState', () => {
  test('nothing saved, or not an object: the defaults', () => {
    assert.deepEqual(restoreState(undefined), DEFAULT_STATE);
    assert.deepEqual(restoreState('x'), DEFAULT_STATE);
  });

  const prediction = {
    scheduler: 'rr',
    kind: 'exact',
    basis: "the kernel's rr cycle: node03, node02",
    check: 'the same count on every real server',
    matches: false,
    persistence: null,
    rows: [
      { server: 'node03', weight: 1, active: 0, inactive: 0, predicted: 5, measured: 4, matches: false },
      { server: 'node02', weight: 1, active: 0, inactive: 0, predicted: 5, measured: 5, matches: true },
    ],
  };
  const outcome = {
    stats,
    prediction,
    predictionNote: null,
    bySource: [{ source: '192.168.150.10', requests: 10, backends: { node02: 5, node03: 4 } }],
    holds: { opened: 2, byBackend: { node02: 1, node03: 1 }, ready: true, failed: null },
  };

  test('a full state comes back as saved', () => {
    const saved = {
      version: 1,
      tab: 'load',
      connSort: { key: 'expire', dir: 'desc' },
      connFilter: { state: 'FIN_WAIT', dest: '192.168.150.12' },
      socketNode: 'node02',
      socketSort: { key: 'state', dir: 'asc' },
      paused: true,
      loadForm: { requests: 600, concurrency: 12, clients: 8, hold: 0 },
      lastLoad: { requests: 10, concurrency: 2, clients: 1, hold: 2, ...outcome, at: '2025-01-01T10:00:00.000Z' },
    };
    assert.deepEqual(restoreState(structuredClone(saved)), saved);
  });

  test("an older panel's form and result (no client addresses, holds or prediction) come back with their defaults", () => {
    const s = restoreState({ loadForm: { requests: 600, concurrency: 12 }, lastLoad: { requests: 10, concurrency: 2, stats, at: '2025-01-01T10:00:00.000Z' } });
    assert.deepEqual(s.loadForm, { requests: 600, concurrency: 12, clients: 1, hold: 0 });
    assert.deepEqual(s.lastLoad, {
      requests: 10,
      concurrency: 2,
      clients: 1,
      hold: 0,
      stats,
      prediction: null,
      predictionNote: null,
      bySource: [],
      holds: null,
      at: '2025-01-01T10:00:00.000Z',
    });
  });

  test('a saved prediction that does not fit the protocol drops the result', () => {
    const s = restoreState({ lastLoad: { requests: 10, concurrency: 2, ...outcome, prediction: { ...prediction, rows: [{ server: 'node02' }] }, at: 'x' } });
    assert.equal(s.lastLoad, null);
  });

  test('bad fields fall back one by one', () => {
    const s = restoreState({
      tab: 'graphs',
      connSort: { key: 'state', dir: 'sideways' },
      connFilter: { state: 7 },
      paused: 'yes',
      loadForm: { requests: 0, concurrency: 2 },
      lastLoad: { requests: 10, concurrency: 2, stats: { total: 'many' }, at: 'now' },
    });
    assert.deepEqual(s, DEFAULT_STATE);
  });
});

describe('parseLoadForm', () => {
  const form = (requests: string, concurrency: string, clients = '1', hold = '0') => parseLoadForm({ requests, concurrency, clients, hold });

  test('whole numbers within the protocol limits make a runLoadTest message', () => {
    assert.deepEqual(form(' 1,000 ', '6', '8', '6'), { ok: true, message: { type: 'runLoadTest', requests: 1000, concurrency: 6, clients: 8, hold: 6 } });
  });

  test('not a number, too small, too big: the field and why', () => {
    assert.deepEqual(form('abc', '6'), { ok: false, field: 'requests', error: 'Requests: enter a whole number.' });
    assert.deepEqual(form('1.5', '6'), { ok: false, field: 'requests', error: 'Requests: enter a whole number.' });
    assert.deepEqual(form('0', '6'), { ok: false, field: 'requests', error: 'Requests: at least 1.' });
    assert.deepEqual(form('100001', '6'), { ok: false, field: 'requests', error: 'Requests: at most 100,000.' });
    assert.deepEqual(form('10', '301'), { ok: false, field: 'concurrency', error: 'Concurrency: at most 300.' });
    assert.deepEqual(form('10', '2', '0'), { ok: false, field: 'clients', error: 'Client addresses: at least 1.' });
    assert.deepEqual(form('100', '2', '65'), { ok: false, field: 'clients', error: 'Client addresses: at most 64.' });
    assert.deepEqual(form('10', '2', '1', '65'), { ok: false, field: 'hold', error: 'Held connections: at most 64.' });
    assert.deepEqual(form('10', '2', '1', 'x'), { ok: false, field: 'hold', error: 'Held connections: enter a whole number.' });
  });

  test('more client addresses than requests is refused: each address sends at least one', () => {
    assert.deepEqual(form('4', '2', '8'), { ok: false, field: 'clients', error: 'Client addresses: at most one per request (4).' });
  });
});

describe('format', () => {
  test('clockTime is local HH:MM:SS', () => {
    assert.equal(clockTime(new Date(2025, 0, 1, 9, 5, 7)), '09:05:07');
    assert.equal(clockTime(new Date(2025, 0, 1, 9, 5, 7).toISOString()), '09:05:07');
    assert.equal(clockTime('not a time'), '');
  });

  test('endpoints and addresses', () => {
    assert.equal(endpointText({ ip: '10.0.0.1', port: 80 }), '10.0.0.1:80');
    assert.equal(endpointText({ ip: 'fd00::1', port: 80 }), '[fd00::1]:80');
    assert.equal(endpointText({ ip: '0.0.0.0', port: null }), '0.0.0.0:*');
    assert.equal(addressIp('192.168.150.12:80'), '192.168.150.12');
    assert.equal(addressIp('[fd77::12]:80'), 'fd77::12');
  });

  test('numbers', () => {
    assert.equal(formatBytes(980), '980 B');
    assert.equal(formatBytes(1234), '1.2 KiB');
    assert.equal(formatBytes(150_000_000), '143.1 MiB');
    assert.equal(formatMs(0.4213), '0.42 ms');
    assert.equal(formatMs(12.34), '12.3 ms');
    assert.equal(formatMs(1204.4), '1,204 ms');
    assert.equal(entriesText(1), '1 entry');
    assert.equal(entriesText(3000), '3,000 entries');
  });
});
