// The packet trace's pure parts: the capture commands, and the parser on real captures of one request in each
// shipped lab (test/fixtures/trace-*, from capture-trace.sh on the lab host). Broken input is made from them in code.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { resolveLab } from '../../src/core/labLoader';
import {
  buildTrace,
  captureArgv,
  capturePlans,
  captureReady,
  parseCapture,
  parseRequest,
  parseTcpdumpLine,
  requestArgv,
  type Hop,
  type PacketKind,
  type Trace,
} from '../../src/core/trace';

const fixture = (name: string): string => readFileSync(new URL(`../fixtures/${name}`, import.meta.url), 'utf8');
const NODES = ['client', 'node01', 'node02', 'node03'];
const outputs = (lab: string) => Object.fromEntries(NODES.map((n) => [n, fixture(`trace-${lab}-${n}.txt`)]));

function traced(lab: string): Trace {
  const request = parseRequest(fixture(`trace-${lab}-request.txt`));
  assert.ok(request);
  return buildTrace(resolveLab(lab), outputs(lab), request.localPort);
}

const hopsOf = (t: Trace, kind: PacketKind): Hop[] => {
  const p = t.packets.find((x) => x.kinds.includes(kind));
  assert.ok(p, `a ${kind} in ${JSON.stringify(t.packets.map((x) => x.kinds))}`);
  return p.hops;
};
/** node/iface direction, then the changed fields: the whole path of one packet in one line per hop. */
const walk = (hops: Hop[]) => hops.map((h) => `${h.node}/${h.iface} ${h.direction}${h.changed.length ? ` ${h.changed.join(',')}` : ''}`);

describe('trace commands', () => {
  test('the capture passes every value as a positional argument, never in the script', () => {
    const argv = captureArgv('ab12', 60, 'tcp port 80 and host 10.0.0.1', ['eth0', 'tunl0']);
    assert.equal(argv[0], 'bash');
    assert.deepEqual(argv.slice(3), ['lvslab-trace', 'ab12', '60', 'tcp port 80 and host 10.0.0.1', 'eth0', 'tunl0']);
    assert.ok(!argv[2].includes('10.0.0.1') && !argv[2].includes('eth0'));
  });

  test('each node is captured on its lab interfaces; the TUN real servers also on tunl0, with the tunnel in the filter', () => {
    const ifaces = (lab: string) => Object.fromEntries(capturePlans(resolveLab(lab)).map((p) => [p.node, p.ifaces.join(',')]));
    assert.deepEqual(ifaces('dr'), { client: 'eth0', node01: 'eth0', node02: 'eth0', node03: 'eth0' });
    assert.deepEqual(ifaces('nat'), { client: 'eth0', node01: 'eth0,eth1', node02: 'eth0', node03: 'eth0' });
    assert.deepEqual(ifaces('tun'), { client: 'eth0', node01: 'eth0', node02: 'eth0,tunl0', node03: 'eth0,tunl0' });
    assert.equal(capturePlans(resolveLab('dr'))[0].filter, '(tcp port 80 and host 192.168.150.10)');
    assert.equal(capturePlans(resolveLab('tun'))[0].filter, '(tcp port 80 and host 192.168.153.10) or (ip proto 4 and (host 192.168.153.11))');
  });

  test('the request is one curl to the VIP that closes its connection', () => {
    const argv = requestArgv('192.168.150.100', 80, 10);
    assert.equal(argv[0], 'curl');
    assert.equal(argv.at(-1), 'http://192.168.150.100:80/');
    assert.ok(argv.includes('Connection: close'));
  });
});

describe('capture output (real captures on the lab host)', () => {
  test("a node's links, packets per interface and tcpdump's messages", () => {
    const c = parseCapture(fixture('trace-nat-node01.txt'));
    assert.deepEqual(
      c.links.map((l) => `${l.name} ${l.mac ?? '-'}`),
      ['lo -', 'eth0 02:42:c0:a8:97:0b', 'tunl0 -', 'eth1 02:42:c0:a8:98:0b'],
    );
    assert.deepEqual(
      Object.entries(c.packets).map(([i, p]) => [i, p.length]),
      [
        ['eth0', 10],
        ['eth1', 10],
      ],
    );
    assert.deepEqual(c.skipped, { eth0: 0, eth1: 0 });
    assert.match(c.stderr.eth1, /listening on eth1, link-type EN10MB/);
    assert.equal(captureReady(fixture('trace-nat-node01.txt'), 2), true);
    assert.equal(captureReady(fixture('trace-nat-node01.txt'), 3), false);
    assert.equal(captureReady('@@lvslab-trace links\n', 1), undefined);
  });

  test('each kind of line: Ethernet, IP-in-IP with its outer header, raw IP on tunl0', () => {
    // Line n of what one interface saw: the lines after its "@@lvslab-trace iface" mark.
    const line = (file: string, iface: string, n: number) => fixture(file).split(`@@lvslab-trace iface ${iface}\n`)[1].split('\n')[n];
    assert.deepEqual(parseTcpdumpLine(line('trace-dr-client.txt', 'eth0', 0)), {
      time: 1795737893.715706,
      srcMac: '02:42:c0:a8:96:0a',
      dstMac: '02:42:c0:a8:96:0b',
      src: '192.168.150.10',
      srcPort: 44164,
      dst: '192.168.150.100',
      dstPort: 80,
      flags: 'S',
      seq: 408422026,
      length: 0,
    });
    const wrapped = parseTcpdumpLine(line('trace-tun-node03.txt', 'eth0', 3));
    assert.deepEqual(wrapped?.outer, { src: '192.168.153.11', dst: '192.168.153.13' });
    assert.deepEqual(
      [wrapped?.src, wrapped?.dst, wrapped?.flags, wrapped?.seq, wrapped?.ack, wrapped?.length],
      ['192.168.153.10', '192.168.153.100', 'P.', 3927965998, 3198713914, 98],
    );
    const raw = parseTcpdumpLine(line('trace-tun-node03.txt', 'tunl0', 0));
    assert.deepEqual([raw?.srcMac, raw?.outer, raw?.src, raw?.flags], [undefined, undefined, '192.168.153.10', 'S']);
  });
});

describe('one request hop by hop (real captures on the lab host)', () => {
  test('DR: node01 changes only the MACs (destination node03), the answer goes node03 → client from the VIP', () => {
    const t = traced('dr');
    assert.deepEqual([t.client, t.realServer, t.seen, t.skipped], [{ ip: '192.168.150.10', port: 44164 }, 'node03', 30, 0]);
    assert.deepEqual(
      t.packets.map((p) => p.kinds.join('+')),
      ['SYN', 'SYN-ACK', 'ACK', 'request', 'response', 'FIN'],
    );
    const forward = ['client/eth0 out', 'node01/eth0 in', 'node01/eth0 out srcMac,dstMac', 'node03/eth0 in'];
    const back = ['node03/eth0 out', 'client/eth0 in'];
    assert.deepEqual(walk(hopsOf(t, 'SYN')), forward);
    assert.deepEqual(walk(hopsOf(t, 'request')), forward);
    assert.deepEqual(walk(hopsOf(t, 'response')), back);
    const sent = hopsOf(t, 'SYN')[2];
    assert.deepEqual([sent.srcMac, sent.srcMacOwner, sent.dstMac, sent.dstMacOwner], ['02:42:c0:a8:96:0b', 'node01', '02:42:c0:a8:96:0d', 'node03']);
    const got = hopsOf(t, 'response')[1];
    assert.deepEqual([got.src, got.srcPort, got.srcMacOwner], ['192.168.150.100', 80, 'node03']);
    assert.equal(t.lesson.confirmed, true, t.lesson.evidence.join('\n'));
  });

  test('NAT: node01 rewrites the destination to node03 on eth1; the answer comes back through it and leaves from the VIP', () => {
    const t = traced('nat');
    assert.deepEqual([t.realServer, t.seen, t.skipped], ['node03', 40, 0]);
    assert.deepEqual(walk(hopsOf(t, 'SYN')), ['client/eth0 out', 'node01/eth0 in', 'node01/eth1 out srcMac,dstMac,dst', 'node03/eth0 in']);
    assert.deepEqual(walk(hopsOf(t, 'response')), ['node03/eth0 out', 'node01/eth1 in', 'node01/eth0 out srcMac,dstMac,src', 'client/eth0 in']);
    const [, , rewritten] = hopsOf(t, 'SYN');
    assert.deepEqual([rewritten.dst, rewritten.dstPort, rewritten.src, rewritten.dstMacOwner], ['192.168.152.13', 80, '192.168.151.10', 'node03']);
    // The director has two links: its MACs are named with the interface.
    assert.deepEqual([rewritten.srcMacOwner, hopsOf(t, 'response').at(-1)?.srcMacOwner], ['node01 eth1', 'node01 eth0']);
    assert.equal(t.lesson.confirmed, true, t.lesson.evidence.join('\n'));
  });

  test('TUN: node01 adds an outer header node01 → node03 around the untouched packet; node03 unwraps it on tunl0', () => {
    const t = traced('tun');
    assert.deepEqual([t.realServer, t.seen, t.skipped], ['node03', 35, 0]);
    const syn = hopsOf(t, 'SYN');
    assert.deepEqual(walk(syn), [
      'client/eth0 out',
      'node01/eth0 in',
      'node01/eth0 out srcMac,dstMac,outerSrc,outerDst',
      'node03/eth0 in',
      'node03/tunl0 in srcMac,dstMac,outerSrc,outerDst',
    ]);
    assert.deepEqual(
      syn.map((h) => h.outer),
      [null, null, { src: '192.168.153.11', dst: '192.168.153.13' }, { src: '192.168.153.11', dst: '192.168.153.13' }, null],
    );
    for (const h of syn) assert.deepEqual([h.src, h.srcPort, h.dst, h.dstPort], ['192.168.153.10', 37040, '192.168.153.100', 80]);
    assert.deepEqual([syn[4].srcMac, syn[4].dstMac], [null, null]);
    assert.deepEqual(walk(hopsOf(t, 'response')), ['node03/eth0 out', 'client/eth0 in']);
    assert.equal(t.lesson.confirmed, true, t.lesson.evidence.join('\n'));
  });

  test('without the source port, the first SYN the client sent names the connection', () => {
    const lab = resolveLab('tun');
    assert.deepEqual(buildTrace(lab, outputs('tun')), traced('tun'));
  });

  test('lines it does not understand are skipped and counted; the rest still make the path', () => {
    const out = outputs('dr');
    // Cut the director's copy of the SYN on to node03 in half, and add another node's stderr line where packets go.
    const lines = out.node01.split('\n');
    const forwarded = lines.findIndex((l) => l.includes('> 02:42:c0:a8:96:0d') && l.includes('Flags [S]'));
    lines[forwarded] = lines[forwarded].slice(0, 60);
    lines.splice(forwarded, 0, 'tcpdump: verbose output suppressed, use -v[v]... for full protocol decode');
    const t = buildTrace(resolveLab('dr'), { ...out, node01: lines.join('\n') }, 44164);
    assert.equal(t.skipped, 2);
    assert.equal(t.seen, 29);
    assert.deepEqual(walk(hopsOf(t, 'SYN')), ['client/eth0 out', 'node01/eth0 in', 'node03/eth0 in srcMac,dstMac']);
    assert.deepEqual(walk(hopsOf(t, 'request')), ['client/eth0 out', 'node01/eth0 in', 'node01/eth0 out srcMac,dstMac', 'node03/eth0 in']);
    // Without the director's forwarded SYN the lesson cannot be confirmed, and says why.
    assert.equal(t.lesson.confirmed, false);
    assert.ok(t.lesson.evidence.includes('✗ node01 was not seen forwarding the SYN'), t.lesson.evidence.join('\n'));
  });

  test('a response that passes the director is caught in DR', () => {
    // The NAT capture, read as if it were a DR lab on the same addresses: the director saw the response.
    const nat = resolveLab('nat');
    const t = buildTrace({ ...nat, mode: 'dr' }, outputs('nat'), 56262);
    assert.equal(t.lesson.confirmed, false);
    assert.ok(t.lesson.evidence.includes('✗ node01 saw the response'), t.lesson.evidence.join('\n'));
  });

  test('no capture at all: no path, and the lesson says what is missing', () => {
    const t = buildTrace(resolveLab('dr'), Object.fromEntries(NODES.map((n) => [n, ''])));
    assert.deepEqual([t.packets, t.seen, t.lesson.confirmed], [[], 0, false]);
    assert.deepEqual(t.lesson.evidence, ['✗ no SYN from the client was captured', '✗ no response reached the client in the capture']);
  });
});

describe('the request', () => {
  test("curl's page and source port (real output)", () => {
    assert.deepEqual(parseRequest(fixture('trace-dr-request.txt')), { status: 200, localPort: 44164, page: 'node03' });
    assert.equal(parseRequest('curl: (7) Failed to connect'), undefined);
  });
});
