// The Lessons tab's data on real captures: the trace and ARP messages as the protocol checks them, the hop
// tables with each changed field marked, and the ARP phases with their one-line lesson.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { parseArpExperiment } from '../../src/core/arp';
import { resolveLab } from '../../src/core/labLoader';
import { buildTrace, parseRequest, type Trace } from '../../src/core/trace';
import { arpResultMessage } from '../../src/extension/lessonMessages';
import { parseHostMessage, type ArpMessage } from '../../src/protocol/messages';
import { arpLesson, arpPhases } from '../../webview/arpModel';
import { missingKinds, traceTables, type TraceRow } from '../../webview/traceModel';

const fixture = (name: string): string => readFileSync(new URL(`../fixtures/${name}`, import.meta.url), 'utf8');
const NODES = ['client', 'node01', 'node02', 'node03'];

function traced(lab: string): Trace {
  const request = parseRequest(fixture(`trace-${lab}-request.txt`));
  assert.ok(request);
  const outputs = Object.fromEntries(NODES.map((n) => [n, fixture(`trace-${lab}-${n}.txt`)]));
  return buildTrace(resolveLab(lab), outputs, request.localPort);
}

// The capture lab's MACs (as in arp.test.ts): read from /sys/class/net/eth0/address on each node.
const MACS = new Map([
  ['02:42:0a:5d:00:0a', 'client'],
  ['02:42:0a:5d:00:0b', 'node01'],
  ['02:42:0a:5d:00:0c', 'node02'],
  ['02:42:0a:5d:00:0d', 'node03'],
]);
const VIP = '10.93.0.100';
const arpResult = (name: string) => parseArpExperiment(fixture(name), VIP, MACS);

const changedCells = (r: TraceRow) => r.cells.filter((c) => c.changed).map((c) => c.column);
/** The director's copy of the SYN going on, as the table shows it. */
const forwardedSyn = (t: Trace) => {
  const syn = traceTables(t).find((x) => x.kind === 'SYN');
  assert.ok(syn);
  const row = syn.rows.filter((r) => r.node === 'node01' && r.direction === 'out').at(-1);
  assert.ok(row, 'the director forwarding the SYN');
  return row;
};

describe('lesson messages', () => {
  test('a real DR trace validates as a traceResult; an unknown changed field or a missing hop field is refused, saying where', () => {
    const trace = traced('dr');
    const ok = parseHostMessage({ type: 'traceResult', trace });
    assert.ok(ok.ok, ok.ok ? '' : ok.error);
    const bad = structuredClone(trace);
    (bad.packets[0].hops[1].changed as string[]).push('ttl');
    const refused = parseHostMessage({ type: 'traceResult', trace: bad });
    assert.ok(!refused.ok && refused.error.startsWith('trace.packets.0.hops.1.changed.'), JSON.stringify(refused));
    const noPort = structuredClone(trace) as unknown as { packets: { hops: Record<string, unknown>[] }[] };
    delete noPort.packets[0].hops[0].dstPort;
    assert.ok(!parseHostMessage({ type: 'traceResult', trace: noPort }).ok);
  });

  test("the ARP experiment's message keeps every phase but the restored step's state, and validates", () => {
    const hidden = arpResult('arp-dr-hidden.txt');
    const m = arpResultMessage({
      vip: VIP,
      director: 'node01',
      hidden,
      unhidden: { node: 'node02', result: arpResult('arp-dr-node02-unhidden.txt') },
      restored: { step: { id: 'node02.arp', status: 'done', detail: 'ok' } as never, result: hidden },
    });
    assert.deepEqual(Object.keys(m.arp.restored ?? {}), ['result']);
    const parsed = parseHostMessage(m);
    assert.ok(parsed.ok, parsed.ok ? '' : parsed.error);
    assert.ok(!parseHostMessage({ type: 'arpResult', arp: { vip: VIP, director: 'node01' } }).ok);
    assert.ok(!parseHostMessage({ type: 'lessonError', lesson: 'no-such-lesson', message: 'x' }).ok);
  });
});

describe('trace tables', () => {
  test('DR: one table per kind; the director changes the MACs (destination a real server), not the IPs and ports', () => {
    const t = traced('dr');
    const tables = traceTables(t);
    assert.deepEqual(
      tables.map((x) => x.kind),
      ['SYN', 'SYN-ACK', 'ACK', 'request', 'response', 'FIN'],
    );
    assert.deepEqual(missingKinds(t), []);
    assert.equal(tables[1].caption, 'service → client');
    const row = forwardedSyn(t);
    assert.deepEqual(row.changed, ['srcMac', 'dstMac']);
    assert.deepEqual(changedCells(row), ['srcMac', 'dstMac']);
    assert.equal(t.realServer, 'node03');
    assert.match(row.cells.find((c) => c.column === 'dstMac')?.text ?? '', /^[0-9a-f:]{17} \(node03\)$/);
    const first = tables[0].rows[0];
    assert.deepEqual(changedCells(first), [], 'the first hop has nothing to differ from');
    assert.equal(first.cells.find((c) => c.column === 'dst')?.text, `${t.vip}:${t.port}`);
  });

  test('NAT: the forwarded SYN has its destination rewritten, so that cell is marked', () => {
    const row = forwardedSyn(traced('nat'));
    assert.ok(changedCells(row).includes('dst'), JSON.stringify(row));
    assert.ok(!changedCells(row).includes('src'));
  });

  test('TUN: the forwarded SYN gains an outer header director → real server; the inner addresses are not marked', () => {
    const row = forwardedSyn(traced('tun'));
    assert.ok(changedCells(row).includes('outer'), JSON.stringify(row));
    assert.ok(!changedCells(row).includes('src') && !changedCells(row).includes('dst'));
    assert.match(row.cells.find((c) => c.column === 'outer')?.text ?? '', /^[\d.]+ → [\d.]+$/);
  });
});

describe('ARP phases', () => {
  const base: ArpMessage = { vip: VIP, director: 'node01', hidden: arpResult('arp-dr-hidden.txt') };

  test("with the handbook's settings only the director answers, and the lesson says so", () => {
    assert.deepEqual(arpPhases(base), [
      { id: 'hidden', title: "Handbook's settings", answers: ['node01 (02:42:0a:5d:00:0b)'], neighbour: 'node01 (02:42:0a:5d:00:0b)', leak: false },
    ]);
    assert.equal(arpLesson(base), `✓ Only node01 answers for the VIP ${VIP}: the real servers keep it hidden.`);
  });

  test('node02 unhidden answers too and wins the neighbour table; restored, only the director again', () => {
    const arp: ArpMessage = { ...base, unhidden: { node: 'node02', result: arpResult('arp-dr-node02-unhidden.txt') }, restored: { result: base.hidden } };
    const phases = arpPhases(arp);
    assert.deepEqual(
      phases.map((p) => [p.id, p.leak, p.neighbour.split(' ')[0]]),
      [
        ['hidden', false, 'node01'],
        ['unhidden', true, 'node02'],
        ['restored', false, 'node01'],
      ],
    );
    assert.equal(
      arpLesson(arp),
      '✓ With its settings reverted node02 answered too, and the client now sends to node02, bypassing node01. Restored: only node01 again.',
    );
  });
});
