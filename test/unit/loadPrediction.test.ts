// The predicted split of a load test: the director's live table read as the model's input, the model's split held
// against the measured one, and the rows the CLI and the panel show.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { printResult } from '../../src/cli/commands/load';
import type { Output } from '../../src/cli/output';
import { resolveLab } from '../../src/core/labLoader';
import { liveService, measuredSplit, predictLoad, ruleTolerance, type LiveService } from '../../src/core/loadPrediction';
import { splitRows } from '../../src/core/loadRows';
import { loadSources, splitBySource } from '../../src/core/loadSources';
import { summarizeLoad } from '../../src/core/loadStats';
import { requestSources, sourceOf } from '../../src/core/loadTest';
import type { LoadTestResult } from '../../src/service/labService';

const labsDir = join(__dirname, '..', '..', 'labs');
const dr = resolveLab('dr', labsDir);
const nat = resolveLab('nat', labsDir);
const fixture = (name: string) => readFileSync(join(__dirname, '..', 'fixtures', name), 'utf8');
const VIP = dr.service.vip;
const CLIENT = '192.168.150.10';

/** `ipvsadm -Ln --nosort` as ipvsadm prints it: the same columns, the kernel's order. */
function table(scheduler: string, rows: [string, number, number, number][], flags = ''): string {
  return [
    'IP Virtual Server version 1.2.1 (size=4096)',
    'Prot LocalAddress:Port Scheduler Flags',
    '  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn',
    `TCP  ${VIP}:80 ${scheduler}${flags ? ` ${flags}` : ''}`,
    ...rows.map(([ip, w, a, i]) => `  -> ${`${ip}:80`.padEnd(28)}Route   ${String(w).padEnd(6)} ${String(a).padEnd(10)} ${i}`),
    '',
  ].join('\n');
}

const live = (scheduler: string, weights: [number, number] = [1, 1], active: [number, number] = [0, 0]): LiveService =>
  liveService(
    table(scheduler, [
      ['192.168.150.13', weights[0], active[0], 0],
      ['192.168.150.12', weights[1], active[1], 0],
    ]),
    dr,
  );

/** A load's measured side from per-request backends, request i from sources[(i - 1) mod K]. */
function measured(backends: (string | null)[], sources: string[] = [CLIENT]) {
  const results = backends.map((backend, i) => ({ index: i + 1, backend, status: backend ? 200 : 0, seconds: 0.01, exitCode: backend ? 0 : 7 }));
  const stats = summarizeLoad(results);
  return { stats, split: measuredSplit(stats, splitBySource(results, sources)) };
}

describe("the director's live table as the model's input", () => {
  test('the handbook DR capture: node02 and node03 by their addresses, weights and counts', () => {
    assert.deepEqual(liveService(fixture('ipvsadm-Ln-handbook-dr.txt'), dr), {
      scheduler: 'rr',
      persistence: null,
      servers: [
        { name: 'node02', weight: 1, active: 0, inactive: 0 },
        { name: 'node03', weight: 1, active: 0, inactive: 0 },
      ],
    });
  });

  test("--nosort's order is kept (the kernel lists the real server added last first), with persistence and counts", () => {
    const text = table('wlc', [
      ['192.168.150.13', 3, 6, 2],
      ['192.168.150.12', 1, 0, 40],
      ['192.168.150.99', 1, 0, 0],
    ]).replace(' wlc', ' wlc persistent 60');
    assert.deepEqual(liveService(text, dr), {
      scheduler: 'wlc',
      persistence: 60,
      servers: [
        { name: 'node03', weight: 3, active: 6, inactive: 2 },
        { name: 'node02', weight: 1, active: 0, inactive: 40 },
        { name: '192.168.150.99', weight: 1, active: 0, inactive: 0 },
      ],
    });
  });

  test("NAT: real servers by their address on the director's back network", () => {
    const text = table('wrr', [
      ['192.168.152.13', 1, 0, 0],
      ['192.168.152.12', 3, 0, 0],
    ]).replace(VIP, nat.service.vip);
    assert.deepEqual(
      liveService(text, nat).servers.map((s) => [s.name, s.weight]),
      [
        ['node03', 1],
        ['node02', 3],
      ],
    );
  });

  test('a table without the lab’s service is said so in one sentence', () => {
    assert.throws(() => liveService(fixture('ipvsadm-Ln-dr-empty.txt'), dr), /^Error: the director has no virtual service 192\.168\.150\.100:80$/);
  });
});

describe('predicted next to measured', () => {
  test('rr: 60 requests split 30/30 match; 40/20 do not, and both rows say so', () => {
    const sources = requestSources(60, [CLIENT]);
    const even = measured(Array.from({ length: 60 }, (_, i) => (i % 2 ? 'node02' : 'node03')));
    const p = predictLoad(live('rr'), VIP, sources, 6, even.split);
    assert.equal(p.matches, true);
    assert.equal(p.kind, 'exact');
    const skewed = measured(Array.from({ length: 60 }, (_, i) => (i % 3 ? 'node02' : 'node03')));
    const q = predictLoad(live('rr'), VIP, sources, 6, skewed.split);
    assert.equal(q.matches, false);
    assert.deepEqual(
      q.rows.map((r) => [r.server, r.predicted, r.measured, r.matches]),
      [
        ['node03', 30, 20, false],
        ['node02', 30, 40, false],
      ],
    );
  });

  test('wrr 3:1 from the live weights (not the lab file): 80 requests 60/20', () => {
    const m = measured(Array.from({ length: 80 }, (_, i) => (i % 4 === 3 ? 'node03' : 'node02')));
    const p = predictLoad(live('wrr', [1, 3]), VIP, requestSources(80, [CLIENT]), 6, m.split);
    assert.deepEqual(
      p.rows.map((r) => [r.server, r.weight, r.predicted]),
      [
        ['node03', 1, 20],
        ['node02', 3, 60],
      ],
    );
    assert.equal(p.matches, true);
  });

  test('lc with 6 connections held on node02 (ActiveConn 6): the next 10 requests all go to node03', () => {
    const p = predictLoad(live('lc', [1, 1], [0, 6]), VIP, requestSources(10, [CLIENT]), 1, measured(Array<string>(10).fill('node03')).split);
    assert.deepEqual(
      p.rows.map((r) => [r.server, r.active, r.predicted, r.matches]),
      [
        ['node03', 0, 10, true],
        ['node02', 6, 0, true],
      ],
    );
    assert.equal(p.kind, 'rule');
    assert.match(p.check, /within 1 of the model's/);
    const split = predictLoad(
      live('lc', [1, 1], [0, 6]),
      VIP,
      requestSources(10, [CLIENT]),
      1,
      measured([...Array<string>(5).fill('node03'), ...Array<string>(5).fill('node02')]).split,
    );
    assert.equal(split.matches, false);
  });

  test("sh from the DR lab's 8 source addresses: both real servers get requests, each source stays with its one", () => {
    const { sources } = loadSources(dr, 8);
    const order = requestSources(40, sources);
    const p = predictLoad(live('sh'), VIP, order, 6, measured([]).split);
    assert.ok(
      p.rows.every((r) => (r.predicted ?? 0) > 0),
      JSON.stringify(p.rows),
    );
    // The model's own picks, measured back per request: a match; one source answered by both servers is not.
    const shOne = (source: string) => predictLoad(live('sh'), VIP, [source], 1, measured([]).split).rows.find((r) => r.predicted === 1)?.server ?? null;
    const backends = Array.from({ length: 40 }, (_, i) => shOne(sourceOf(i + 1, sources)));
    assert.equal(predictLoad(live('sh'), VIP, order, 6, measured(backends, sources).split).matches, true);
    backends[0] = backends[0] === 'node02' ? 'node03' : 'node02';
    assert.equal(predictLoad(live('sh'), VIP, order, 6, measured(backends, sources).split).matches, false);
  });

  test('with persistence, a rule scheduler is held to every source staying with one real server', () => {
    const sources = ['192.168.150.10', '192.168.150.191'];
    const persistent = liveService(
      table('wlc', [
        ['192.168.150.13', 1, 0, 0],
        ['192.168.150.12', 1, 0, 0],
      ]).replace(' wlc', ' wlc persistent 60'),
      dr,
    );
    const order = requestSources(4, sources);
    assert.equal(predictLoad(persistent, VIP, order, 1, measured(['node02', 'node03', 'node02', 'node03'], sources).split).matches, true);
    const p = predictLoad(persistent, VIP, order, 1, measured(['node02', 'node03', 'node03', 'node03'], sources).split);
    assert.equal(p.matches, false);
    assert.equal(p.persistence, 60);
  });

  test('a scheduler with no model gives no prediction, in one sentence', () => {
    assert.throws(() => predictLoad(live('twos'), VIP, [CLIENT], 1, measured(['node02']).split), /^Error: there is no model of the twos scheduler$/);
  });

  test('the rules are held to counts within the concurrency (at least 1)', () => {
    assert.deepEqual([ruleTolerance(1), ruleTolerance(6)], [1, 6]);
  });
});

describe('the rows of the load table', () => {
  test('without a prediction: the backends that answered, by name, no predicted column', () => {
    const { stats } = measured(['node03', 'node02', 'node03']);
    assert.deepEqual(splitRows(stats, null), [
      { backend: 'node02', count: 1, percent: 33.33, predicted: null, matches: null },
      { backend: 'node03', count: 2, percent: 66.67, predicted: null, matches: null },
    ]);
  });

  test('with one: every real server the model knows, also one that answered nothing, its mismatch marked', () => {
    const m = measured(Array<string>(10).fill('node03'));
    const p = predictLoad(live('rr'), VIP, requestSources(10, [CLIENT]), 1, m.split);
    assert.deepEqual(splitRows(m.stats, p), [
      { backend: 'node02', count: 0, percent: 0, predicted: 5, matches: false },
      { backend: 'node03', count: 10, percent: 100, predicted: 5, matches: false },
    ]);
  });

  test('a backend the director did not list (it answered anyway) is a row with no weight that does not match', () => {
    const m = measured(['node03', 'node02', 'node09']);
    const p = predictLoad(live('rr'), VIP, requestSources(3, [CLIENT]), 1, m.split);
    const row = p.rows.find((r) => r.server === 'node09');
    assert.deepEqual(row, { server: 'node09', predicted: 0, measured: 1, matches: false, weight: null, active: 0, inactive: 0 });
    assert.equal(splitRows(m.stats, p).find((r) => r.backend === 'node09')?.matches, false);
  });
});

describe("the CLI's load output", () => {
  test('a predicted column with the mismatch marked, the verdict, the holds and one row per source', () => {
    const sources = [CLIENT, '192.168.150.191'];
    const m = measured(['node02', 'node02', 'node02', 'node02'], sources);
    const prediction = predictLoad(live('rr', [1, 1], [1, 1]), VIP, requestSources(4, sources), 1, m.split);
    const tables: (string | number)[][][] = [];
    const lines: string[] = [];
    const out = {
      table: (head: string[], rows: (string | number)[][]) => tables.push([head, ...rows]),
      line: (t: string) => lines.push(t),
    } as unknown as Output;
    const result = {
      summary: m.stats,
      prediction,
      predictionNote: null,
      holds: { opened: 2, byBackend: { node02: 1, node03: 1 }, ready: true, failed: null },
      sources,
      bySource: splitBySource(
        [1, 2, 3, 4].map((index) => ({ index, backend: 'node02' })),
        sources,
      ),
      warnings: [],
    } as unknown as LoadTestResult;
    printResult(out, result);
    assert.deepEqual(tables[0], [
      ['backend', 'requests', 'share', 'predicted'],
      ['node02', 4, '100.0%', '2 ✗ mismatch'],
      ['node03', 0, '0.0%', '2 ✗ mismatch'],
    ]);
    assert.match(lines[1], /^Predicted \(rr, exact\): does NOT match; checked: /);
    assert.equal(lines[3], 'Held 2 connections open (node02 1, node03 1); ActiveConn as the requests began: node03 1, node02 1.');
    assert.deepEqual(tables[1], [
      ['source', 'requests', 'answered by'],
      [CLIENT, 2, 'node02 2'],
      ['192.168.150.191', 2, 'node02 2'],
    ]);
  });
});
