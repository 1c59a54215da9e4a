// The live reader's stream, cut into snapshots as it arrives, on real captures from the
// lab host (test/fixtures/watch-*.txt: three rounds of watchArgv on the DR lab under load).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { ALL_SECTIONS, sectionsFor, SnapshotStream, watchArgv } from '../../src/core/snapshot';

const fixture = (name: string) => readFileSync(join(__dirname, '..', 'fixtures', name), 'utf8');

/** Feeds the text in chunks of `size` characters, as a socket might deliver it. */
function feed(text: string, size: number) {
  const stream = new SnapshotStream();
  const ticks = [];
  for (let i = 0; i < text.length; i += size) ticks.push(...stream.push(text.slice(i, i + size)));
  return ticks;
}

describe('snapshot stream', () => {
  test("the director's three rounds come out as three full snapshots, however the stream is chunked", () => {
    const text = fixture('watch-node01-dr.txt');
    const whole = feed(text, text.length);
    assert.equal(whole.length, 3);
    for (const t of whole) {
      assert.deepEqual(t.snapshot.errors, []);
      assert.ok(t.snapshot.conns && t.snapshot.conns.length > 0, 'connection entries');
      assert.ok(t.snapshot.conns.every((c) => c.virtual.ip === '192.168.150.100' && c.virtual.port === 80));
      assert.equal(t.snapshot.services?.length, 1);
      assert.deepEqual(t.snapshot.services[0].destinations.map((d) => d.address).sort(), ['192.168.150.12:80', '192.168.150.13:80']);
      assert.ok(t.snapshot.sockets, 'netstat sockets');
      assert.ok(t.durationMs > 0 && t.durationMs < 10_000, `round took ${t.durationMs} ms`);
    }
    for (const size of [1, 7, 100, 4096]) assert.deepEqual(feed(text, size), whole, `chunks of ${size}`);
  });

  test('a real server streams only its sockets', () => {
    const ticks = feed(fixture('watch-node02-sockets.txt'), 333);
    assert.equal(ticks.length, 3);
    for (const t of ticks) {
      assert.equal(t.snapshot.conns, undefined);
      assert.ok(
        t.snapshot.sockets?.some((s) => s.local.port === 80 && s.state === 'LISTEN'),
        'httpd listens on :80',
      );
    }
  });

  test('a round cut off mid-way waits for the rest', () => {
    const text = fixture('watch-node01-dr.txt');
    const cut = text.indexOf('<<<lvslab tick');
    const stream = new SnapshotStream();
    assert.deepEqual(stream.push(text.slice(0, cut)), []);
    assert.equal(stream.push(text.slice(cut)).length, 3);
  });

  test('the sections read follow the watchers: IPVS only on the director, the connection table always asked for', () => {
    assert.deepEqual(sectionsFor('director', ['conns']), ['conns']);
    assert.deepEqual(sectionsFor('real', ['conns']), []);
    assert.deepEqual(sectionsFor('real', ALL_SECTIONS), ['sockets']);
    const argv = watchArgv(['conns'], 1000, 3600);
    assert.deepEqual(argv.slice(0, 4), ['timeout', '3600', 'sh', '-c']);
    assert.match(argv[4], /ipvsadm -Lnc/);
    assert.doesNotMatch(argv[4], /netstat/);
  });
});
