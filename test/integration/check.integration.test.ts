// The lab checker on real IPVS (issue 12): the DR lab done by hand — the handbook's own commands typed
// into the nodes (ifconfig, echo > /proc, ipvsadm), not the project's steps — is graded step by step with
// the proof read from each node, then the VIP answering, the rr split and OutPkts 0 on the director.
// One setting put wrong fails the check and names the step.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type Docker from 'dockerode';
import type { Grade } from '../../src/core/grade';
import { cli } from '../support/cli';
import { dockerFor, ensureEngine } from '../support/engine';
import { fromTheFile, inNode } from './helpers';

const LAB = ['--lab', 'dr'];
const VIP = '192.168.150.100';
let docker: Docker;

/** What a learner types in each node, following the handbook (with its errata: /32 on lo, node03 is .13). */
const BY_HAND: Array<[string, string]> = [
  ...['node02', 'node03'].flatMap((n): Array<[string, string]> => [
    [
      n,
      'echo 1 > /proc/sys/net/ipv4/conf/eth0/arp_ignore; echo 1 > /proc/sys/net/ipv4/conf/all/arp_ignore; echo 2 > /proc/sys/net/ipv4/conf/eth0/arp_announce; echo 2 > /proc/sys/net/ipv4/conf/all/arp_announce',
    ],
    [n, `ifconfig lo:8 ${VIP} netmask 255.255.255.255`],
    [n, `echo ${n} > /var/www/html/index.html && apachectl start`],
  ]),
  ['node01', `ifconfig eth0:8 ${VIP}/24 up`],
  ['node01', `ipvsadm -A -t ${VIP}:80 -s rr`],
  ['node01', `ipvsadm -a -t ${VIP}:80 -r 192.168.150.12 -g -w 1`],
  ['node01', `ipvsadm -a -t ${VIP}:80 -r 192.168.150.13 -g -w 1`],
];

async function check(): Promise<{ code: number; grade: Grade }> {
  const r = await cli(['check', ...LAB, '--json']);
  assert.ok(r.stdout.trim(), `check printed nothing: ${r.stderr}`);
  return { code: r.code, grade: JSON.parse(r.stdout) as Grade };
}

describe('lvs-lab check on real IPVS', { timeout: 30 * 60_000 }, () => {
  before(async () => {
    docker = dockerFor(await ensureEngine());
    await fromTheFile('dr');
    const reset = await cli(['reset', ...LAB]);
    assert.equal(reset.code, 0, reset.stderr);
  });

  after(async () => {
    await cli(['down', ...LAB]);
  });

  test('the DR lab done by hand passes: every step with its proof, 20/20 answered, the rr split, OutPkts 0', async () => {
    const fresh = await check();
    assert.equal(fresh.code, 1, 'a fresh lab does not pass');
    assert.ok(fresh.grade.steps.every((s) => s.status === 'pending'));

    for (const [node, line] of BY_HAND) await inNode(docker, 'dr', node, ['sh', '-c', line]);
    const { code, grade } = await check();
    assert.equal(code, 0, JSON.stringify(grade, null, 1));
    assert.equal(grade.passed, true);
    assert.equal(grade.steps.length, 10);
    const proof = Object.fromEntries(grade.steps.map((s) => [s.id, s.proof]));
    assert.equal(proof['node02.vip'], `${VIP}/32 on lo`);
    assert.equal(proof['node03.httpd'], 'answers "node03"');
    assert.equal(proof['node01.real-node03'], '192.168.150.13:80 Route weight 1');
    assert.deepEqual(
      grade.claims.map((c) => c.ok),
      [true, true, true, true],
    );
    assert.match(grade.claims[1].evidence, /^20\/20 answered \(node02 10 · node03 10\)$/);
    assert.match(grade.claims[3].evidence, /OutPkts \+0 on the director/);
  });

  test('arp_ignore set to 2 on node02: not passed, node02.arp drifted, the VIP not tried', async () => {
    for (const [node, line] of BY_HAND) await inNode(docker, 'dr', node, ['sh', '-c', `${line} 2>/dev/null || true`]);
    await inNode(docker, 'dr', 'node02', ['sysctl', '-w', 'net.ipv4.conf.eth0.arp_ignore=2']);
    const { code, grade } = await check();
    assert.equal(code, 1);
    assert.deepEqual(
      grade.steps.filter((s) => s.status !== 'done').map((s) => [s.id, s.status]),
      [['node02.arp', 'drifted']],
    );
    assert.match(grade.steps.find((s) => s.id === 'node02.arp')!.proof, /net\.ipv4\.conf\.eth0\.arp_ignore=2/);
    assert.deepEqual(
      grade.claims.map((c) => [c.claim, c.ok]),
      [
        ['every step is done, checked on its node', false],
        ['the VIP answers (not tried: the steps are not all done)', false],
      ],
    );
    await inNode(docker, 'dr', 'node02', ['sysctl', '-w', 'net.ipv4.conf.eth0.arp_ignore=1']);
  });
});
