import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { StepEngine } from '../../src/core/engine';
import { execBatch, type ExecResult, type NodeExecutor } from '../../src/core/exec';
import { resolveLab } from '../../src/core/labLoader';
import { planSteps } from '../../src/core/plan';

// Outputs captured from the handbook's DR lab on the lab host (see test/fixtures/README.md).
const fixture = (name: string) => readFileSync(join(__dirname, '..', 'fixtures', name), 'utf8');
const lab = resolveLab('dr', join(__dirname, '..', '..', 'labs'));
const steps = planSteps(lab);
const ok = (stdout: string): ExecResult => ({ stdout, stderr: '', exitCode: 0 });

/** Replays real outputs: each node's state is a table from check command to its output now. */
class Replay implements NodeExecutor {
  calls: string[] = [];
  constructor(
    private state: Record<string, Record<string, ExecResult>>,
    private effects: Record<string, () => void> = {},
  ) {}
  exec(node: string, argv: string[]): Promise<ExecResult> {
    const cmd = argv.join(' ');
    this.calls.push(`${node}: ${cmd}`);
    const effect = this.effects[`${node}: ${cmd}`];
    if (effect) {
      effect();
      return Promise.resolve(ok(''));
    }
    const r = this.state[node]?.[cmd];
    if (!r) return Promise.reject(new Error(`no output recorded for ${node}: ${cmd}`));
    return Promise.resolve(r);
  }
  set(node: string, cmd: string, r: ExecResult) {
    this.state[node] = { ...this.state[node], [cmd]: r };
  }
}

const ARP_CHECK = 'sysctl -n net.ipv4.conf.eth0.arp_ignore net.ipv4.conf.all.arp_ignore net.ipv4.conf.eth0.arp_announce net.ipv4.conf.all.arp_announce';
const LO_CHECK = 'ip -4 -o addr show dev lo';
const HTTP_CHECK = 'curl -s -m 3 http://127.0.0.1:80/';

/** Sessions over `replay`: each batch's commands recorded, and how many sessions are open. */
function sessionsOver(replay: Replay) {
  const batches: string[][] = [];
  const sessions = { open: 0 };
  const executor: NodeExecutor = {
    exec: (node, argv) => replay.exec(node, argv),
    session: (node) => {
      sessions.open++;
      return Promise.resolve({
        batch: (items) => {
          batches.push(items.map((i) => i.argv.join(' ')));
          return execBatch(replay, node, items);
        },
        close: () => sessions.open--,
      });
    },
  };
  return { executor, batches, sessions };
}

function realServer(arp: string, lo: string, http: ExecResult) {
  return { [ARP_CHECK]: ok(fixture(arp)), [LO_CHECK]: ok(fixture(lo)), [HTTP_CHECK]: http };
}

describe('step engine on real node output', () => {
  test('status: done, pending and drifted come from what the checks read', async () => {
    const replay = new Replay({
      node02: realServer('sysctl-arp-node02-done.txt', 'ip-addr-lo-node02-vip.txt', ok(fixture('curl-httpd-node02.txt'))),
      node03: realServer('sysctl-arp-node03-drifted.txt', 'ip-addr-lo-client.txt', { stdout: '', stderr: '', exitCode: 7 }),
      node01: {
        'ip -4 -o addr show dev eth0': { stdout: '', stderr: 'Device "eth0" does not exist.', exitCode: 1 },
        'ipvsadm -Ln': ok(fixture('ipvsadm-Ln-handbook-dr.txt')),
      },
    });
    const engine = new StepEngine(replay, steps);
    const states = await engine.statusAll();
    assert.deepEqual(Object.fromEntries(states.map((s) => [s.id, s.status])), {
      'node02.arp': 'done',
      'node02.vip': 'done',
      'node02.httpd': 'done',
      'node03.arp': 'drifted',
      'node03.vip': 'pending',
      'node03.httpd': 'pending',
      'node01.vip': 'failed',
      'node01.service': 'done',
      'node01.real-node02': 'done',
      'node01.real-node03': 'done',
    });
    assert.equal(
      states.find((s) => s.id === 'node03.arp')!.detail,
      'net.ipv4.conf.eth0.arp_ignore=1, net.ipv4.conf.all.arp_ignore=0, net.ipv4.conf.eth0.arp_announce=2, net.ipv4.conf.all.arp_announce=2',
    );
    assert.match(states.find((s) => s.id === 'node01.vip')!.detail, /Device "eth0" does not exist/);
    // The three ipvsadm checks on node01 share one read.
    assert.equal(replay.calls.filter((c) => c === 'node01: ipvsadm -Ln').length, 1);
  });

  test('a node whose steps are all done runs no command', async () => {
    const replay = new Replay({ node02: realServer('sysctl-arp-node02-done.txt', 'ip-addr-lo-node02-vip.txt', ok(fixture('curl-httpd-node02.txt'))) });
    const states = await new StepEngine(replay, steps).runNode('node02');
    assert.ok(states.every((s) => s.status === 'done' && s.skipped));
    assert.deepEqual(replay.calls.sort(), [`node02: ${ARP_CHECK}`, `node02: ${HTTP_CHECK}`, `node02: ${LO_CHECK}`].sort());
  });

  test('pending steps run their commands in order, and are done only when the check then agrees', async () => {
    const replay: Replay = new Replay(
      { node03: realServer('sysctl-arp-client-default.txt', 'ip-addr-lo-client.txt', { stdout: '', stderr: '', exitCode: 7 }) },
      {
        'node03: sysctl -w net.ipv4.conf.eth0.arp_ignore=1 net.ipv4.conf.all.arp_ignore=1 net.ipv4.conf.eth0.arp_announce=2 net.ipv4.conf.all.arp_announce=2':
          () => replay.set('node03', ARP_CHECK, ok(fixture('sysctl-arp-node02-done.txt'))),
        'node03: ip addr replace 192.168.150.100/32 dev lo label lo:0': () => replay.set('node03', LO_CHECK, ok(fixture('ip-addr-lo-node02-vip.txt'))),
        'node03: sh -c hostname > /var/www/html/index.html': () => undefined,
        // httpd "starts" but keeps answering with node02's page: the check must notice.
        'node03: apachectl start': () => replay.set('node03', HTTP_CHECK, ok(fixture('curl-httpd-node02.txt'))),
      },
    );
    const states = await new StepEngine(replay, steps).runNode('node03');
    assert.deepEqual(
      states.map((s) => [s.id, s.status]),
      [
        ['node03.arp', 'done'],
        ['node03.vip', 'done'],
        ['node03.httpd', 'failed'],
      ],
    );
    assert.equal(states[2].detail, 'ran, but the check still says drifted: answers "node02", not "node03"');
    const commands = replay.calls.filter((c) => !c.includes(' -n ') && !c.includes('show dev') && !c.includes('curl'));
    assert.deepEqual(
      commands.map((c) => c.split(' ')[1]),
      ['sysctl', 'ip', 'sh', 'apachectl'],
    );
  });

  test("a failing command fails its step with the command's own words; the node's later steps are reported not run", async () => {
    const replay: Replay = new Replay({ node01: { 'ip -4 -o addr show dev eth0': ok(''), 'ipvsadm -Ln': ok(fixture('ipvsadm-Ln-dr-empty.txt')) } }, {});
    const engine = new StepEngine(
      {
        exec: async (node, argv) => {
          if (argv.join(' ') === 'ip addr replace 192.168.150.100/24 dev eth0') return { stdout: '', stderr: 'Error: ipv4: Address not found.', exitCode: 2 };
          return replay.exec(node, argv);
        },
      },
      steps,
    );
    const states = await engine.runNode('node01');
    assert.deepEqual(
      states.map((s) => [s.id, s.status, s.notRun ?? false, s.detail]),
      [
        ['node01.vip', 'failed', false, 'ip: Error: ipv4: Address not found.'],
        ['node01.service', 'pending', true, 'not run: node01.vip failed before it'],
        ['node01.real-node02', 'pending', true, 'not run: node01.vip failed before it'],
        ['node01.real-node03', 'pending', true, 'not run: node01.vip failed before it'],
      ],
    );
    assert.ok(!replay.calls.some((c) => c.includes('ipvsadm -A')), 'later steps did not run');
  });

  test('with sessions, a node runs in one shell: the prelude and checks in one batch, commands and checks in the next', async () => {
    const replay: Replay = new Replay(
      {
        node02: {
          ...realServer('sysctl-arp-node02-done.txt', 'ip-addr-lo-client.txt', { stdout: '', stderr: '', exitCode: 7 }),
          'baseline now': { stdout: '', stderr: 'disk full', exitCode: 1 },
        },
      },
      {
        'node02: ip addr replace 192.168.150.100/32 dev lo label lo:0': () => replay.set('node02', LO_CHECK, ok(fixture('ip-addr-lo-node02-vip.txt'))),
        'node02: sh -c hostname > /var/www/html/index.html': () => undefined,
        'node02: apachectl start': () => replay.set('node02', HTTP_CHECK, ok(fixture('curl-httpd-node02.txt'))),
      },
    );
    const { executor, batches, sessions } = sessionsOver(replay);
    const states = await new StepEngine(executor, steps).runNode('node02', undefined, undefined, { prelude: [{ argv: ['baseline', 'now'], timeoutMs: 1000 }] });
    assert.deepEqual(
      states.map((s) => [s.id, s.status, Boolean(s.skipped)]),
      [
        ['node02.arp', 'done', true],
        ['node02.vip', 'done', false],
        ['node02.httpd', 'done', false],
      ],
      'a failing prelude does not touch the steps',
    );
    assert.deepEqual(batches, [
      ['baseline now', ARP_CHECK, LO_CHECK, HTTP_CHECK],
      ['ip addr replace 192.168.150.100/32 dev lo label lo:0', 'sh -c hostname > /var/www/html/index.html', 'apachectl start', LO_CHECK, HTTP_CHECK],
    ]);
    assert.equal(sessions.open, 0, 'the session is closed');
  });

  test('a fresh node runs in one batch: the prelude, every command, then the checks that decide the statuses', async () => {
    const replay: Replay = new Replay(
      { node02: realServer('sysctl-arp-client-default.txt', 'ip-addr-lo-client.txt', { stdout: '', stderr: '', exitCode: 7 }) },
      {
        'node02: baseline now': () => undefined,
        'node02: sysctl -w net.ipv4.conf.eth0.arp_ignore=1 net.ipv4.conf.all.arp_ignore=1 net.ipv4.conf.eth0.arp_announce=2 net.ipv4.conf.all.arp_announce=2':
          () => replay.set('node02', ARP_CHECK, ok(fixture('sysctl-arp-node02-done.txt'))),
        'node02: ip addr replace 192.168.150.100/32 dev lo label lo:0': () => undefined,
        'node02: sh -c hostname > /var/www/html/index.html': () => undefined,
        'node02: apachectl start': () => replay.set('node02', HTTP_CHECK, ok(fixture('curl-httpd-node02.txt'))),
      },
    );
    const { executor, batches } = sessionsOver(replay);
    const states = await new StepEngine(executor, steps).runNode('node02', undefined, undefined, {
      prelude: [{ argv: ['baseline', 'now'], timeoutMs: 1000 }],
      fresh: true,
    });
    assert.equal(batches.length, 1, 'one round trip');
    assert.deepEqual(batches[0], [
      'baseline now',
      'sysctl -w net.ipv4.conf.eth0.arp_ignore=1 net.ipv4.conf.all.arp_ignore=1 net.ipv4.conf.eth0.arp_announce=2 net.ipv4.conf.all.arp_announce=2',
      'ip addr replace 192.168.150.100/32 dev lo label lo:0',
      'sh -c hostname > /var/www/html/index.html',
      'apachectl start',
      ARP_CHECK,
      LO_CHECK,
      HTTP_CHECK,
    ]);
    // The VIP command "ran" but the node still shows none: the check after it says so.
    assert.deepEqual(
      states.map((s) => [s.id, s.status, Boolean(s.skipped)]),
      [
        ['node02.arp', 'done', false],
        ['node02.vip', 'failed', false],
        ['node02.httpd', 'done', false],
      ],
    );
    assert.match(states[1].detail, /^ran, but the check still says pending/);
  });

  test("checkNode reads a node's statuses in one batch of its session, after the prelude, and runs no command", async () => {
    const replay = new Replay({
      node02: {
        ...realServer('sysctl-arp-client-default.txt', 'ip-addr-lo-node02-vip.txt', ok(fixture('curl-httpd-node02.txt'))),
        'baseline now': { stdout: '', stderr: 'disk full', exitCode: 1 },
      },
    });
    const { executor, batches, sessions } = sessionsOver(replay);
    const states = await new StepEngine(executor, steps).checkNode('node02', [{ argv: ['baseline', 'now'], timeoutMs: 1000 }]);
    assert.deepEqual(batches, [['baseline now', ARP_CHECK, LO_CHECK, HTTP_CHECK]]);
    assert.deepEqual(
      states.map((s) => [s.id, s.status]),
      [
        ['node02.arp', 'pending'],
        ['node02.vip', 'done'],
        ['node02.httpd', 'done'],
      ],
      'a failing prelude does not touch the statuses',
    );
    assert.equal(sessions.open, 0, 'the session is closed');
  });

  test('checkNode on a node without steps sends its prelude alone, and nothing when there is none', async () => {
    const replay = new Replay({ client: { 'baseline now': ok('') } });
    const { executor, batches } = sessionsOver(replay);
    const engine = new StepEngine(executor, steps);
    assert.deepEqual(await engine.checkNode('client', [{ argv: ['baseline', 'now'], timeoutMs: 1000 }]), []);
    assert.deepEqual(await engine.checkNode('client'), []);
    assert.deepEqual(batches, [['baseline now']]);
  });

  test('start order: real servers first, then the others by their number of steps, ties in lab order', () => {
    const roles = { client: 'client', node01: 'director', node02: 'real', node03: 'real' } as const;
    const nodes = Object.entries(roles).map(([name, role]) => ({ name, role }));
    assert.deepEqual(
      new StepEngine(new Replay({}), steps).startOrder(nodes).map((n) => n.name),
      ['node02', 'node03', 'node01', 'client'],
    );
  });

  test("a session that cannot be opened fails the node's steps with its reason, as a failed batch does", async () => {
    const executor: NodeExecutor = {
      exec: () => Promise.reject(new Error('not used')),
      session: () => Promise.reject(new Error('node02 has no container: bring the lab up first')),
    };
    const states = await new StepEngine(executor, steps).runNode('node02');
    assert.deepEqual(
      states.map((s) => [s.status, s.detail, Boolean(s.notRun)]),
      [
        ['failed', 'node02 has no container: bring the lab up first', false],
        ['failed', 'not run: node02.arp failed before it', true],
        ['failed', 'not run: node02.arp failed before it', true],
      ],
    );
  });
});
