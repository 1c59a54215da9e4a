import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { buildL4, downloadArgv, parseDownloads, parseSize, serviceKey, type L4Input } from '../../src/core/l4';
import { resolveLab } from '../../src/core/labLoader';
import { parseSnapshot } from '../../src/core/snapshot';

const fixture = (name: string) => readFileSync(join(__dirname, '..', 'fixtures', name), 'utf8');
const MB4 = 4 * 1024 * 1024;

/** One captured run of `lvs-lab l4` (capture-lessons.sh), read as the service reads it. */
function input(labName: string): L4Input {
  const lab = resolveLab(labName);
  const service = (name: string) => parseSnapshot(fixture(`l4-${labName}-${name}.txt`)).services!.find((s) => s.key === serviceKey(lab))!;
  const during = (node: string) => parseSnapshot(fixture(`l4-${labName}-during-${node}.txt`));
  return {
    lab,
    sizeBytes: MB4,
    downloads: parseDownloads(fixture(`l4-${labName}-downloads.txt`)),
    before: service('before'),
    after: service('after'),
    directorSockets: during('node01').sockets!,
    directorEntries: during('node01').conns!,
    realSockets: { node02: during('node02').sockets!, node03: during('node03').sockets! },
  };
}

describe('the director only forwards, on a real NAT run (4 downloads of 4 MB)', () => {
  test('the director has no socket on port 80 while IPVS lists the connections ESTABLISHED; the real servers hold them', () => {
    const l = buildL4(input('nat'));
    assert.deepEqual(l.during.directorSockets, []);
    assert.equal(l.during.directorEstablished, 4);
    assert.deepEqual(
      l.during.realServers.map((r) => [r.node, r.sockets.length]),
      [
        ['node02', 3],
        ['node03', 1],
      ],
    );
  });

  test("NAT: the director's OutBytes grow by at least the 16 MB of responses, and the lesson is confirmed", () => {
    const l = buildL4(input('nat'));
    assert.deepEqual(l.downloads, { requested: 4, ok: 4, bytes: 4 * MB4 });
    assert.ok(l.counters.outBytes >= 4 * MB4, String(l.counters.outBytes));
    assert.ok(l.counters.inBytes < MB4 / 10, String(l.counters.inBytes));
    assert.equal(l.lesson.confirmed, true, l.lesson.evidence.join('\n'));
  });

  test('the same counters under a DR claim do not confirm it: the check reads the bytes, not the mode', () => {
    const i = input('nat');
    const l = buildL4({ ...i, lab: { ...i.lab, mode: 'dr' } });
    assert.equal(l.lesson.confirmed, false);
    assert.ok(l.lesson.evidence.some((e) => e.startsWith("✗ node01's OutBytes grew by")));
  });

  test('a socket on the port on the director, or no connection on the real servers, is not confirmed', () => {
    const i = input('nat');
    const held = i.realSockets.node02.filter((s) => s.state === 'ESTABLISHED' && s.local.port === 80);
    assert.equal(buildL4({ ...i, directorSockets: held }).lesson.confirmed, false);
    assert.equal(buildL4({ ...i, realSockets: { node02: [], node03: [] } }).lesson.confirmed, false);
  });
});

describe('the director only forwards, on a real DR run (4 downloads of 4 MB)', () => {
  test('DR: the director has no socket on port 80, the real servers hold the connections, and its OutBytes do not move: confirmed', () => {
    const l = buildL4(input('dr'));
    assert.deepEqual(l.during.directorSockets, []);
    assert.ok(l.during.realServers.every((r) => r.sockets.length >= 1));
    assert.deepEqual(l.downloads, { requested: 4, ok: 4, bytes: 4 * MB4 });
    assert.equal(l.counters.outBytes, 0);
    assert.equal(l.counters.outPkts, 0);
    assert.ok(l.counters.inBytes > 0 && l.counters.inBytes < MB4 / 4, String(l.counters.inBytes));
    assert.equal(l.lesson.confirmed, true, l.lesson.evidence.join('\n'));
  });
});

describe('the L4 commands', () => {
  test('sizes in K, M, G (powers of 1024) and plain bytes; nonsense and too big refused', () => {
    assert.equal(parseSize('4M'), MB4);
    assert.equal(parseSize('512K'), 512 * 1024);
    assert.equal(parseSize('1048576'), 1048576);
    assert.throws(() => parseSize('4X'), /e\.g\. 4M/);
    assert.throws(() => parseSize('1G'), /256M/);
  });

  test('the download script is fixed text; the count, pacing and URL are its arguments', () => {
    const argv = downloadArgv('192.168.151.100', 80, 4, MB4, 5);
    assert.deepEqual(argv.slice(3), ['lvslab-l4', '4', '16', '0.313', '50', 'http://192.168.151.100:80/lvslab-l4.bin']);
    assert.doesNotMatch(argv[2], /192\.168/);
  });
});
