// The Connections tab's model: filters, per-state and per-real-server counts, stuck SYN_RECV entries.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Conn } from '../../src/protocol/messages';
import { IPVS_CONN_STATES } from '../../src/core/parsers/ipvsadmConns';
import { SynRecvTracker, connKey, countByState, destinationSummary, filterConns, stateClass, summaryStates } from '../../webview/connModel';

let port = 40000;
function conn(state: string, dest: string, expireSeconds = 100, protocol = 'TCP'): Conn {
  const p = port++;
  const mm = String(Math.floor(expireSeconds / 60)).padStart(2, '0');
  const ss = String(expireSeconds % 60).padStart(2, '0');
  return {
    protocol,
    expireSeconds,
    expire: `${mm}:${ss}`,
    state,
    source: { ip: '192.168.150.10', port: p },
    virtual: { ip: '192.168.150.100', port: 80 },
    destination: { ip: dest, port: 80 },
  };
}

const RS2 = '192.168.150.12';
const RS3 = '192.168.150.13';
const conns = [conn('FIN_WAIT', RS2), conn('FIN_WAIT', RS3), conn('ESTABLISHED', RS2), conn('FIN_WAIT', RS2), conn('SYN_RECV', RS3)];

describe('filters', () => {
  test('by state, by real server, both, neither', () => {
    assert.equal(filterConns(conns, { state: 'FIN_WAIT', dest: '' }).length, 3);
    assert.equal(filterConns(conns, { state: '', dest: RS2 }).length, 3);
    assert.deepEqual(filterConns(conns, { state: 'FIN_WAIT', dest: RS3 }), [conns[1]]);
    const all = filterConns(conns, { state: '', dest: '' });
    assert.deepEqual(all, conns);
    assert.notEqual(all, conns);
  });

  test('a real server matches on IP whatever the port (NAT destinations carry their own port)', () => {
    const nat = { ...conn('ESTABLISHED', RS2), destination: { ip: RS2, port: 8080 } };
    assert.equal(filterConns([nat], { state: '', dest: RS2 }).length, 1);
  });
});

describe('counts', () => {
  test('per state', () => {
    assert.deepEqual(Object.fromEntries(countByState(conns)), { FIN_WAIT: 3, ESTABLISHED: 1, SYN_RECV: 1 });
  });

  test('summary lists every IPVS state in kernel order, then unknown (SCTP) states by name', () => {
    const states = summaryStates([...conns, conn('ESTABLISHED', RS2, 10, 'SCTP'), conn('COOKIE_WAIT', RS2, 10, 'SCTP'), conn('CLOSED', RS2, 10, 'SCTP')]);
    assert.deepEqual(states, [...IPVS_CONN_STATES, 'CLOSED', 'COOKIE_WAIT']);
  });

  test('per real server, numerically ordered, with known servers at 0', () => {
    const summary = destinationSummary(conns, ['192.168.150.100', RS3, RS2]);
    assert.deepEqual(
      summary.map((s) => [s.ip, s.total, Object.fromEntries(s.byState)]),
      [
        [RS2, 3, { FIN_WAIT: 2, ESTABLISHED: 1 }],
        [RS3, 2, { FIN_WAIT: 1, SYN_RECV: 1 }],
        ['192.168.150.100', 0, {}],
      ],
    );
  });
});

describe('SynRecvTracker', () => {
  const t0 = Date.parse('2025-01-01T10:00:00Z');

  test('a fresh SYN_RECV entry (timer near 60 s) is not stuck; the same entry 3 s later is', () => {
    const tracker = new SynRecvTracker();
    const c = conn('SYN_RECV', RS3, 59);
    assert.equal(tracker.update([c], t0).size, 0);
    // The client retransmitted its SYN, which restarted the timer: only the tracker knows it has been 3 s.
    const again = { ...c, expireSeconds: 60, expire: '01:00' };
    assert.deepEqual([...tracker.update([again], t0 + 3000)], [connKey(c)]);
  });

  test('first seen with a timer that has run 3 s or more: stuck at once', () => {
    const tracker = new SynRecvTracker();
    const c = conn('SYN_RECV', RS3, 57);
    assert.deepEqual([...tracker.update([c], t0)], [connKey(c)]);
  });

  test('an entry that completes its handshake is forgotten; other states are never stuck', () => {
    const tracker = new SynRecvTracker();
    const c = conn('SYN_RECV', RS3, 59);
    tracker.update([c], t0);
    const established = { ...c, state: 'ESTABLISHED', expireSeconds: 900 };
    assert.equal(tracker.update([established], t0 + 5000).size, 0);
    // Back in SYN_RECV later (a new connection on the same ports) starts from scratch.
    assert.equal(tracker.update([c], t0 + 10_000).size, 0);
  });
});

test('state colour classes', () => {
  assert.equal(stateClass('ESTABLISHED'), 'state-established');
  assert.equal(stateClass('SYN_RECV'), 'state-handshake');
  assert.equal(stateClass('FIN_WAIT'), 'state-closing');
  assert.equal(stateClass('NONE'), 'state-template');
  assert.equal(stateClass('COOKIE_WAIT'), 'state-other');
});
