import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { connsByDestination, observeDrill } from '../../src/core/drillDiagnosis';
import { activeDrills, applyDrillArgv, checkNetem, describeDrill, drillDevices, drillTarget, parseDrillProbe } from '../../src/core/drills';
import { resolveLab } from '../../src/core/labLoader';
import { summarizeLoad } from '../../src/core/loadStats';
import { combine, parseBodies } from '../../src/core/loadTest';
import { parseIpvsadmConns, synRecvHint } from '../../src/core/parsers';

const fixture = (name: string) => readFileSync(join(__dirname, '..', 'fixtures', name), 'utf8');
const nat = resolveLab('nat');
const probe = (state: string) => parseDrillProbe('node03', fixture(`drill-probe-nat-${state}.txt`));

describe("a drill's state, read from node03 of the NAT lab (capture-lessons.sh)", () => {
  test('with no drill: a plain qdisc, httpd running (its zombie from an earlier stop ignored), nothing active', () => {
    const s = probe('clean');
    assert.deepEqual(s, { node: 'node03', links: [{ device: 'eth0', netem: null, dropsIngress: false }], httpd: true, page: 'node03' });
    assert.deepEqual(activeDrills(s), []);
  });

  test('cut off: netem loss 100% out and every packet in dropped reads as one cut-off drill, not netem', () => {
    const s = probe('cut-off');
    assert.deepEqual(s.links, [{ device: 'eth0', netem: { delayMs: 0, lossPercent: 100 }, dropsIngress: true }]);
    assert.deepEqual(activeDrills(s), [{ kind: 'cut-off', node: 'node03', devices: ['eth0'] }]);
  });

  test('netem 300 ms and 5 % loss reads back with its numbers', () => {
    const [d] = activeDrills(probe('netem'));
    assert.deepEqual(d, { kind: 'netem', node: 'node03', devices: ['eth0'], netem: { delayMs: 300, lossPercent: 5 } });
    assert.equal(describeDrill(d), 'node03: 300 ms delay, 5% loss on eth0');
  });

  test('httpd stopped: only zombie apache2 processes are left, and that is the stop-httpd drill', () => {
    assert.deepEqual(activeDrills(probe('stop-httpd')), [{ kind: 'stop-httpd', node: 'node03', devices: [] }]);
  });

  test("httpd never started (a reset node, its page Debian's own) is no drill", () => {
    const s = probe('reset');
    assert.equal(s.httpd, false);
    assert.notEqual(s.page, 'node03');
    assert.deepEqual(activeDrills(s), []);
  });

  test('a probe that printed nothing of its own is an error that says so', () => {
    assert.throws(() => parseDrillProbe('node03', 'sh: 1: tc: not found\n'), /could not read node03's links and httpd: sh: 1: tc: not found/);
  });
});

describe('drill commands', () => {
  test('devices and numbers are positional arguments of fixed scripts, never pasted into them', () => {
    const argv = applyDrillArgv('netem', ['eth0'], { delayMs: 120, lossPercent: 2.5 });
    assert.deepEqual(argv.slice(3), ['lvslab-drill', '120', '2.5', 'eth0']);
    assert.doesNotMatch(argv[2], /120|2\.5|eth0/);
    assert.deepEqual(applyDrillArgv('cut-off', ['eth0', 'eth1']).slice(3), ['lvslab-drill', 'eth0', 'eth1']);
  });

  test('only real servers are drill targets; their links are every interface they have on the lab', () => {
    assert.deepEqual(drillDevices(drillTarget(nat, 'node03')), ['eth0']);
    assert.throws(() => drillTarget(nat, 'node01'), /"node01" is not a real server of nat; drills run on node02, node03/);
  });

  test('netem needs a delay or a loss, within bounds', () => {
    assert.throws(() => checkNetem({ delayMs: 0, lossPercent: 0 }), /needs a delay or a loss/);
    assert.throws(() => checkNetem({ delayMs: 20_000, lossPercent: 0 }), /from 0 to 10000/);
    assert.throws(() => checkNetem({ delayMs: 0, lossPercent: 101 }), /from 0 to 100/);
  });
});

/** The 20-request load test captured during a drill, as the load test reads it. */
function load(drill: string) {
  const results = combine(fixture(`drill-nat-${drill}-curl.txt`), parseBodies(fixture(`drill-nat-${drill}-bodies.txt`), '/tmp/lvslab-capture'));
  return { results, summary: summarizeLoad(results) };
}

describe('what the handbook says to look at, on the NAT lab with node03 broken (wrr 3:1)', () => {
  test("node03 cut off: its 5 requests time out, the director holds their SYN_RECV entries, and the handbook's diagnosis is given", () => {
    const { results, summary } = load('cut-off');
    const conns = parseIpvsadmConns(fixture('drill-nat-cut-off-lnc.txt'));
    const o = observeDrill(nat, [{ kind: 'cut-off', node: 'node03', devices: ['eth0'] }], summary, results, conns);
    assert.equal(summary.timeouts, 5);
    assert.equal(o.table.find((d) => d.node === 'node03')?.states.SYN_RECV, 5);
    assert.equal(o.table.find((d) => d.node === 'node02')?.states.SYN_RECV, undefined);
    const texts = o.findings.map((f) => f.text);
    assert.ok(texts.includes(`5 entries to node03 in SYN_RECV on node01. ${synRecvHint()}`), texts.join('\n'));
    assert.ok(texts.some((t) => t.startsWith('5 timed out')));
    assert.ok(texts.some((t) => t.startsWith('Plain IPVS (Masq, wrr) keeps sending node03 its share')));
    assert.ok(!texts.some((t) => /refused/.test(t)));
  });

  test('httpd stopped on node03: its 5 requests are refused, the reset comes back through the director (CLOSE), no SYN_RECV', () => {
    const { results, summary } = load('stop-httpd');
    const conns = parseIpvsadmConns(fixture('drill-nat-stop-httpd-lnc.txt'));
    const o = observeDrill(nat, [{ kind: 'stop-httpd', node: 'node03', devices: [] }], summary, results, conns);
    assert.equal(summary.errors, 5);
    assert.equal(o.table.find((d) => d.node === 'node03')?.states.CLOSE, 5);
    const texts = o.findings.map((f) => f.text);
    assert.ok(
      texts.some((t) => t.startsWith('5 requests were refused') && t.includes('CLOSE')),
      texts.join('\n'),
    );
    assert.ok(!texts.some((t) => t.includes(synRecvHint())));
  });

  test("entries are counted per real server and state; other services' and persistence templates are not", () => {
    const table = connsByDestination(nat, parseIpvsadmConns(fixture('drill-nat-cut-off-lnc.txt')));
    assert.deepEqual(
      table.map((d) => d.node),
      ['node02', 'node03'],
    );
    const total = table.reduce((n, d) => n + Object.values(d.states).reduce((a, b) => a + b, 0), 0);
    assert.equal(total, parseIpvsadmConns(fixture('drill-nat-cut-off-lnc.txt')).length);
  });
});

describe('what the handbook says to look at, on the DR lab (rr over node02 and node03)', () => {
  const dr = resolveLab('dr');
  const drLoad = (drill: string) => {
    const results = combine(fixture(`drill-dr-${drill}-curl.txt`), parseBodies(fixture(`drill-dr-${drill}-bodies.txt`), '/tmp/lvslab-capture'));
    return { results, summary: summarizeLoad(results) };
  };

  test('httpd stopped on node03: half the requests refused, and their entries stay in SYN_RECV (the resets bypass the director), which the findings explain', () => {
    const { results, summary } = drLoad('stop-httpd');
    const o = observeDrill(
      dr,
      [{ kind: 'stop-httpd', node: 'node03', devices: [] }],
      summary,
      results,
      parseIpvsadmConns(fixture('drill-dr-stop-httpd-lnc.txt')),
    );
    assert.equal(summary.errors, 10);
    assert.equal(summary.timeouts, 0);
    assert.equal(o.table.find((d) => d.node === 'node03')?.states.SYN_RECV, 10);
    const texts = o.findings.map((f) => f.text);
    assert.ok(texts.some((t) => t.includes(`in SYN_RECV on node01. ${synRecvHint()}`)));
    assert.ok(
      texts.some((t) => t.startsWith('10 requests were refused') && t.includes('cannot tell a closed port from a broken network')),
      texts.join('\n'),
    );
  });

  test('node03 cut off: its requests time out, the SYN_RECV entries are all to node03', () => {
    const { results, summary } = drLoad('cut-off');
    const o = observeDrill(
      dr,
      [{ kind: 'cut-off', node: 'node03', devices: ['eth0'] }],
      summary,
      results,
      parseIpvsadmConns(fixture('drill-dr-cut-off-lnc.txt')),
    );
    assert.equal(summary.timeouts, 10);
    assert.ok((o.table.find((d) => d.node === 'node03')?.states.SYN_RECV ?? 0) >= 10);
    assert.equal(o.table.find((d) => d.node === 'node02')?.states.SYN_RECV, undefined);
    assert.ok(o.findings.some((f) => f.text.startsWith('10 timed out')));
  });

  test("the probe's states read the same on DR's node03", () => {
    const kinds = (state: string) => activeDrills(parseDrillProbe('node03', fixture(`drill-probe-dr-${state}.txt`))).map((d) => d.kind);
    assert.deepEqual(kinds('clean'), []);
    assert.deepEqual(kinds('cut-off'), ['cut-off']);
    assert.deepEqual(kinds('netem'), ['netem']);
    assert.deepEqual(kinds('stop-httpd'), ['stop-httpd']);
    assert.deepEqual(kinds('reset'), []);
  });
});
