// Parsers against real captured output (test/fixtures/, see its README.md for how each was captured).
// Broken inputs are made from real fixtures in code (a line replaced, cut, or another command's output),
// never typed by hand.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import {
  IPVS_CONN_STATES,
  NETSTAT_TCP_STATES,
  ParseError,
  parseIpvsadm,
  parseIpvsadmConns,
  parseIpvsadmList,
  parseIpvsadmRate,
  parseIpvsadmStats,
  parseNetstat,
  type IpvsStats,
} from '../../src/core/parsers';

const fixture = (name: string): string => readFileSync(new URL(`../fixtures/${name}`, import.meta.url), 'utf8');

/** How many parsed entries are in each state, keys sorted by name. */
function stateCounts(conns: readonly { state: string }[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const state of conns.map((c) => c.state).sort()) counts[state] = (counts[state] ?? 0) + 1;
  return counts;
}
const knownStates: readonly string[] = IPVS_CONN_STATES;

/** Replaces line `n` (1-based) of a real fixture. */
function withLine(text: string, n: number, replace: (line: string) => string): string {
  const lines = text.split('\n');
  lines[n - 1] = replace(lines[n - 1]);
  return lines.join('\n');
}

/** Asserts a ParseError naming line `n`. */
function throwsAtLine(fn: () => unknown, n: number, message?: RegExp): void {
  assert.throws(fn, (err: unknown) => {
    assert.ok(err instanceof ParseError, `expected a ParseError, got ${String(err)}`);
    assert.equal(err.lineNumber, n);
    assert.match(err.message, new RegExp(`line ${n}\\b`));
    if (message) assert.match(err.message, message);
    return true;
  });
}

describe('netstat -natp (local capture)', () => {
  const text = fixture('netstat-natp-local.txt');
  const rows = parseNetstat(text);

  test('every row, in order', () => {
    assert.equal(rows.length, 10);
    assert.deepEqual(
      rows.map((r) => r.state),
      ['LISTEN', 'ESTABLISHED', 'TIME_WAIT', 'TIME_WAIT', 'ESTABLISHED', 'LISTEN', 'TIME_WAIT', 'TIME_WAIT', 'CLOSE_WAIT', 'FIN_WAIT2'],
    );
    assert.deepEqual(
      rows.map((r) => r.proto),
      ['tcp', 'tcp', 'tcp', 'tcp', 'tcp', 'tcp6', 'tcp6', 'tcp6', 'tcp6', 'tcp6'],
    );
    for (const r of rows) assert.ok((NETSTAT_TCP_STATES as readonly string[]).includes(r.state!));
  });

  test('IPv4 LISTEN with its program, foreign "*" port as null', () => {
    assert.deepEqual(rows[0], {
      proto: 'tcp',
      recvQ: 0,
      sendQ: 0,
      local: { ip: '127.0.0.1', port: 8099 },
      foreign: { ip: '0.0.0.0', port: null },
      state: 'LISTEN',
      pid: 8463,
      program: 'python3',
    });
  });

  test('IPv6 ":::8098" and ":::*"', () => {
    assert.deepEqual(rows[5].local, { ip: '::', port: 8098 });
    assert.deepEqual(rows[5].foreign, { ip: '::', port: null });
    assert.deepEqual(rows[8].local, { ip: '::1', port: 36188 });
  });

  test('"-" means no process (TIME_WAIT); queues are numbers', () => {
    assert.equal(rows[2].pid, null);
    assert.equal(rows[2].program, null);
    assert.deepEqual([rows[4].pid, rows[4].program], [8459, 'bash']);
    assert.equal(rows[8].recvQ, 1135);
    assert.equal(rows[8].sendQ, 0);
  });

  test('without -p the PID column is absent: pid/program null, states still read', () => {
    const noP = parseNetstat(fixture('netstat-nat-local-no-p.txt'));
    assert.equal(noP.length, 10);
    assert.ok(noP.every((r) => r.pid === null && r.program === null));
    assert.deepEqual(
      noP.map((r) => r.state),
      rows.map((r) => r.state),
    );
    assert.deepEqual(
      noP.map((r) => r.local),
      rows.map((r) => r.local),
    );
  });

  test('tolerates CRLF, blank lines and trailing spaces', () => {
    const messy =
      '\n\n' +
      text
        .split('\n')
        .map((l) => l + '   ')
        .join('\r\n\n') +
      '\n\n';
    assert.deepEqual(parseNetstat(messy), rows);
  });

  test('errors name the offending line', () => {
    throwsAtLine(() => parseNetstat(withLine(text, 4, (l) => l.replace('ESTABLISHED 8463/python3', 'ESTABLISHED python3'))), 4, /PID\/Program/);
    throwsAtLine(() => parseNetstat(withLine(text, 5, (l) => l.replace('127.0.0.1:8099', 'localhost:http'))), 5, /-n/);
    throwsAtLine(() => parseNetstat(withLine(text, 3, (l) => l.replace(/^tcp /, 'xyz '))), 3, /not a netstat socket row/);
    throwsAtLine(() => parseNetstat(text.split('\n').slice(1).join('\n')), 1, /Active Internet connections/);
    assert.throws(() => parseNetstat(''), /netstat -natp: empty output/);
    assert.throws(() => parseNetstat('\n  \n'), ParseError);
  });
});

describe('ipvsadm -Ln (lab host, kernel 6.1, ipvsadm 1.31)', () => {
  test('handbook DR lab after 6 curls: rr spread 3 + 3, all inactive', () => {
    const t = parseIpvsadmList(fixture('ipvsadm-Ln-dr.txt'));
    assert.equal(t.form, 'list');
    assert.equal(t.version, '1.2.1');
    assert.equal(t.connTableSize, 4096);
    assert.equal(t.services.length, 1);
    assert.deepEqual(t.services[0], {
      protocol: 'TCP',
      address: { ip: '10.77.2.100', port: 80 },
      fwmark: null,
      ipv6: false,
      key: 'TCP 10.77.2.100:80',
      scheduler: 'rr',
      persistent: null,
      netmask: null,
      pe: null,
      ops: false,
      schedFlags: [],
      flags: [],
      destinations: [
        { address: { ip: '10.77.2.12', port: 80 }, forward: 'Route', weight: 1, activeConn: 0, inActConn: 3 },
        { address: { ip: '10.77.2.13', port: 80 }, forward: 'Route', weight: 1, activeConn: 0, inActConn: 3 },
      ],
    });
  });

  test('before traffic, with held connections, with a broken real server', () => {
    const conns = (file: string) => parseIpvsadmList(fixture(file)).services[0].destinations.map((d) => [d.address.ip, d.activeConn, d.inActConn]);
    assert.deepEqual(conns('ipvsadm-Ln-dr-empty.txt'), [
      ['10.77.2.12', 0, 0],
      ['10.77.2.13', 0, 0],
    ]);
    assert.deepEqual(conns('ipvsadm-Ln-dr-active.txt'), [
      ['10.77.2.12', 1, 3],
      ['10.77.2.13', 1, 3],
    ]);
    assert.deepEqual(conns('ipvsadm-Ln-dr-broken.txt'), [
      ['10.77.2.12', 1, 31],
      ['10.77.2.13', 1, 31],
      ['10.77.2.14', 2, 0],
    ]);
  });

  test('NAT: Masq, wrr weights 3:1, a real-server port differing from the VIP port', () => {
    const t = parseIpvsadmList(fixture('ipvsadm-Ln-nat.txt'));
    assert.deepEqual(
      t.services.map((s) => [s.key, s.scheduler]),
      [
        ['TCP 10.77.2.100:80', 'rr'],
        ['TCP 10.77.2.100:8080', 'wrr'],
        ['TCP 10.77.2.100:8081', 'rr'],
      ],
    );
    assert.deepEqual(t.services[1].destinations, [
      { address: { ip: '10.77.3.15', port: 80 }, forward: 'Masq', weight: 3, activeConn: 0, inActConn: 7 },
      { address: { ip: '10.77.3.16', port: 80 }, forward: 'Masq', weight: 1, activeConn: 1, inActConn: 2 },
    ]);
    assert.deepEqual(t.services[2].destinations[0].address, { ip: '10.77.3.15', port: 81 });
  });

  test('every kind of service line: persistence, Tunnel, UDP, ops, IPv6, FWM with scheduler flags', () => {
    const t = parseIpvsadmList(fixture('ipvsadm-Ln-mixed.txt'));
    assert.deepEqual(
      t.services.map((s) => s.key),
      [
        'TCP 10.77.2.100:80',
        'TCP 10.77.2.100:8080',
        'TCP 10.77.2.100:8081',
        'TCP 10.77.2.100:8082',
        'TCP 10.77.2.100:8083',
        'TCP 10.77.2.100:9000',
        'TCP 10.77.2.101:80',
        'UDP 10.77.2.100:53',
        'UDP 10.77.2.100:5353',
        'TCP [fd77::100]:80',
        'FWM 7',
      ],
    );
    assert.equal(
      t.services.reduce((n, s) => n + s.destinations.length, 0),
      15,
    );
    const byKey = new Map(t.services.map((s) => [s.key, s]));
    const s9000 = byKey.get('TCP 10.77.2.100:9000')!;
    assert.deepEqual(
      [s9000.scheduler, s9000.persistent, s9000.netmask, s9000.flags],
      ['lc', 300, '255.255.255.0', ['persistent', '300', 'mask', '255.255.255.0']],
    );
    assert.equal(s9000.destinations[0].weight, 0);
    const tun = byKey.get('TCP 10.77.2.101:80')!;
    assert.deepEqual([tun.scheduler, tun.persistent, tun.netmask], ['wlc', 50, null]);
    assert.deepEqual(
      tun.destinations.map((d) => [d.forward, d.inActConn]),
      [
        ['Tunnel', 0],
        ['Tunnel', 4],
      ],
    );
    assert.deepEqual([byKey.get('UDP 10.77.2.100:53')!.ops, byKey.get('UDP 10.77.2.100:5353')!.ops], [false, true]);
    const v6 = byKey.get('TCP [fd77::100]:80')!;
    assert.deepEqual([v6.ipv6, v6.address, v6.destinations[0].address], [true, { ip: 'fd77::100', port: 80 }, { ip: 'fd77::12', port: 80 }]);
    const fwm = byKey.get('FWM 7')!;
    assert.deepEqual([fwm.protocol, fwm.address, fwm.fwmark, fwm.scheduler, fwm.schedFlags], ['FWM', null, 7, 'sh', ['sh-fallback', 'sh-port']]);
    assert.deepEqual(fwm.destinations[0], { address: { ip: '10.77.2.12', port: 0 }, forward: 'Route', weight: 2, activeConn: 0, inActConn: 0 });
  });

  test('errors name the offending line', () => {
    const dr = fixture('ipvsadm-Ln-dr.txt');
    throwsAtLine(() => parseIpvsadm(withLine(dr, 5, (l) => l.replace('Route', 'Bogus'))), 5, /forwarding method "Bogus"/);
    throwsAtLine(() => parseIpvsadm(withLine(dr, 5, (l) => l.replace('10.77.2.12:80', 'node02:http'))), 5, /-n/);
    throwsAtLine(() => parseIpvsadm(withLine(dr, 4, (l) => l.replace('10.77.2.100:80', 'lvs-vip:http'))), 4, /-n/);
    throwsAtLine(() => parseIpvsadm(withLine(dr, 4, (l) => l.replace('TCP ', 'XYZ '))), 4, /neither a service line/);
    throwsAtLine(() => parseIpvsadm(withLine(dr, 6, (l) => l.replace(/ 3\s*$/, ''))), 6, /5 columns/);
    throwsAtLine(() => parseIpvsadm(withLine(dr, 2, () => '')), 3, /title line/);
    throwsAtLine(() => parseIpvsadm(fixture('ipvsadm-Lnc-dr-fin_wait.txt')), 1, /ipvsadm -Lnc output/);
    throwsAtLine(() => parseIpvsadm(fixture('netstat-natp-dr-node02.txt')), 1, /netstat output/);
    // A destination with no service above it: drop the service line.
    throwsAtLine(
      () =>
        parseIpvsadm(
          dr
            .split('\n')
            .filter((_, i) => i !== 3)
            .join('\n'),
        ),
      4,
      /before any service/,
    );
    assert.throws(() => parseIpvsadm(''), /empty output/);
    assert.throws(() => parseIpvsadmList(fixture('ipvsadm-Ln-stats-dr.txt')), /expected the list form but got the stats form/);
    assert.throws(() => parseIpvsadmStats(fixture('ipvsadm-Ln-rate-dr.txt')), /expected the stats form but got the rate form/);
  });

  test('tolerates CRLF, blank lines and a missing version header (listing one service)', () => {
    const dr = fixture('ipvsadm-Ln-dr.txt');
    const messy = '\r\n' + dr.split('\n').join('  \r\n\r\n');
    assert.deepEqual(parseIpvsadm(messy), parseIpvsadm(dr));
    const noHeader = parseIpvsadmList(dr.split('\n').slice(1).join('\n'));
    assert.deepEqual([noHeader.version, noHeader.connTableSize], [null, null]);
    assert.deepEqual(noHeader.services, parseIpvsadmList(dr).services);
  });
});

describe('ipvsadm -Ln --stats', () => {
  test('DR with --exact: 6 connections, no packets out (replies bypass the director)', () => {
    const t = parseIpvsadmStats(fixture('ipvsadm-Ln-stats-exact-dr.txt'));
    assert.equal(t.approximate, false);
    assert.equal(t.services.length, 1);
    const s = t.services[0];
    assert.equal(s.key, 'TCP 10.77.2.100:80');
    assert.deepEqual(s.stats, { conns: 6, inPkts: 36, outPkts: 0, inBytes: 2370, outBytes: 0 });
    assert.deepEqual(s.destinations, [
      { address: { ip: '10.77.2.12', port: 80 }, stats: { conns: 3, inPkts: 18, outPkts: 0, inBytes: 1185, outBytes: 0 } },
      { address: { ip: '10.77.2.13', port: 80 }, stats: { conns: 3, inPkts: 18, outPkts: 0, inBytes: 1185, outBytes: 0 } },
    ]);
  });

  test('small values print the same with and without --exact', () => {
    const plain = parseIpvsadmStats(fixture('ipvsadm-Ln-stats-dr.txt'));
    assert.equal(plain.approximate, false);
    assert.deepEqual(plain, parseIpvsadmStats(fixture('ipvsadm-Ln-stats-exact-dr.txt')));
  });

  test('NAT after 150 MB: "150126K" without --exact is 150126781 truncated to thousands', () => {
    const exact = parseIpvsadmStats(fixture('ipvsadm-Ln-stats-exact-nat.txt'));
    const plain = parseIpvsadmStats(fixture('ipvsadm-Ln-stats-nat.txt'));
    assert.equal(exact.approximate, false);
    assert.equal(plain.approximate, true);
    assert.equal(exact.services[1].stats.outBytes, 150126781);
    assert.equal(plain.services[1].stats.outBytes, 150126000);
    assert.equal(plain.services[1].destinations[0].stats.outBytes, 150125000);
    assert.deepEqual(exact.services[1].stats, { conns: 11, inPkts: 2233, outPkts: 2391, inBytes: 116949, outBytes: 150126781 });
    // Both captured back to back: every counter agrees once print_largenum's truncation is applied.
    const shown = (v: number) => (v < 100_000_000 ? v : Math.floor(v / 1000) * 1000);
    const truncate = (st: IpvsStats): IpvsStats => ({
      conns: shown(st.conns),
      inPkts: shown(st.inPkts),
      outPkts: shown(st.outPkts),
      inBytes: shown(st.inBytes),
      outBytes: shown(st.outBytes),
    });
    assert.equal(plain.services.length, 5);
    exact.services.forEach((s, i) => {
      assert.deepEqual(plain.services[i].stats, truncate(s.stats));
      s.destinations.forEach((d, j) => assert.deepEqual(plain.services[i].destinations[j].stats, truncate(d.stats)));
    });
  });

  test('a service counts what its destinations count', () => {
    const t = parseIpvsadmStats(fixture('ipvsadm-Ln-stats-exact-mixed.txt'));
    assert.equal(t.services.length, 11);
    for (const s of t.services) {
      const sum = (k: keyof IpvsStats) => s.destinations.reduce((n, d) => n + d.stats[k], 0);
      // Conns can differ by connections whose destination was removed (node04 in the DR service).
      for (const k of ['inPkts', 'inBytes'] as const) if (s.key !== 'TCP 10.77.2.100:80') assert.equal(sum(k), s.stats[k], `${s.key} ${k}`);
    }
    const udp = t.services.find((s) => s.key === 'UDP 10.77.2.100:53')!;
    assert.deepEqual(udp.stats, { conns: 4, inPkts: 4, outPkts: 0, inBytes: 136, outBytes: 0 });
    assert.equal(t.services.find((s) => s.key === 'FWM 7')!.stats.conns, 0);
  });

  test('errors name the offending line', () => {
    const text = fixture('ipvsadm-Ln-stats-exact-dr.txt');
    throwsAtLine(() => parseIpvsadm(withLine(text, 4, (l) => l.replace('2370', '2,370'))), 4, /"2,370" where a counter/);
    throwsAtLine(() => parseIpvsadm(withLine(text, 5, (l) => l.replace(/\s+0\s*$/, ''))), 5, /6 columns|5 counter/);
    throwsAtLine(() => parseIpvsadm(withLine(text, 3, () => '  -> RemoteAddress:Port Forward')), 3, /RemoteAddress:Port/);
  });
});

describe('ipvsadm -Ln --rate', () => {
  test('DR during back-to-back curls', () => {
    const t = parseIpvsadmRate(fixture('ipvsadm-Ln-rate-exact-dr.txt'));
    assert.equal(t.form, 'rate');
    assert.deepEqual(t.services[0].rate, { cps: 3, inPPS: 16, outPPS: 0, inBPS: 1039, outBPS: 0 });
    assert.deepEqual(
      t.services[0].destinations.map((d) => [d.address.ip, d.rate]),
      [
        ['10.77.2.12', { cps: 1, inPPS: 8, outPPS: 0, inBPS: 499, outBPS: 0 }],
        ['10.77.2.13', { cps: 1, inPPS: 8, outPPS: 0, inBPS: 540, outBPS: 0 }],
      ],
    );
    assert.deepEqual(parseIpvsadmRate(fixture('ipvsadm-Ln-rate-dr.txt')), t);
  });

  test('NAT during the download: replies pass the director', () => {
    const t = parseIpvsadmRate(fixture('ipvsadm-Ln-rate-exact-nat.txt'));
    assert.equal(t.services.length, 5);
    assert.deepEqual(t.services[1].rate, { cps: 0, inPPS: 218, outPPS: 235, inBPS: 11325, outBPS: 15004707 });
    assert.equal(parseIpvsadmRate(fixture('ipvsadm-Ln-rate-exact-mixed.txt')).services.length, 11);
  });
});

describe('ipvsadm -Lnc', () => {
  test('after the 6 DR curls: 6 FIN_WAIT entries, 3 per real server', () => {
    const conns = parseIpvsadmConns(fixture('ipvsadm-Lnc-dr-fin_wait.txt'));
    assert.equal(conns.length, 6);
    assert.deepEqual(conns[0], {
      protocol: 'TCP',
      expireSeconds: 118,
      expire: '01:58',
      state: 'FIN_WAIT',
      source: { ip: '10.77.2.10', port: 52976 },
      virtual: { ip: '10.77.2.100', port: 80 },
      destination: { ip: '10.77.2.12', port: 80 },
    });
    assert.ok(conns.every((c) => c.state === 'FIN_WAIT' && c.virtual.ip === '10.77.2.100' && c.source.ip === '10.77.2.10'));
    assert.deepEqual(conns.map((c) => c.destination.ip).sort(), ['10.77.2.12', '10.77.2.12', '10.77.2.12', '10.77.2.13', '10.77.2.13', '10.77.2.13']);
  });

  test('held connections are ESTABLISHED with the 15 min timer', () => {
    const conns = parseIpvsadmConns(fixture('ipvsadm-Lnc-dr-established.txt'));
    assert.deepEqual(stateCounts(conns), { ESTABLISHED: 2, FIN_WAIT: 6 });
    const est = conns.filter((c) => c.state === 'ESTABLISHED');
    assert.deepEqual(
      est.map((c) => [c.source.port, c.expireSeconds, c.destination.ip]),
      [
        [54254, 897, '10.77.2.12'],
        [54238, 897, '10.77.2.13'],
      ],
    );
  });

  test('the handbook diagnosis: SYN_RECV entries all point at the broken real server', () => {
    const conns = parseIpvsadmConns(fixture('ipvsadm-Lnc-dr-syn_recv.txt'));
    assert.equal(conns.length, 66);
    assert.deepEqual(stateCounts(conns), { ESTABLISHED: 2, FIN_WAIT: 62, SYN_RECV: 2 });
    const syn = conns.filter((c) => c.state === 'SYN_RECV');
    assert.deepEqual(
      syn.map((c) => [c.destination.ip, c.expireSeconds]),
      [
        ['10.77.2.14', 53],
        ['10.77.2.14', 56],
      ],
    );
  });

  test('NAT: TIME_WAIT, CLOSE after a RST, then CLOSE_WAIT and SYNACK', () => {
    const nat = parseIpvsadmConns(fixture('ipvsadm-Lnc-nat.txt'));
    assert.equal(nat.length, 78);
    assert.deepEqual(stateCounts(nat), { CLOSE: 2, ESTABLISHED: 3, FIN_WAIT: 63, SYN_RECV: 2, TIME_WAIT: 8 });
    assert.deepEqual(
      nat.filter((c) => c.state === 'CLOSE').map((c) => [c.virtual.port, c.destination.ip, c.destination.port, c.expireSeconds]),
      [
        [8081, '10.77.3.15', 81, 8],
        [8081, '10.77.3.15', 81, 8],
      ],
    );
    assert.ok(nat.filter((c) => c.state === 'TIME_WAIT').every((c) => c.virtual.port === 8080));

    const more = parseIpvsadmConns(fixture('ipvsadm-Lnc-nat-synack-close_wait.txt'));
    assert.deepEqual(stateCounts(more), { CLOSE_WAIT: 2, ESTABLISHED: 3, FIN_WAIT: 63, SYNACK: 1, SYN_RECV: 2, TIME_WAIT: 8 });
    assert.deepEqual(
      more.filter((c) => c.state === 'SYNACK').map((c) => [c.virtual.port, c.expire]),
      [[8082, '01:58']],
    );
    assert.deepEqual(
      more.filter((c) => c.state === 'CLOSE_WAIT').map((c) => c.virtual.port),
      [8083, 8083],
    );
  });

  test('persistence template (client port 0, ASSURED) and UDP entries', () => {
    const tun = parseIpvsadmConns(fixture('ipvsadm-Lnc-tun-persistent.txt'));
    assert.deepEqual(
      tun.filter((c) => c.state === 'ASSURED'),
      [
        {
          protocol: 'TCP',
          expireSeconds: 49,
          expire: '00:49',
          state: 'ASSURED',
          source: { ip: '10.77.2.10', port: 0 },
          virtual: { ip: '10.77.2.101', port: 80 },
          destination: { ip: '10.77.2.18', port: 80 },
        },
      ],
    );
    const mixed = parseIpvsadmConns(fixture('ipvsadm-Lnc-mixed.txt'));
    assert.equal(mixed.length, 89);
    const udp = mixed.filter((c) => c.protocol === 'UDP');
    assert.equal(udp.length, 4);
    assert.ok(udp.every((c) => c.state === 'UDP' && c.expireSeconds === 297 && c.virtual.port === 53));
  });

  test('every state in every capture is a known one; which ones were captured', () => {
    const seen = new Set<string>();
    for (const f of ['dr-fin_wait', 'dr-established', 'dr-syn_recv', 'nat', 'nat-synack-close_wait', 'tun-persistent', 'mixed']) {
      for (const c of parseIpvsadmConns(fixture(`ipvsadm-Lnc-${f}.txt`))) {
        assert.ok(knownStates.includes(c.state), c.state);
        seen.add(c.state);
      }
    }
    assert.deepEqual([...seen].sort(), ['ASSURED', 'CLOSE', 'CLOSE_WAIT', 'ESTABLISHED', 'FIN_WAIT', 'SYNACK', 'SYN_RECV', 'TIME_WAIT', 'UDP']);
    assert.equal(knownStates.includes('FIN_WAIT2'), false); // netstat's name, not IPVS's
    assert.ok(IPVS_CONN_STATES.includes('NONE'));
  });

  test('errors name the offending line', () => {
    const text = fixture('ipvsadm-Lnc-dr-fin_wait.txt');
    throwsAtLine(() => parseIpvsadmConns(withLine(text, 3, (l) => l.replace('01:58', '1h'))), 3, /mm:ss/);
    throwsAtLine(() => parseIpvsadmConns(withLine(text, 4, (l) => l.replace('10.77.2.13:80', 'node03:http'))), 4, /destination/);
    throwsAtLine(() => parseIpvsadmConns(withLine(text, 5, (l) => l.replace(/\s+\S+$/, ''))), 5, /6 columns/);
    throwsAtLine(() => parseIpvsadmConns(withLine(text, 2, (l) => l.replace('destination', 'dest'))), 2, /column title/);
    throwsAtLine(() => parseIpvsadmConns(fixture('ipvsadm-Ln-dr.txt')), 1, /looks like ipvsadm -Ln output/);
    assert.throws(() => parseIpvsadmConns(''), /ipvsadm -Lnc: empty output/);
    // Only the title: a valid, empty table.
    assert.deepEqual(parseIpvsadmConns(text.split('\n').slice(0, 2).join('\n')), []);
  });
});

describe('netstat -natp (lab host)', () => {
  test('DR real server node03: SYN_RECV on the VIP (apache defers accept), no process yet', () => {
    const rows = parseNetstat(fixture('netstat-natp-dr-node03.txt'));
    assert.deepEqual(
      rows.map((r) => [r.local.ip, r.local.port, r.state, r.pid, r.program]),
      [
        ['0.0.0.0', 80, 'LISTEN', 40, 'apache2'],
        ['127.0.0.11', 42801, 'LISTEN', null, null],
        ['10.77.2.100', 80, 'SYN_RECV', null, null],
      ],
    );
    assert.deepEqual(rows[2].foreign, { ip: '10.77.2.10', port: 54238 });
  });

  test('node02 answers from the VIP itself (FIN_WAIT2 by apache2)', () => {
    const rows = parseNetstat(fixture('netstat-natp-dr-node02.txt'));
    assert.deepEqual(rows[2], {
      proto: 'tcp',
      recvQ: 0,
      sendQ: 0,
      local: { ip: '10.77.2.100', port: 80 },
      foreign: { ip: '10.77.2.10', port: 54254 },
      state: 'FIN_WAIT2',
      pid: 39,
      program: 'apache2',
    });
  });

  test("the director has no socket for the VIP: only Docker's DNS listener", () => {
    for (const f of ['netstat-natp-dr-director.txt', 'netstat-natp-nat-director.txt']) {
      const rows = parseNetstat(fixture(f));
      assert.equal(rows.length, 1);
      assert.deepEqual([rows[0].local.ip, rows[0].state], ['127.0.0.11', 'LISTEN']);
    }
  });

  test('client: 6 TIME_WAIT, and the held connections owned by sleep', () => {
    const rows = parseNetstat(fixture('netstat-natp-dr-client.txt'));
    assert.equal(rows.length, 9);
    assert.equal(rows.filter((r) => r.state === 'TIME_WAIT').length, 6);
    const held = rows.filter((r) => r.pid !== null);
    assert.deepEqual(
      held.map((r) => [r.state, r.recvQ, r.pid, r.program]),
      [
        ['ESTABLISHED', 0, 20, 'sleep'],
        ['CLOSE_WAIT', 252, 20, 'sleep'],
      ],
    );
    assert.deepEqual(parseNetstat(fixture('netstat-natp-nat-node05.txt'))[2].local, { ip: '10.77.3.15', port: 80 });
  });
});
