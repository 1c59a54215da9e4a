// Reset in place (src/core/baseline.ts) against real dumps and undo runs captured on the lab host
// (test/fixtures/README.md, "Node dumps and undo runs"): the dump's canonical form, the comparison,
// the undo's verdict, and the undo's own awk program fed real `ip` output.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import {
  BASELINE_DIR,
  baselineArgv,
  compareDumps,
  describeDifferences,
  DUMP_HEADER,
  DUMP_SECTIONS,
  SAVED_PATHS,
  dumpArgv,
  formatDump,
  judgeUndo,
  normalizeDump,
  parseDump,
  undoArgv,
  UNDO_AWK,
} from '../../src/core/baseline';

const fixture = (name: string): string => readFileSync(new URL(`../fixtures/${name}`, import.meta.url), 'utf8');
const ok = (stdout: string) => ({ stdout, stderr: '', exitCode: 0 });

/** The baseline and the after-undo dump inside a real undo run's output. */
function undoParts(stdout: string): { baseline: string; after: string } {
  const m = /^@@lvslab baseline\n([\s\S]*?)^@@lvslab after\n([\s\S]*?)^@@lvslab end$/m.exec(stdout);
  assert.ok(m, 'the undo output has its three marks');
  return { baseline: m[1], after: m[2] };
}

describe('node dump', () => {
  test('a real baseline parses into its seven sections, and is already canonical: formatting it gives the same bytes', () => {
    for (const name of ['dr-node01', 'dr-node02', 'nat-node01', 'nat-node02', 'tun-node01', 'tun-node02']) {
      const text = fixture(`node-dump-${name}-baseline.txt`);
      const dump = parseDump(text);
      assert.deepEqual(Object.keys(dump), [...DUMP_SECTIONS]);
      assert.equal(formatDump(dump), text, name);
    }
  });

  test("the DR real server's baseline: no VIP, ARP at the kernel's defaults, nothing listening, Debian's page", () => {
    const d = parseDump(fixture('node-dump-dr-node02-baseline.txt'));
    assert.deepEqual(d.addr, ['eth0 192.168.150.12/24 brd 192.168.150.255 scope global eth0', 'lo 127.0.0.1/8 scope host lo']);
    assert.deepEqual(d.route, ['192.168.150.0/24 dev eth0 proto kernel scope link src 192.168.150.12', 'default via 192.168.150.1 dev eth0']);
    assert.ok(d.link.includes('tunl0 <NOARP> mtu 1480 link/ipip'), 'tunl0 down');
    for (const k of ['all/arp_ignore', 'all/arp_announce', 'eth0/arp_ignore', 'eth0/arp_announce']) assert.ok(d.sysctl.includes(`net/ipv4/conf/${k}=0`), k);
    assert.deepEqual(d.ipvs, []);
    // Docker's DNS resolver (127.0.0.11 on a port Docker picks at each start) is left out.
    assert.deepEqual(d.listen, []);
    assert.equal(d.file.length, 2);
    assert.match(d.file.find((l) => l.startsWith('/var/www/html/index.html')) ?? '', /^\/var\/www\/html\/index\.html [0-9a-f]{64}$/);
  });

  test('normalizing ignores line order within a section, spacing and CRLF: a reversed, re-spaced dump gives the same bytes', () => {
    const text = fixture('node-dump-nat-node01-done.txt');
    const out: string[] = [];
    let section: string[] = [];
    for (const line of text.trimEnd().split('\n')) {
      if (/^[[#]/.test(line)) {
        out.push(...section.reverse(), line);
        section = [];
      } else section.push(`  ${line.replace(/ /g, '   ')}\t`);
    }
    out.push(...section.reverse());
    const messy = `${out.join('\r\n')}\r\n\r\n`;
    assert.notEqual(messy, text);
    assert.equal(normalizeDump(messy), text);
  });

  test('what is not a dump is refused: another first line, an unknown section, a section missing or twice', () => {
    const text = fixture('node-dump-dr-node01-baseline.txt');
    assert.throws(() => parseDump(fixture('ipvsadm-Ln-dr.txt')), /not a node dump/);
    assert.throws(() => parseDump(text.replace('[ipvs]', '[conns]')), /unknown section \[conns\]/);
    assert.throws(() => parseDump(text.replace('[listen]\n', '')), /no section \[listen\]/);
    assert.throws(() => parseDump(`${text}[file]\n`), /\[file\] twice/);
    assert.throws(() => parseDump(text.replace('[link]\n', '')), /a line before any section/);
    assert.equal(text.split('\n')[0], DUMP_HEADER);
  });
});

describe('comparing dumps', () => {
  test('a dump compared with itself differs in nothing', () => {
    const d = parseDump(fixture('node-dump-tun-node02-done.txt'));
    assert.deepEqual(compareDumps(d, d), []);
  });

  test("TUN real server after its steps: exactly the steps' traces (tunl0 up with the VIP, ARP, httpd listening, the page)", () => {
    const base = parseDump(fixture('node-dump-tun-node02-baseline.txt'));
    const done = parseDump(fixture('node-dump-tun-node02-done.txt'));
    const diffs = compareDumps(base, done);
    assert.deepEqual(
      diffs.map((d) => `${d.kind} ${d.section} ${d.line.replace(/[0-9a-f]{64}/, 'SHA')}`),
      [
        'missing link tunl0 <NOARP> mtu 1480 link/ipip',
        'extra link tunl0 <NOARP,UP,LOWER_UP> mtu 1480 link/ipip',
        'extra addr tunl0 192.168.153.100/32 scope global tunl0',
        'missing sysctl net/ipv4/conf/all/arp_announce=0',
        'missing sysctl net/ipv4/conf/all/arp_ignore=0',
        'missing sysctl net/ipv4/conf/eth0/arp_announce=0',
        'missing sysctl net/ipv4/conf/eth0/arp_ignore=0',
        'extra sysctl net/ipv4/conf/all/arp_announce=2',
        'extra sysctl net/ipv4/conf/all/arp_ignore=1',
        'extra sysctl net/ipv4/conf/eth0/arp_announce=2',
        'extra sysctl net/ipv4/conf/eth0/arp_ignore=1',
        'extra listen 0.0.0.0:80',
        'missing file /var/www/html/index.html SHA',
        'extra file /var/www/html/index.html SHA',
      ],
    );
  });

  test('NAT: the real server routes through the director, the director holds the VIP and the IPVS rules', () => {
    const rs = compareDumps(parseDump(fixture('node-dump-nat-node02-baseline.txt')), parseDump(fixture('node-dump-nat-node02-done.txt')));
    assert.deepEqual(
      rs.filter((d) => d.section === 'route'),
      [
        { section: 'route', kind: 'missing', line: 'default via 192.168.152.1 dev eth0' },
        { section: 'route', kind: 'extra', line: 'default via 192.168.152.11 dev eth0' },
      ],
    );
    const dir = compareDumps(parseDump(fixture('node-dump-nat-node01-baseline.txt')), parseDump(fixture('node-dump-nat-node01-done.txt')));
    assert.deepEqual(
      dir.map((d) => `${d.kind} ${d.section} ${d.line}`),
      [
        'extra addr eth0 192.168.151.100/24 scope global secondary eth0',
        'extra ipvs -A -t 192.168.151.100:80 -s wrr',
        'extra ipvs -a -t 192.168.151.100:80 -r 192.168.152.12:80 -m -w 3',
        'extra ipvs -a -t 192.168.151.100:80 -r 192.168.152.13:80 -m -w 1',
      ],
    );
  });

  test('the differences in a few words, cut after a few', () => {
    const diffs = compareDumps(parseDump(fixture('node-dump-nat-node01-baseline.txt')), parseDump(fixture('node-dump-nat-node01-done.txt')));
    assert.equal(
      describeDifferences(diffs, 2),
      'addr eth0 192.168.151.100/24 scope global secondary eth0 added; ipvs -A -t 192.168.151.100:80 -s wrr added; and 2 more',
    );
    assert.equal(describeDifferences([]), '');
  });
});

describe('judging an undo run', () => {
  test('every real undo run on dr, nat and tun restored its node: the dump after it is byte-equal to the baseline', () => {
    for (const name of ['dr-node01', 'dr-node02', 'nat-node01', 'nat-node02', 'tun-node01', 'tun-node02']) {
      const stdout = fixture(`node-undo-${name}.txt`);
      const { baseline, after } = undoParts(stdout);
      assert.equal(after, baseline, name);
      const outcome = judgeUndo(ok(stdout));
      assert.equal(outcome.kind, 'restored', name);
    }
  });

  test('the baseline inside an undo run is the one the node took when it was created', () => {
    for (const name of ['nat-node01', 'nat-node02', 'tun-node01', 'tun-node02']) {
      assert.equal(undoParts(fixture(`node-undo-${name}.txt`)).baseline, fixture(`node-dump-${name}-baseline.txt`), name);
    }
  });

  test('a dummy interface the undo does not know: its address and route are gone, the link and its sysctls are not, so the node differs', () => {
    const outcome = judgeUndo(ok(fixture('node-undo-dr-node03-dummy.txt')));
    assert.equal(outcome.kind, 'differs');
    if (outcome.kind !== 'differs') return;
    assert.deepEqual(
      outcome.differences.map((d) => `${d.kind} ${d.section} ${d.line}`),
      [
        'extra link dummy0 <BROADCAST,NOARP,UP,LOWER_UP> mtu 1500 link/ether',
        'extra sysctl net/ipv4/conf/dummy0/arp_announce=0',
        'extra sysctl net/ipv4/conf/dummy0/arp_ignore=0',
        'extra sysctl net/ipv4/conf/dummy0/rp_filter=0',
      ],
    );
    assert.match(outcome.reason, /^link dummy0 .* added; sysctl net\/ipv4\/conf\/dummy0\/arp_announce=0 added/);
  });

  test('no baseline on the node, a failed or cut-off run: never taken as restored', () => {
    assert.deepEqual(judgeUndo({ stdout: fixture('node-undo-dr-node02-no-baseline.txt'), stderr: '', exitCode: 3 }), {
      kind: 'no-baseline',
      reason: 'no baseline on the node',
    });
    const real = fixture('node-undo-dr-node02.txt');
    const failed = judgeUndo({ stdout: real, stderr: 'sh: 1: ipvsadm: not found\n', exitCode: 127 });
    assert.equal(failed.kind, 'failed');
    assert.match(failed.kind === 'failed' ? failed.reason : '', /exited 127: sh: 1: ipvsadm: not found/);
    assert.equal(judgeUndo(ok(real.slice(0, real.indexOf('@@lvslab end')))).kind, 'failed');
    const broken = judgeUndo(ok(real.replace(/@@lvslab after\n# lvslab node dump v1\n/, '@@lvslab after\n')));
    assert.deepEqual(broken.kind, 'failed');
  });
});

describe('the scripts', () => {
  test('fixed text run by sh -c, no lab value in them; the dump is the same function in all three', () => {
    for (const argv of [baselineArgv(), undoArgv(), dumpArgv()]) {
      assert.equal(argv[0], 'sh');
      assert.equal(argv[1], '-c');
      assert.equal(argv.length, 4);
      assert.doesNotMatch(argv[2], /192\.168\.|node0\d/);
      assert.match(argv[2], /^lvslab_dump\(\) \{/m);
    }
    assert.match(baselineArgv()[2], /^lvslab_dump > "\$D\/baseline" && lvslab_print "\$D\/baseline"$/m);
    assert.match(undoArgv()[2], /ipvsadm -C/);
  });

  test("the node image makes the baseline's directory (BASELINE_DIR), which the baseline then need not make", () => {
    const dockerfile = readFileSync(new URL('../../src/docker/node-image/Dockerfile', import.meta.url), 'utf8');
    assert.match(dockerfile, new RegExp(`^RUN [^]*?install -d ${BASELINE_DIR} \\\\$`, 'm'));
    assert.match(baselineArgv()[2], /\[ -d "\$D" \] \|\| mkdir -p "\$D"/);
  });

  test('the node image keeps the copies of SAVED_PATHS in BASELINE_DIR, so the baseline is only its dump', () => {
    const dockerfile = readFileSync(new URL('../../src/docker/node-image/Dockerfile', import.meta.url), 'utf8');
    const saved = /^ && saved='([^']*)' \\$/m.exec(dockerfile);
    assert.deepEqual(saved?.[1].split(' '), SAVED_PATHS);
    assert.match(dockerfile, new RegExp(`> ${BASELINE_DIR}/absent \\\\\n && tar -cpf ${BASELINE_DIR}/orig.tar `));
    assert.doesNotMatch(baselineArgv()[2], /\btar |\$D\/(orig\.tar|absent)/);
  });

  test('sh accepts every script (sh -n)', () => {
    for (const argv of [baselineArgv(), undoArgv(), dumpArgv()]) execFileSync('sh', ['-n', '-c', argv[2]]);
  });
});

describe("the undo's awk program on real ip and tc output (mawk, as in the node image)", () => {
  /** Runs the undo mode on `ip` output (links, addresses, routes) and `tc qdisc show` output: the ip batch it prints, the tc batch it sends. */
  const undo = (baseline: string, ip: string, qdiscs = ''): { ip: string; tc: string } => {
    const dir = mkdtempSync(join(tmpdir(), 'lvslab-baseline-'));
    try {
      writeFileSync(join(dir, 'baseline'), baseline);
      const argv = ['-v', 'mode=undo', '-v', `sysroot=${join(dir, 'no-sys')}`, '-v', `tc=cat > ${join(dir, 'tc')}`, UNDO_AWK, join(dir, 'baseline'), '-'];
      const out = execFileSync('awk', argv, { input: `@ip\n${ip}@tc\n${qdiscs}`, env: { ...process.env, LC_ALL: 'C' } }).toString();
      return { ip: out, tc: existsSync(join(dir, 'tc')) ? readFileSync(join(dir, 'tc'), 'utf8') : '' };
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
  const done = (lab: string, node: string) => fixture(`ip-links-${lab}-${node}-done.txt`) + fixture(`ip-routes-${lab}-${node}-done.txt`);

  test('TUN real server after its steps: tunl0 down, its VIP removed; nothing to add back', () => {
    const out = undo(fixture('node-dump-tun-node02-baseline.txt'), done('tun', 'node02'));
    assert.deepEqual(out, { ip: 'link set dev tunl0 down\naddr del 192.168.153.100/32 dev tunl0\n', tc: '' });
  });

  test('DR real server: the hidden VIP removed from lo (label lo:0)', () => {
    const out = undo(fixture('node-dump-dr-node02-baseline.txt'), done('dr', 'node02'));
    assert.equal(out.ip, 'addr del 192.168.150.100/32 dev lo\n');
  });

  test('a baseline address gone is put back with its broadcast, scope and label', () => {
    const withoutEth0 = done('dr', 'node02')
      .split('\n')
      .filter((l) => !/ eth0 +inet /.test(l))
      .join('\n');
    const out = undo(fixture('node-dump-dr-node02-baseline.txt'), withoutEth0);
    assert.equal(out.ip, 'addr del 192.168.150.100/32 dev lo\naddr add 192.168.150.12/24 dev eth0 brd 192.168.150.255 scope global label eth0\n');
  });

  test("NAT real server: the default route through the director replaced by the baseline's", () => {
    const out = undo(fixture('node-dump-nat-node02-baseline.txt'), done('nat', 'node02'));
    assert.equal(out.ip, 'route del default via 192.168.152.11 dev eth0\nroute add default via 192.168.152.1 dev eth0\n');
  });

  test("a drill's qdiscs (cut-off: netem root and ingress) are sent to tc for deletion; the default noqueue is not", () => {
    const out = undo(fixture('node-dump-dr-node02-baseline.txt'), fixture('ip-dr-node02-baseline.txt'), fixture('tc-qdisc-dr-node02-cut-off.txt'));
    assert.deepEqual(out, { ip: '', tc: 'qdisc del dev eth0 root\nqdisc del dev eth0 ingress\n' });
  });

  /** The DR real server's sysctls, done by its steps, under a fake /proc/sys; `run` gets its path and the baseline's. */
  function withDoneSysctls(run: (root: string, baselineFile: string) => void, check: (root: string, sysctls: string[], unchanged: number) => void) {
    const root = mkdtempSync(join(tmpdir(), 'lvslab-sysroot-'));
    const dir = mkdtempSync(join(tmpdir(), 'lvslab-baseline-'));
    try {
      const baseline = fixture('node-dump-dr-node02-baseline.txt');
      const sysctls = baseline.split('[sysctl]\n')[1].split('\n[')[0].trim().split('\n');
      const done = new Map([
        ['net/ipv4/conf/all/arp_ignore', '1'],
        ['net/ipv4/conf/all/arp_announce', '2'],
      ]);
      for (const line of sysctls) {
        const [key, value] = line.split('=');
        if (key === 'net/ipv4/conf/default/rp_filter') continue;
        mkdirSync(join(root, dirname(key)), { recursive: true });
        writeFileSync(join(root, key), `${done.get(key) ?? value}\n`);
      }
      const unchanged = statSync(join(root, 'net/ipv4/conf/lo/arp_ignore')).mtimeMs;
      writeFileSync(join(dir, 'baseline'), baseline);
      run(root, join(dir, 'baseline'));
      check(root, sysctls, unchanged);
    } finally {
      rmSync(root, { recursive: true, force: true });
      rmSync(dir, { recursive: true, force: true });
    }
  }

  const restored = (root: string, sysctls: string[], unchanged: number) => {
    for (const line of sysctls) {
      const [key, value] = line.split('=');
      if (key !== 'net/ipv4/conf/default/rp_filter') assert.equal(readFileSync(join(root, key), 'utf8'), `${value}\n`, key);
    }
    assert.ok(
      sysctls.some((l) => l.startsWith('net/ipv4/conf/default/rp_filter=')),
      'the baseline has the one left out',
    );
    assert.equal(existsSync(join(root, 'net/ipv4/conf/default/rp_filter')), false, 'a sysctl it cannot read is not created');
    assert.equal(statSync(join(root, 'net/ipv4/conf/lo/arp_ignore')).mtimeMs, unchanged, 'an equal value is not written');
  };

  test("the undo writes back only the sysctls that differ from the DR real server's baseline, and skips one it cannot read", () => {
    const ip = done('dr', 'node02');
    withDoneSysctls(
      (root, file) => execFileSync('awk', ['-v', 'mode=undo', '-v', `sysroot=${root}`, UNDO_AWK, file, '-'], { input: `@ip\n${ip}@tc\n` }),
      restored,
    );
    assert.match(undoArgv()[2], /awk -v mode=undo /);
  });

  test('an unchanged node needs nothing', () => {
    const out = undo(fixture('node-dump-dr-node02-baseline.txt'), fixture('ip-dr-node02-baseline.txt'), fixture('tc-qdisc-dr-node02-baseline.txt'));
    assert.deepEqual(out, { ip: '', tc: '' });
  });
});
