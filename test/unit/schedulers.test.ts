// The scheduler model (src/core/schedulers/) against the kernel's algorithms (net/netfilter/ipvs/ip_vs_*.c).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Scheduler } from '../../src/core/lab';
import { compareSplit, predict, SCHEDULER_INFO, serviceOrder, type ModelInput, type ModelServer } from '../../src/core/schedulers';
import { addressBucket, dhTable, hash32, addressKey, shTable } from '../../src/core/schedulers/hashing';
import { boundState, roundRobinCycle, wrrPick } from '../../src/core/schedulers/roundRobin';
import { SCHEDULER_NAMES } from '../../webview/labText';

const VIP = '192.168.150.100';
const CLIENT = '192.168.150.10';
const fromClient = (n: number, source = CLIENT) => Array.from({ length: n }, () => ({ source }));
const servers = (...weights: number[]): ModelServer[] => weights.map((weight, i) => ({ name: String.fromCharCode(97 + i), weight }));
const run = (scheduler: Scheduler, list: ModelServer[], n: number, more: Partial<ModelInput> = {}) =>
  predict({ scheduler, servers: list, vip: VIP, requests: fromClient(n), ...more });

describe('rr (ip_vs_rr.c)', () => {
  test('rr over 2 servers alternates, and 60 requests split 30/30', () => {
    const p = run('rr', servers(1, 1), 60);
    assert.deepEqual(p.picks?.slice(0, 6), ['a', 'b', 'a', 'b', 'a', 'b']);
    assert.deepEqual(p.split, { a: 30, b: 30 });
    assert.equal(p.kind, 'exact');
  });

  test('rr on a new service starts at the real server added last, which the kernel lists first', () => {
    const list = serviceOrder([
      { name: 'node02', weight: 1 },
      { name: 'node03', weight: 1 },
    ]);
    const p = predict({ scheduler: 'rr', servers: list, vip: VIP, requests: fromClient(3), start: 'new service' });
    assert.deepEqual(p.picks, ['node03', 'node02', 'node03']);
    assert.equal(p.dependsOnStart, false);
  });

  test('a weight of 0 gets nothing under rr', () => {
    const p = run('rr', servers(1, 0, 1), 10);
    assert.deepEqual(p.split, { a: 5, b: 0, c: 5 });
    assert.deepEqual(p.cycle, ['a', 'c']);
  });

  test('rr with every weight 0 finds no real server for any request', () => {
    const p = run('rr', servers(0, 0), 4);
    assert.deepEqual(p.picks, [null, null, null, null]);
    assert.equal(p.failed, 4);
  });
});

describe('wrr (ip_vs_wrr.c)', () => {
  test('wrr 3:1, 80 requests split 60/20', () => {
    assert.deepEqual(run('wrr', servers(3, 1), 80).split, { a: 60, b: 20 });
  });

  test('wrr 3:1 cycle is a, a, a, b: passes at cw = 3, 2, 1, each taking every server of weight >= cw', () => {
    const p = run('wrr', servers(3, 1), 8);
    assert.deepEqual(p.cycle, ['a', 'a', 'a', 'b']);
    assert.deepEqual(p.picks, ['a', 'a', 'a', 'b', 'a', 'a', 'a', 'b']);
  });

  test('wrr 4:2 steps cw by the gcd 2 from mw = 4 - (2 - 1) = 3: the cycle is a, a, b', () => {
    assert.deepEqual(run('wrr', servers(4, 2), 3).picks, ['a', 'a', 'b']);
  });

  test('wrr 5:4:3:2:1, 150 requests split 50/40/30/20/10', () => {
    assert.deepEqual(run('wrr', servers(5, 4, 3, 2, 1), 150).split, { a: 50, b: 40, c: 30, d: 20, e: 10 });
  });

  test('a weight of 0 gets nothing under wrr', () => {
    const p = run('wrr', servers(2, 0, 1), 30);
    assert.deepEqual(p.split, { a: 20, b: 0, c: 10 });
  });

  test("the kernel's wrr steps, from the cycle's beginning, repeat the cycle for several weight sets", () => {
    for (const weights of [[3, 1], [1, 3], [5, 4, 3, 2, 1], [4, 2], [6, 4, 0], [2, 2, 2], [9, 6, 3], [1], [7, 0, 7]]) {
      const list = servers(...weights);
      const cycle = roundRobinCycle('wrr', list);
      const state = boundState('wrr', list);
      const picks = Array.from({ length: cycle.length * 3 }, () => wrrPick(list, state));
      assert.deepEqual(picks, [...cycle, ...cycle, ...cycle], weights.join(':'));
    }
  });

  test('wrr on a new service (node02 w3 added, then node03 w1) goes node03, node02, node02, node02, node03: the additions leave cw at 1', () => {
    const list = serviceOrder([
      { name: 'node02', weight: 3 },
      { name: 'node03', weight: 1 },
    ]);
    const p = predict({ scheduler: 'wrr', servers: list, vip: VIP, requests: fromClient(5), start: 'new service' });
    assert.deepEqual(p.picks, ['node03', 'node02', 'node02', 'node02', 'node03']);
  });

  test("wrr's end state carries on: two runs of 3 pick as one run of 6", () => {
    const list = servers(3, 2);
    const first = run('wrr', list, 3, { start: 'new service' });
    const second = run('wrr', list, 3, { start: first.end ?? undefined });
    assert.deepEqual([...(first.picks ?? []), ...(second.picks ?? [])], run('wrr', list, 6, { start: 'new service' }).picks);
  });
});

describe("rr and wrr from an unknown position (a running service's internal state)", () => {
  test('the picks are marked as depending on the start, and whole cycles split exactly whatever it is', () => {
    const p = run('wrr', servers(3, 1), 80);
    assert.equal(p.dependsOnStart, true);
    assert.equal(compareSplit(p, { counts: { a: 60, b: 20 } }).matches, true);
    assert.equal(compareSplit(p, { counts: { a: 59, b: 21 } }).matches, false);
  });

  test('compareSplit accepts 6 wrr 3:1 requests split 5/1 or 4/2 (runs of the cycle a, a, a, b) but not 3/3', () => {
    const p = run('wrr', servers(3, 1), 6);
    assert.equal(compareSplit(p, { counts: { a: 5, b: 1 } }).matches, true);
    const other = compareSplit(p, { counts: { a: 4, b: 2 } });
    assert.equal(other.matches, true);
    assert.deepEqual(
      other.servers.map((s) => s.predicted),
      [4, 2],
    );
    assert.equal(compareSplit(p, { counts: { a: 3, b: 3 } }).matches, false);
  });

  test('compareSplit accepts 7 rr requests over 2 servers split 4/3 or 3/4', () => {
    const p = run('rr', servers(1, 1), 7);
    assert.equal(compareSplit(p, { counts: { a: 3, b: 4 } }).matches, true);
    assert.equal(compareSplit(p, { counts: { a: 4, b: 3 } }).matches, true);
    assert.equal(compareSplit(p, { counts: { a: 5, b: 2 } }).matches, false);
  });
});

describe('sh and dh (ip_vs_sh.c, ip_vs_dh.c)', () => {
  // Reference values from a C program computing (u32)(addr * 0x61C88647) >> 24, as hash_32(addr, 8) does.
  const KNOWN: [string, number][] = [
    ['192.168.150.10', 175],
    ['192.168.150.11', 16],
    ['192.168.150.12', 114],
    ['192.168.150.13', 212],
    ['192.168.150.100', 15],
    ['192.168.153.10', 8],
    ['10.0.0.1', 39],
    ['172.20.0.2', 245],
    ['255.255.255.255', 158],
    ['0.0.0.0', 0],
    ['0.0.0.1', 97],
    ['2001:db8::1', 63],
  ];

  test("an address's bucket is the kernel's hash_32(address, 8), checked on values computed in C", () => {
    for (const [address, bucket] of KNOWN) assert.equal(addressBucket(address), bucket, address);
    assert.equal(addressKey('2001:db8::1'), (0x20010db8 ^ 1) >>> 0);
    assert.equal(hash32(0xffffffff, 32), Math.imul(0xffffffff, 0x61c88647) >>> 0);
  });

  test("sh's table deals 256 buckets by weight in list order: 3:1 is a, a, a, b round and round; a weight of 0 still takes one", () => {
    assert.deepEqual(shTable(servers(3, 1)).slice(0, 8), [0, 0, 0, 1, 0, 0, 0, 1]);
    assert.deepEqual(shTable(servers(1, 1)).slice(0, 4), [0, 1, 0, 1]);
    assert.deepEqual(shTable(servers(0, 1)).slice(0, 4), [0, 1, 0, 1]);
    assert.equal(shTable(servers(3, 1)).length, 256);
  });

  const someSources = ['192.168.150.10', '192.168.150.11', '10.0.0.1', '172.20.0.2', '0.0.0.1'];
  const interleaved = [...someSources, ...someSources, ...someSources].map((source) => ({ source }));

  test('sh: each source always to one server, the one its bucket names (weights 1:1)', () => {
    const p = predict({ scheduler: 'sh', servers: servers(1, 1), vip: VIP, requests: interleaved });
    const bySource = new Map<string, Set<string | null>>();
    interleaved.forEach((r, i) => bySource.set(r.source, (bySource.get(r.source) ?? new Set()).add(p.picks?.[i] ?? null)));
    assert.deepEqual(Object.fromEntries([...bySource].map(([s, set]) => [s, [...set]])), {
      '192.168.150.10': ['b'],
      '192.168.150.11': ['a'],
      '10.0.0.1': ['b'],
      '172.20.0.2': ['b'],
      '0.0.0.1': ['b'],
    });
    assert.equal(p.kind, 'exact');
  });

  test('sh with weights 3:1: each source to the server of its bucket in the weighted table', () => {
    const list = servers(3, 1);
    const picks = ['192.168.150.10', '192.168.150.11', '172.20.0.2', '0.0.0.1'].map(
      (source) => predict({ scheduler: 'sh', servers: list, vip: VIP, requests: [{ source }] }).picks?.[0],
    );
    assert.deepEqual(picks, ['b', 'a', 'a', 'a']);
  });

  test('sh: a source whose bucket holds a server of weight 0 gets no real server', () => {
    const p = predict({ scheduler: 'sh', servers: servers(0, 1), vip: VIP, requests: [{ source: '192.168.150.11' }, { source: '192.168.150.10' }] });
    assert.deepEqual(p.picks, [null, 'b']);
  });

  test('handbook (TUN lab): with sh all 6 curls from one client go to the same real server', () => {
    const p = predict({ scheduler: 'sh', servers: servers(1, 1), vip: '192.168.153.100', requests: fromClient(6, '192.168.153.10') });
    assert.deepEqual(p.split, { a: 6, b: 0 });
  });

  test("dh sends every request to the real server of the VIP's bucket (15: the second of 2, the first of 3)", () => {
    assert.deepEqual(run('dh', servers(1, 1), 5).split, { a: 0, b: 5 });
    assert.deepEqual(run('dh', servers(1, 1, 1), 5).split, { a: 5, b: 0, c: 0 });
    assert.deepEqual(dhTable(servers(5, 1)).slice(0, 4), [0, 1, 0, 1]);
  });
});

describe('lc, wlc, sed, nq (connection counts)', () => {
  const nodes = (w02 = 1, w03 = 1): ModelServer[] => [
    { name: 'node02', weight: w02 },
    { name: 'node03', weight: w03 },
  ];

  test('lc with 6 connections held on node02 sends the next 10 to node03', () => {
    const p = predict({ scheduler: 'lc', servers: nodes(), vip: VIP, requests: fromClient(10), held: { node02: { active: 6 } } });
    assert.deepEqual(p.split, { node02: 0, node03: 10 });
    assert.equal(p.kind, 'rule');
  });

  test('lc counts an active connection as 256 inactive ones: node02 with 255 inactive wins over node03 with 1 active', () => {
    const held = { node02: { active: 0, inactive: 255 }, node03: { active: 1 } };
    assert.deepEqual(predict({ scheduler: 'lc', servers: nodes(), vip: VIP, requests: fromClient(1), held }).picks, ['node02']);
  });

  test('lc, one request at a time on idle servers: each finished connection counts as inactive, so they alternate', () => {
    assert.deepEqual(run('lc', nodes(), 4).picks, ['node02', 'node03', 'node02', 'node03']);
  });

  test('wlc picks the smallest (active × 256 + inactive) / weight: 512/3 beats 256/1, 1024/3 does not', () => {
    const pick = (active02: number) =>
      predict({ scheduler: 'wlc', servers: nodes(3, 1), vip: VIP, requests: fromClient(1), held: { node02: { active: active02 }, node03: { active: 1 } } })
        .picks?.[0];
    assert.equal(pick(2), 'node02');
    assert.equal(pick(4), 'node03');
  });

  test('wlc with every connection held open (concurrency 8) splits 8 requests 6/2 on weights 3:1', () => {
    const p = run('wlc', nodes(3, 1), 8, { concurrency: 8 });
    assert.deepEqual(p.picks, ['node02', 'node03', 'node02', 'node02', 'node02', 'node03', 'node02', 'node02']);
  });

  test('sed picks the smallest (active + 1) / weight and ignores inactive connections', () => {
    const pick = (held: ModelInput['held']) => predict({ scheduler: 'sed', servers: nodes(1, 2), vip: VIP, requests: fromClient(1), held }).picks?.[0];
    assert.equal(pick({ node03: { active: 1 } }), 'node02'); // 1/1 = 2/2: the first in the list
    assert.equal(pick({ node03: { active: 0, inactive: 1000 } }), 'node03'); // 1/1 > 1/2
  });

  test('nq sends to an idle real server even when a busy one would be faster, else as sed', () => {
    const pick = (held: ModelInput['held']) => predict({ scheduler: 'nq', servers: nodes(10, 1), vip: VIP, requests: fromClient(1), held }).picks?.[0];
    assert.equal(pick({ node02: { active: 1 } }), 'node03'); // sed would say 2/10 < 1/1
    assert.equal(pick({ node02: { active: 1 }, node03: { active: 1 } }), 'node02'); // 2/10 < 2/1
  });
});

describe('fo, ovf, lblc, lblcr, mh', () => {
  test('fo sends everything to the highest weight, the first of equal ones', () => {
    assert.deepEqual(run('fo', servers(2, 5, 5), 4).split, { a: 0, b: 4, c: 0 });
  });

  test('ovf overflows to the next weight once active connections exceed the weight, and finds none when all do', () => {
    assert.deepEqual(run('ovf', servers(2, 1), 6, { concurrency: 6 }).picks, ['a', 'a', 'a', 'b', 'b', null]);
  });

  test('lblc keeps the VIP on one real server in a one-at-a-time run', () => {
    assert.deepEqual(run('lblc', servers(1, 1), 10).split, { a: 10, b: 0 });
  });

  test('lblc moves on when its server has more active connections than its weight while another is below half of its own', () => {
    assert.deepEqual(run('lblc', servers(2, 2), 7, { concurrency: 7 }).picks, ['a', 'a', 'a', 'b', 'b', 'b', 'b']);
  });

  test("lblcr adds a server to the VIP's set when the set's least loaded is overloaded, then uses the set's least loaded", () => {
    assert.deepEqual(run('lblcr', servers(2, 2, 2), 8, { concurrency: 8 }).picks, ['a', 'a', 'a', 'b', 'b', 'b', 'c', 'c']);
  });

  test('mh names no real server; compareSplit checks that each source stayed with one', () => {
    const p = run('mh', servers(1, 1), 6);
    assert.equal(p.picks, null);
    assert.equal(compareSplit(p, { counts: { b: 6 } }).matches, true);
    assert.equal(compareSplit(p, { counts: { a: 3, b: 3 } }).matches, false);
  });
});

describe('persistence (ipvsadm -p)', () => {
  const sources = ['10.0.0.1', '10.0.0.2', '10.0.0.3'];
  const requests = Array.from({ length: 9 }, (_, i) => ({ source: sources[i % 3] }));

  test('persistence keeps a source on its first server, and rr moves on only for a new source', () => {
    const p = predict({ scheduler: 'rr', servers: servers(1, 1), vip: VIP, requests, persistence: 300, start: 'new service' });
    assert.deepEqual(p.picks, ['a', 'b', 'a', 'a', 'b', 'a', 'a', 'b', 'a']);
    assert.deepEqual(p.split, { a: 6, b: 3 });
    assert.deepEqual(p.end, { last: 0, cw: 0 });
  });

  test('persistence keeps one source on lc even as its server fills up', () => {
    const p = predict({ scheduler: 'lc', servers: servers(1, 1), vip: VIP, requests: fromClient(5), persistence: 60, concurrency: 5 });
    assert.deepEqual(p.split, { a: 5, b: 0 });
  });

  test('compareSplit for a rule kind with persistence checks that every source stayed with one real server', () => {
    const p = predict({ scheduler: 'wlc', servers: servers(1, 1), vip: VIP, requests, persistence: 60 });
    assert.equal(compareSplit(p, { counts: { a: 3, b: 6 }, bySource: { '10.0.0.1': { b: 3 }, '10.0.0.2': { a: 3 }, '10.0.0.3': { b: 3 } } }).matches, true);
    const mixed = compareSplit(p, { counts: { a: 4, b: 5 }, bySource: { '10.0.0.1': { a: 1, b: 2 }, '10.0.0.2': { a: 3 }, '10.0.0.3': { b: 3 } } });
    assert.equal(mixed.matches, false);
  });
});

describe('compareSplit', () => {
  test('an exact kind demands equal counts and ignores the tolerance', () => {
    const p = run('sh', servers(1, 1), 10);
    assert.equal(compareSplit(p, { counts: { b: 10 } }).matches, true);
    assert.equal(compareSplit(p, { counts: { a: 1, b: 9 } }, 5).matches, false);
  });

  test('lc, wlc, sed, nq, ovf: every count within the tolerance of the model', () => {
    const p = run('lc', servers(1, 1), 10);
    const near = compareSplit(p, { counts: { a: 6, b: 4 } }, 1);
    assert.equal(near.matches, true);
    const far = compareSplit(p, { counts: { a: 7, b: 3 } }, 1);
    assert.deepEqual(
      far.servers.map((s) => [s.server, s.predicted, s.measured, s.matches]),
      [
        ['a', 5, 7, false],
        ['b', 5, 3, false],
      ],
    );
  });

  test('a measured real server the model does not know does not match', () => {
    const c = compareSplit(run('rr', servers(1, 1), 2, { start: 'new service' }), { counts: { a: 1, b: 1, z: 1 } });
    assert.deepEqual(c.servers.at(-1), { server: 'z', predicted: 0, measured: 1, matches: false });
    assert.equal(c.matches, false);
  });
});

describe('SCHEDULER_INFO and input checks', () => {
  test("SCHEDULER_INFO names are the panel's SCHEDULER_NAMES", () => {
    for (const [s, info] of Object.entries(SCHEDULER_INFO)) assert.equal(info.name, SCHEDULER_NAMES[s as Scheduler](), s);
  });

  test('the handbook groups rr, wrr as static, dh, sh by address, lc, wlc by connections', () => {
    const kinds = Object.fromEntries((['rr', 'wrr', 'dh', 'sh', 'lc', 'wlc'] as const).map((s) => [s, SCHEDULER_INFO[s].kind]));
    assert.deepEqual(kinds, { rr: 'static', wrr: 'static', dh: 'by address', sh: 'by address', lc: 'by connections', wlc: 'by connections' });
  });

  test('serviceOrder reverses the order of adding', () => {
    assert.deepEqual(serviceOrder(['node02', 'node03', 'node04']), ['node04', 'node03', 'node02']);
  });

  test('predict refuses a weight above 65535, a real server listed twice, connections held on an unknown one, a bad source, a start state past the list', () => {
    assert.throws(() => run('rr', servers(65536), 1), /weight/);
    assert.throws(() => run('rr', [...servers(1), ...servers(1)], 1), /twice/);
    assert.throws(() => run('lc', servers(1), 1, { held: { z: { active: 1 } } }), /not a real server/);
    assert.throws(() => predict({ scheduler: 'sh', servers: servers(1), vip: VIP, requests: [{ source: 'client' }] }), /not an IP address/);
    assert.throws(() => run('wrr', servers(1, 1), 1, { start: { last: 2, cw: 1 } }), /does not fit/);
  });
});
