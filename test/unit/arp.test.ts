import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { arpExperimentArgv, parseArpExperiment } from '../../src/core/arp';

const fixture = (name: string) => readFileSync(join(__dirname, '..', 'fixtures', name), 'utf8');
const VIP = '10.93.0.100';
// The capture lab's MACs, read from /sys/class/net/eth0/address on each node.
const MACS = new Map([
  ['02:42:0a:5d:00:0a', 'client'],
  ['02:42:0a:5d:00:0b', 'node01'],
  ['02:42:0a:5d:00:0c', 'node02'],
  ['02:42:0a:5d:00:0d', 'node03'],
]);

describe('the ARP experiment, on captures from a DR lab', () => {
  test("with the handbook's settings only the director answers for the VIP, and the client sends to it", () => {
    const r = parseArpExperiment(fixture('arp-dr-hidden.txt'), VIP, MACS);
    assert.deepEqual(r, {
      requests: 1,
      answers: [{ mac: '02:42:0a:5d:00:0b', node: 'node01' }],
      neighbour: { mac: '02:42:0a:5d:00:0b', node: 'node01' },
      pingOk: true,
    });
  });

  test('with arp_ignore and arp_announce back at 0 on node02, node02 answers too, first, and wins the neighbour table', () => {
    const r = parseArpExperiment(fixture('arp-dr-node02-unhidden.txt'), VIP, MACS);
    assert.deepEqual(
      r.answers.map((a) => a.node),
      ['node02', 'node01'],
    );
    assert.equal(r.neighbour?.node, 'node02');
  });

  test('replies for another address are not answers for the VIP; a MAC of no node is named null', () => {
    const text = fixture('arp-dr-node02-unhidden.txt').replaceAll(`Reply ${VIP} is-at 02:42:0a:5d:00:0c`, 'Reply 10.93.0.99 is-at 02:42:0a:5d:00:0c');
    assert.deepEqual(
      parseArpExperiment(text, VIP, MACS).answers.map((a) => a.node),
      ['node01'],
    );
    assert.equal(parseArpExperiment(fixture('arp-dr-hidden.txt'), VIP, new Map()).answers[0].node, null);
  });

  test('output without its sections is an error that quotes it', () => {
    assert.throws(() => parseArpExperiment('sh: tcpdump: not found\n', VIP, MACS), /printed no "capture" section: sh: tcpdump: not found/);
  });

  test('the VIP and the device go in as arguments, not into the script', () => {
    const argv = arpExperimentArgv(VIP, 'eth0');
    assert.deepEqual(argv.slice(-2), [VIP, 'eth0']);
    assert.doesNotMatch(argv[2], /10\.93|eth0/);
  });
});
