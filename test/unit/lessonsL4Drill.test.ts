// The Lessons tab's "director only forwards" and failure-drill messages, built from real NAT captures as the host
// builds them, then checked as the webview checks every message.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { observeDrill } from '../../src/core/drillDiagnosis';
import { buildL4, parseDownloads, serviceKey } from '../../src/core/l4';
import { resolveLab } from '../../src/core/labLoader';
import { summarizeLoad } from '../../src/core/loadStats';
import { combine, parseBodies } from '../../src/core/loadTest';
import { parseIpvsadmConns } from '../../src/core/parsers';
import { parseSnapshot } from '../../src/core/snapshot';
import { drillResultMessage, l4ResultMessage } from '../../src/extension/lessonMessages';
import { parseHostMessage } from '../../src/protocol/messages';

const fixture = (name: string) => readFileSync(join(__dirname, '..', 'fixtures', name), 'utf8');
const nat = resolveLab('nat');

function l4() {
  const service = (name: string) => parseSnapshot(fixture(`l4-nat-${name}.txt`)).services!.find((s) => s.key === serviceKey(nat))!;
  const during = (node: string) => parseSnapshot(fixture(`l4-nat-during-${node}.txt`));
  return buildL4({
    lab: nat,
    sizeBytes: 4 * 1024 * 1024,
    downloads: parseDownloads(fixture('l4-nat-downloads.txt')),
    before: service('before'),
    after: service('after'),
    directorSockets: during('node01').sockets!,
    directorEntries: during('node01').conns!,
    realSockets: { node02: during('node02').sockets!, node03: during('node03').sockets! },
  });
}

describe('lesson messages: the director only forwards, failure drills', () => {
  test("the L4 message shows each real server's connection as client → node, and validates", () => {
    const m = l4ResultMessage(l4());
    assert.deepEqual(m.l4.during.directorSockets, []);
    const node03 = m.l4.during.realServers.find((r) => r.node === 'node03')!;
    assert.equal(node03.connections.length, 1);
    assert.match(node03.connections[0], /^192\.168\.151\.10:\d+ → 192\.168\.152\.13:80$/);
    const parsed = parseHostMessage(m);
    assert.ok(parsed.ok, parsed.ok ? '' : parsed.error);
    assert.ok(!parseHostMessage({ ...m, l4: { ...m.l4, counters: { conns: 4 } } }).ok);
  });

  test("a drill's message carries its findings and table and validates; a drill without a look sends none", () => {
    const results = combine(fixture('drill-nat-cut-off-curl.txt'), parseBodies(fixture('drill-nat-cut-off-bodies.txt'), '/tmp/lvslab-capture'));
    const active = [{ kind: 'cut-off' as const, node: 'node03', devices: ['eth0'] }];
    const observation = observeDrill(nat, active, summarizeLoad(results), results, parseIpvsadmConns(fixture('drill-nat-cut-off-lnc.txt')));
    const m = drillResultMessage({ node: 'node03', kind: 'cut-off', active, observation });
    assert.ok(m);
    assert.deepEqual(m.drill.load, { total: 20, ok: 15, errors: 0, timeouts: 5 });
    const parsed = parseHostMessage(m);
    assert.ok(parsed.ok, parsed.ok ? '' : parsed.error);
    assert.ok(!parseHostMessage({ ...m, drill: { ...m.drill, kind: 'unplug' } }).ok);
    assert.equal(drillResultMessage({ node: 'node03', kind: 'cut-off', active, observation: null }), null);
  });
});
