// The handbook's ARP lesson on real IPVS (issue 11): only the director may answer for the VIP.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { ArpExperiment } from '../../src/service/arpExperiment';
import { cli, cliJson } from '../support/cli';
import { dockerFor, ensureEngine } from '../support/engine';
import { fromTheFile, inNode } from './helpers';

const LAB = ['--lab', 'dr'];

describe('the ARP experiment on real IPVS', { timeout: 20 * 60_000 }, () => {
  let docker: ReturnType<typeof dockerFor>;
  before(async () => {
    docker = dockerFor(await ensureEngine());
  });
  after(async () => {
    await cli(['down', ...LAB]);
  });

  test("DR: with the handbook's settings only the director's MAC answers; with them reverted on node02 node02's MAC answers too; restored, only the director again", async () => {
    await fromTheFile('dr');
    const mac = async (node: string) => (await inNode(docker, 'dr', node, ['cat', '/sys/class/net/eth0/address'])).trim();
    const [node01, node02] = [await mac('node01'), await mac('node02')];
    const r = await cliJson<ArpExperiment>(['arp', '--unhide', 'node02', ...LAB]);
    assert.deepEqual(
      r.hidden.answers.map((a) => [a.mac, a.node]),
      [[node01, 'node01']],
    );
    assert.deepEqual(r.hidden.neighbour, { mac: node01, node: 'node01' });
    assert.deepEqual(r.unhidden?.result.answers.map((a) => a.node).sort(), ['node01', 'node02']);
    assert.ok(r.unhidden?.result.answers.some((a) => a.mac === node02));
    assert.equal(r.restored?.step.status, 'done');
    assert.deepEqual(
      r.restored?.result.answers.map((a) => a.node),
      ['node01'],
    );
    const sysctl = await inNode(docker, 'dr', 'node02', ['sysctl', '-n', 'net.ipv4.conf.all.arp_ignore', 'net.ipv4.conf.all.arp_announce']);
    assert.deepEqual(sysctl.trim().split('\n'), ['1', '2'], "node02's settings are the handbook's again");
  });

  test('NAT: --unhide is refused in one sentence (its real servers hold no VIP)', async () => {
    const r = await cli(['arp', '--unhide', 'node02', '--lab', 'nat']);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /^lvs-lab: in NAT mode the real servers do not hold the VIP, so they have nothing to answer ARP for: try the dr or tun lab\n$/);
  });
});
