// A trace of a request that got no answer (issue 11): node03 cut off in the DR lab (lvs-lab drill cut-off node03),
// then `lvs-lab trace` until the director picked node03 (capture-lessons.sh).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { resolveLab } from '../../src/core/labLoader';
import { buildTrace, parseRequest } from '../../src/core/trace';

const fixture = (name: string) => readFileSync(join(__dirname, '..', 'fixtures', name), 'utf8');
const NODES = ['client', 'node01', 'node02', 'node03'];

describe('a trace with node03 cut off (DR)', () => {
  test('curl never connected: no source port, so the trace follows the client’s first SYN', () => {
    assert.deepEqual(parseRequest(fixture('trace-dr-cutoff-request.txt')), { status: 0, localPort: 0, page: '' });
  });

  test('the director received the SYN and sent it on to no real server; the lesson says why, not confirmed', () => {
    const raw = Object.fromEntries(NODES.map((n) => [n, fixture(`trace-dr-cutoff-${n}.txt`)]));
    const t = buildTrace(resolveLab('dr'), raw);
    const syn = t.packets.find((p) => p.kinds.includes('SYN'));
    assert.ok(syn);
    assert.equal(syn.hops.filter((h) => h.node === 'node01' && h.direction === 'in').length, 1);
    assert.equal(syn.hops.filter((h) => h.node === 'node01' && h.direction === 'out').length, 0);
    assert.equal(t.lesson.confirmed, false);
    assert.ok(
      t.lesson.evidence.includes(
        "✗ node01 received the SYN and sent it on to no real server: the one it chose did not answer node01's ARP (cut off?), so its entry stays in SYN_RECV",
      ),
      t.lesson.evidence.join('\n'),
    );
    assert.ok(t.lesson.evidence.includes('✗ no response reached the client in the capture'));
  });
});
