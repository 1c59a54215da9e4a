// `lvs-lab trace` on real IPVS: one request captured with tcpdump on every node, in each mode. The MACs
// and addresses the hops are checked against are read from the nodes straight through Docker, not from
// the trace. Each test brings its lab up itself; the file takes the three labs down at the end.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type Docker from 'dockerode';
import type { StepState } from '../../src/core/engine';
import type { Hop, PacketKind, TracedPacket } from '../../src/core/trace';
import type { TraceResult } from '../../src/service/labService';
import { cli, cliJson } from '../support/cli';
import { dockerFor, ensureEngine } from '../support/engine';
import { inNode } from './helpers';

const REAL_SERVERS = ['node02', 'node03'];
let docker: Docker;

async function up(lab: string): Promise<void> {
  const { steps } = await cliJson<{ steps: StepState[] }>(['up', '--lab', lab]);
  for (const s of steps) assert.equal(s.status, 'done', `${s.id}: ${s.detail}`);
}

/** A node's MAC on one interface, read from the kernel directly. */
async function macOf(lab: string, node: string, iface = 'eth0'): Promise<string> {
  return (await inNode(docker, lab, node, ['cat', `/sys/class/net/${iface}/address`])).trim();
}

function packet(r: TraceResult, kind: PacketKind): TracedPacket {
  const p = r.trace.packets.find((x) => x.kinds.includes(kind));
  assert.ok(p, `the trace has a ${kind}: ${JSON.stringify(r.trace.packets.map((x) => x.kinds))}`);
  return p;
}

const where = (hops: Hop[]) => hops.map((h) => `${h.node}/${h.iface} ${h.direction}`).join(', ');
const ends = (h: Hop) => [h.src, h.srcPort, h.dst, h.dstPort];

/** The hop where `node` sends the packet on (its last outgoing copy). */
function sentBy(p: TracedPacket, node: string): Hop {
  const h = p.hops.filter((x) => x.node === node && x.direction === 'out').at(-1);
  assert.ok(h, `${node} sends the ${p.kinds.join('+')} on: hops ${where(p.hops)}`);
  return h;
}

async function trace(lab: string): Promise<TraceResult> {
  const r = await cliJson<TraceResult>(['trace', '--lab', lab]);
  assert.equal(r.request.status, 200);
  assert.ok(REAL_SERVERS.includes(r.request.page), `answered by a real server: ${r.request.page}`);
  assert.equal(r.trace.realServer, r.request.page, 'the real server that saw the request is the one whose page came back');
  return r;
}

describe('packet trace of one request on real IPVS', { timeout: 30 * 60_000 }, () => {
  before(async () => {
    docker = dockerFor(await ensureEngine());
  });
  after(async () => {
    for (const lab of ['dr', 'nat', 'tun']) await cli(['down', '--lab', lab]);
  });

  test("DR: the director's SYN goes to a real server's MAC with the client's IPs and ports; the response comes from the VIP and never passes the director", async () => {
    await up('dr');
    const r = await trace('dr');
    const syn = packet(r, 'SYN');
    const sent = syn.hops[0];
    assert.equal(sent.node, 'client');
    const forwarded = sentBy(syn, 'node01');
    const server = r.trace.realServer!;
    assert.equal(forwarded.dstMac, await macOf('dr', server), `the forwarded SYN's destination MAC is ${server}'s`);
    assert.equal(forwarded.dstMacOwner, server);
    assert.equal(forwarded.srcMac, await macOf('dr', 'node01'));
    assert.deepEqual(ends(forwarded), ends(sent), 'the same IPs and ports as the client sent');
    assert.deepEqual(ends(sent), ['192.168.150.10', r.trace.client.port, '192.168.150.100', 80]);
    assert.ok(
      forwarded.changed.includes('dstMac') && forwarded.changed.every((f) => f === 'srcMac' || f === 'dstMac'),
      `changed: ${forwarded.changed.join(', ')}`,
    );
    assert.ok(
      syn.hops.some((h) => h.node === server && h.direction === 'in'),
      `${server} received it: ${where(syn.hops)}`,
    );

    const response = packet(r, 'response');
    assert.equal(response.hops[0].node, server);
    assert.ok(!response.hops.some((h) => h.node === 'node01'), `node01 never sees the response: ${where(response.hops)}`);
    const got = response.hops.at(-1)!;
    assert.equal(got.node, 'client');
    assert.deepEqual([got.src, got.srcPort], ['192.168.150.100', 80], 'the response comes from the VIP');
    assert.equal(got.srcMac, await macOf('dr', server), `straight from ${server}'s MAC`);
    assert.ok(r.trace.lesson.confirmed, r.trace.lesson.evidence.join('\n'));
  });

  test('NAT: the director rewrites the destination to a real server, and the response comes back through it', async () => {
    await up('nat');
    const r = await trace('nat');
    const server = r.trace.realServer!;
    const rip = server === 'node02' ? '192.168.152.12' : '192.168.152.13';
    const syn = packet(r, 'SYN');
    const sent = syn.hops[0];
    assert.deepEqual(ends(sent), ['192.168.151.10', r.trace.client.port, '192.168.151.100', 80]);
    const forwarded = sentBy(syn, 'node01');
    assert.equal(forwarded.iface, 'eth1', 'onto the real servers network');
    assert.deepEqual(ends(forwarded), [sent.src, sent.srcPort, rip, 80], 'the destination rewritten, the source kept');
    assert.ok(forwarded.changed.includes('dst'), `changed: ${forwarded.changed.join(', ')}`);
    assert.equal(forwarded.dstMac, await macOf('nat', server));

    const response = packet(r, 'response');
    assert.equal(response.hops[0].node, server);
    const back = response.hops.find((h) => h.node === 'node01' && h.direction === 'in');
    assert.ok(back, `the response reaches node01: ${where(response.hops)}`);
    assert.deepEqual([back.src, back.srcPort, back.dstMac], [rip, 80, await macOf('nat', 'node01', 'eth1')]);
    const out = sentBy(response, 'node01');
    assert.deepEqual([out.src, out.srcPort], ['192.168.151.100', 80], 'node01 rewrites the source to the VIP');
    const got = response.hops.at(-1)!;
    assert.equal(got.node, 'client');
    assert.deepEqual([got.src, got.srcPort, got.srcMac], ['192.168.151.100', 80, await macOf('nat', 'node01', 'eth0')]);
    assert.ok(r.trace.lesson.confirmed, r.trace.lesson.evidence.join('\n'));
  });

  test('TUN: an outer header director → real server around the untouched inner packet, unwrapped on tunl0', async () => {
    await up('tun');
    const r = await trace('tun');
    const server = r.trace.realServer!;
    const rip = server === 'node02' ? '192.168.153.12' : '192.168.153.13';
    const syn = packet(r, 'SYN');
    const sent = syn.hops[0];
    assert.equal(sent.outer, null);
    assert.deepEqual(ends(sent), ['192.168.153.10', r.trace.client.port, '192.168.153.100', 80]);
    const forwarded = sentBy(syn, 'node01');
    assert.deepEqual(forwarded.outer, { src: '192.168.153.11', dst: rip }, 'the outer header: director → real server');
    assert.deepEqual(ends(forwarded), ends(sent), 'the inner packet untouched');
    assert.equal(forwarded.dstMac, await macOf('tun', server));
    const arrived = syn.hops.find((h) => h.node === server && h.iface === 'eth0');
    assert.deepEqual(arrived?.outer, { src: '192.168.153.11', dst: rip }, `${server} receives it wrapped: ${where(syn.hops)}`);
    const unwrapped = syn.hops.find((h) => h.node === server && h.iface === 'tunl0');
    assert.ok(unwrapped, `${server} unwraps it on tunl0: ${where(syn.hops)}`);
    assert.equal(unwrapped.outer, null);
    assert.deepEqual(ends(unwrapped), ends(sent));

    const response = packet(r, 'response');
    assert.ok(!response.hops.some((h) => h.node === 'node01' || h.outer), `straight back, unwrapped: ${where(response.hops)}`);
    const got = response.hops.at(-1)!;
    assert.deepEqual([got.node, got.src, got.srcPort], ['client', '192.168.153.100', 80]);
    assert.ok(r.trace.lesson.confirmed, r.trace.lesson.evidence.join('\n'));
  });
});
