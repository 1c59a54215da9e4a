// The lab checker's judgement (grade.ts) on real captures of a DR lab: 6 requests from the client
// (curl-*-dr-6.txt) and the director's tables right after (ipvsadm-Ln-*-dr.txt, 10.77.2.100:80).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import type { StepState } from '../../src/core/engine';
import { gradeLab, type LabProof } from '../../src/core/grade';
import type { Lab } from '../../src/core/lab';
import { combine, parseBodies } from '../../src/core/loadTest';
import { summarizeLoad } from '../../src/core/loadStats';
import { parseIpvsadmList, parseIpvsadmRate, parseIpvsadmStats } from '../../src/core/parsers';
import { joinServiceTables } from '../../src/core/serviceView';

const fixture = (name: string) => readFileSync(join(__dirname, '..', 'fixtures', name), 'utf8');
const [after] = joinServiceTables(
  parseIpvsadmList(fixture('ipvsadm-Ln-dr.txt')),
  parseIpvsadmStats(fixture('ipvsadm-Ln-stats-exact-dr.txt')),
  parseIpvsadmRate(fixture('ipvsadm-Ln-rate-exact-dr.txt')),
);
const summary = summarizeLoad(combine(fixture('curl-writeout-dr-6.txt'), parseBodies(fixture('curl-bodies-dr-6.txt'), '/tmp/lvslab-load-fixture')));
const lab = { name: 'capture', mode: 'dr', service: { vip: '10.77.2.100', port: 80 } } as Lab;
const done = (id: string, detail: string): StepState => ({ id, node: id.split('.')[0], status: 'done', detail });
const STEPS = [done('node02.vip', '10.77.2.100/32 on lo'), done('node01.real-node02', '10.77.2.12:80 Route weight 1')];
const INFOS = STEPS.map((s) => ({ id: s.id, node: s.node, title: `title of ${s.id}`, label: '', goal: '', handbook: '', commands: [], check: '' }));
const proof = (p: Partial<LabProof> = {}): LabProof => ({ requests: 6, summary, prediction: null, before: null, after, ...p });

describe('the lab checker', () => {
  test('every step with its proof and title, in order', () => {
    const g = gradeLab(lab, INFOS, STEPS, proof());
    assert.deepEqual(g.steps[0], { id: 'node02.vip', node: 'node02', title: 'title of node02.vip', status: 'done', proof: '10.77.2.100/32 on lo' });
  });

  test('DR: 6/6 answered and OutPkts 0 on the director are shown; without a prediction the split is not', () => {
    const g = gradeLab(lab, INFOS, STEPS, proof());
    assert.deepEqual(
      g.claims.map((c) => [c.ok, c.evidence]),
      [
        [true, '2 of 2 done'],
        [true, '6/6 answered (node02 3 · node03 3)'],
        [false, 'no prediction could be made'],
        [true, 'InPkts +36, OutPkts +0 on the director'],
      ],
    );
    assert.equal(g.passed, false);
  });

  test('NAT with the same counters: the replies did not come back through the director, not shown', () => {
    const claim = gradeLab({ ...lab, mode: 'nat' }, INFOS, STEPS, proof()).claims[3];
    assert.deepEqual([claim.claim, claim.ok], ['NAT: the replies come back through the director', false]);
  });

  test('a step not done: not passed, and the VIP is not tried', () => {
    const steps = [{ ...STEPS[0], status: 'drifted' as const, detail: 'net.ipv4.conf.eth0.arp_ignore=2' }, STEPS[1]];
    const g = gradeLab(lab, INFOS, steps, null);
    assert.equal(g.passed, false);
    assert.deepEqual(
      g.claims.map((c) => [c.claim, c.ok, c.evidence]),
      [
        ['every step is done, checked on its node', false, '1 of 2 done'],
        ['the VIP answers (not tried: the steps are not all done)', false, ''],
      ],
    );
  });
});
