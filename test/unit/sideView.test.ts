// Issue 13, the Connections side view's parts that need no browser: what each state means (one definition, the
// handbook's words where it has them), the newest entries first on a real `ipvsadm -Lnc`, what the view says
// instead of data, and the message it is sent from a real watch round (valid against its schema).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { resolveLab } from '../../src/core/labLoader';
import { IPVS_CONN_STATES, parseIpvsadmConns } from '../../src/core/parsers';
import { SnapshotStream } from '../../src/core/snapshot';
import { sideConnsMessage, sideStatus } from '../../src/extension/sideSnapshot';
import { parseSideHostMessage } from '../../src/protocol/sideMessages';
import type { NodeTick } from '../../src/service/liveReader';
import { synRecvHint } from '../../webview/connModel';
import { entryAgeSeconds, IPVS_TIMEOUT_S, newestFirst, STATE_MEANINGS, stateMeaning, SUMMARY_STATES } from '../../webview/connStates';

const fixture = (name: string) => readFileSync(join(__dirname, '..', 'fixtures', name), 'utf8');
const lab = resolveLab('dr');

describe('connection states in the side view', () => {
  test('the four states it counts are IPVS states, each with a meaning; SYN_RECV is the handbook’s diagnosis', () => {
    assert.deepEqual(SUMMARY_STATES, ['ESTABLISHED', 'SYN_RECV', 'FIN_WAIT', 'TIME_WAIT']);
    for (const s of SUMMARY_STATES) {
      assert.ok((IPVS_CONN_STATES as readonly string[]).includes(s), s);
      assert.ok(STATE_MEANINGS[s]().startsWith(`${s}: `), STATE_MEANINGS[s]());
      assert.ok(IPVS_TIMEOUT_S[s] > 0, `${s} has a timeout`);
    }
    assert.equal(stateMeaning('SYN_RECV'), synRecvHint());
    assert.match(stateMeaning('FIN_WAIT') ?? '', /finished/);
    assert.equal(stateMeaning('LISTEN'), undefined);
  });

  test('newest first on a real table: by time since the last state change, every entry kept', () => {
    const conns = parseIpvsadmConns(fixture('ipvsadm-Lnc-mixed.txt'));
    const ordered = newestFirst(conns);
    assert.equal(ordered.length, conns.length);
    const ages = ordered.map(entryAgeSeconds);
    assert.ok(
      ages.every((a, i) => i === 0 || ages[i - 1] <= a),
      ages.join(),
    );
    // A FIN_WAIT entry with 01:56 left changed state 4 s ago: newer than one with 00:53 left (67 s ago).
    const fin = ordered.filter((c) => c.state === 'FIN_WAIT');
    assert.ok(fin[0].expireSeconds >= fin.at(-1)!.expireSeconds);
    assert.equal(entryAgeSeconds({ ...fin[0], state: 'FIN_WAIT', expireSeconds: 116 }), 4);
  });
});

describe('what the side view is sent', () => {
  test('it says Docker does not answer before anything about the lab, then that no lab runs', () => {
    assert.equal(sideStatus('unreachable', 'none'), 'noDocker');
    assert.equal(sideStatus('unreachable', 'running'), 'noDocker');
    assert.equal(sideStatus('noIpvs', 'none'), 'noIpvs');
    assert.equal(sideStatus('ok', 'none'), 'noLab');
    assert.equal(sideStatus('unknown', 'none'), 'unknown');
    assert.equal(sideStatus('ok', 'partial'), 'partial');
    assert.equal(sideStatus('ok', 'running'), 'running');
    assert.equal(sideStatus('unknown', 'none', 'the engine answered 500'), 'readError');
    assert.equal(sideStatus('unreachable', 'none', 'connect ECONNREFUSED'), 'noDocker');
  });

  test('a real watch round of the director: its entries and its real servers, valid against the schema', () => {
    const [tick] = new SnapshotStream().push(fixture('watch-node01-dr.txt'));
    const latest = new Map<string, NodeTick>([
      ['node01', { node: 'node01', readAt: new Date('2026-11-27T03:00:00Z'), durationMs: 41, snapshot: tick.snapshot }],
    ]);
    const m = sideConnsMessage(lab, latest);
    assert.ok(m);
    assert.equal(m.conns?.length, tick.snapshot.conns?.length);
    assert.deepEqual(m.realServers, ['192.168.150.12', '192.168.150.13']);
    assert.equal(m.error, null);
    assert.deepEqual(parseSideHostMessage(m), { ok: true, message: m });
  });

  test('a director that cannot be read: no entries, and why', () => {
    const latest = new Map<string, NodeTick>([
      ['node01', { node: 'node01', readAt: new Date(), durationMs: 0, error: 'container lvslab-dr.node01 is not running' }],
    ]);
    const m = sideConnsMessage(lab, latest);
    assert.equal(m?.conns, null);
    assert.equal(m?.error, 'container lvslab-dr.node01 is not running');
    assert.equal(parseSideHostMessage(m).ok, true);
    assert.equal(sideConnsMessage(lab, new Map()), undefined, 'nothing before the director’s first round');
  });
});
