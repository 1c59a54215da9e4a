import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { resolveLab } from '../../src/core/labLoader';
import { planSteps } from '../../src/core/plan';
import { stepInfo } from '../../src/core/step';

const labsDir = join(__dirname, '..', '..', 'labs');
const plan = (name: string) => planSteps(resolveLab(name, labsDir)).map(stepInfo);

describe('step planning', () => {
  test("DR: the handbook's steps in its order, with the errata applied", () => {
    const steps = plan('dr');
    assert.deepEqual(
      steps.map((s) => [s.id, s.node, s.commands]),
      [
        [
          'node02.arp',
          'node02',
          ['sysctl -w net.ipv4.conf.eth0.arp_ignore=1 net.ipv4.conf.all.arp_ignore=1 net.ipv4.conf.eth0.arp_announce=2 net.ipv4.conf.all.arp_announce=2'],
        ],
        ['node02.vip', 'node02', ['ip addr replace 192.168.150.100/32 dev lo label lo:0']],
        ['node02.httpd', 'node02', ["sh -c 'hostname > /var/www/html/index.html'", 'apachectl start']],
        [
          'node03.arp',
          'node03',
          ['sysctl -w net.ipv4.conf.eth0.arp_ignore=1 net.ipv4.conf.all.arp_ignore=1 net.ipv4.conf.eth0.arp_announce=2 net.ipv4.conf.all.arp_announce=2'],
        ],
        ['node03.vip', 'node03', ['ip addr replace 192.168.150.100/32 dev lo label lo:0']],
        ['node03.httpd', 'node03', ["sh -c 'hostname > /var/www/html/index.html'", 'apachectl start']],
        ['node01.vip', 'node01', ['ip addr replace 192.168.150.100/24 dev eth0']],
        ['node01.service', 'node01', ['ipvsadm -A -t 192.168.150.100:80 -s rr']],
        ['node01.real-node02', 'node01', ['ipvsadm -a -t 192.168.150.100:80 -r 192.168.150.12:80 -g -w 1']],
        ['node01.real-node03', 'node01', ['ipvsadm -a -t 192.168.150.100:80 -r 192.168.150.13:80 -g -w 1']],
      ],
    );
    assert.equal(
      steps[0].check,
      'sysctl -n net.ipv4.conf.eth0.arp_ignore net.ipv4.conf.all.arp_ignore net.ipv4.conf.eth0.arp_announce net.ipv4.conf.all.arp_announce',
    );
    assert.equal(steps[1].check, 'ip -4 -o addr show dev lo');
    assert.equal(steps[7].check, 'ipvsadm -Ln');
  });

  test('NAT: real servers route through the director, which forwards; weights 3:1 with -m', () => {
    const steps = plan('nat');
    assert.deepEqual(
      steps.map((s) => s.id),
      [
        'node02.gateway',
        'node02.httpd',
        'node03.gateway',
        'node03.httpd',
        'node01.vip',
        'node01.forward',
        'node01.service',
        'node01.real-node02',
        'node01.real-node03',
      ],
    );
    assert.deepEqual(steps[0].commands, ['ip route replace default via 192.168.152.11']);
    assert.deepEqual(steps[5].commands, ['sysctl -w net.ipv4.ip_forward=1']);
    assert.deepEqual(steps[7].commands, ['ipvsadm -a -t 192.168.151.100:80 -r 192.168.152.12:80 -m -w 3']);
    assert.deepEqual(steps[8].commands, ['ipvsadm -a -t 192.168.151.100:80 -r 192.168.152.13:80 -m -w 1']);
  });

  test('TUN: tunl0 holds the VIP, rp_filter off, real servers added with -i', () => {
    const steps = plan('tun');
    assert.deepEqual(
      steps.slice(0, 4).map((s) => s.id),
      ['node02.arp', 'node02.tunnel', 'node02.rp_filter', 'node02.httpd'],
    );
    assert.deepEqual(steps[1].commands, ['ip link set tunl0 up', 'ip addr replace 192.168.153.100/32 dev tunl0']);
    assert.deepEqual(steps[2].commands, ['sysctl -w net.ipv4.conf.all.rp_filter=0 net.ipv4.conf.tunl0.rp_filter=0 net.ipv4.conf.eth0.rp_filter=0']);
    assert.deepEqual(steps.at(-1)!.commands, ['ipvsadm -a -t 192.168.153.100:80 -r 192.168.153.13:80 -i -w 1']);
    assert.equal(steps.find((s) => s.id === 'node01.service')!.commands[0], 'ipvsadm -A -t 192.168.153.100:80 -s sh');
  });

  test('step ids are unique and stable', () => {
    for (const lab of ['dr', 'nat', 'tun']) {
      const ids = plan(lab).map((s) => s.id);
      assert.equal(new Set(ids).size, ids.length, lab);
    }
  });

  test("every step of every mode says its goal without its commands, and keeps the handbook's Chinese apart from the errata", () => {
    for (const mode of ['dr', 'nat', 'tun']) {
      for (const s of plan(mode)) {
        assert.ok(s.goal.startsWith(`${s.node} must `), `${s.id}: ${s.goal}`);
        const tools = new Set(s.commands.flatMap((c) => c.split(' ')[0]));
        for (const tool of tools) assert.ok(!s.goal.includes(`${tool} `), `${s.id}'s goal names ${tool}: ${s.goal}`);
        assert.ok(s.handbook === '' || /[\u4e00-\u9fff]/.test(s.handbook), `${s.id}: the handbook's own words are Chinese`);
        assert.ok(!/erratum/i.test(s.handbook), `${s.id}: no erratum inside the handbook's words`);
        assert.ok(s.handbook || s.note, `${s.id} has the handbook's words or a note`);
      }
    }
    const dr = plan('dr');
    assert.equal(
      dr.find((s) => s.id === 'node01.real-node02')?.goal,
      'node01 must send port 80 of the VIP to node02 (192.168.150.12) by direct routing, weight 1',
    );
    assert.equal(dr.find((s) => s.id === 'node02.vip')?.note, 'Erratum 1: the mask is 255.255.255.255 (/32), and the VIP goes on an alias of lo (lo:0)');
  });
});
