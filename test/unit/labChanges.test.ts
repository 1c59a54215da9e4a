import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { serviceCheck } from '../../src/core/checks';
import { applyChanges, changeCommands, describeSettings, parseChanges, withChange, writeChangesArgv, CHANGES_FILE } from '../../src/core/labChanges';
import { resolveLab } from '../../src/core/labLoader';
import { planSteps } from '../../src/core/plan';

const labsDir = join(__dirname, '..', '..', 'labs');
const dr = resolveLab('dr', labsDir);
const nat = resolveLab('nat', labsDir);
const fixture = (name: string) => readFileSync(join(__dirname, '..', 'fixtures', name), 'utf8');
const ok = (stdout: string) => ({ exitCode: 0, stdout, stderr: '' });

describe('live changes: the desired lab', () => {
  test('no changes: the lab file as it is', () => {
    assert.deepEqual(applyChanges(dr, {}), { ...dr, service: { ...dr.service, persistence: undefined, healthCheck: undefined } });
  });

  test('scheduler, one weight and persistence on top of the file', () => {
    const lab = applyChanges(dr, { scheduler: 'wrr', weights: { node02: 3 }, persistence: 60 });
    assert.equal(lab.scheduler, 'wrr');
    assert.equal(lab.service.persistence, 60);
    assert.equal(describeSettings(lab), 'scheduler wrr, weights node02=3 node03=1, persistent 60 s');
  });

  test('persistence 0 turns a persistent service off', () => {
    const sticky = { ...dr, service: { ...dr.service, persistence: 300 } };
    assert.equal(applyChanges(sticky, { persistence: 0 }).service.persistence, undefined);
  });

  test('the plan follows the changes: the service and real server steps and their checks', () => {
    const steps = planSteps(applyChanges(dr, { scheduler: 'sh', weights: { node03: 0 }, persistence: 60 }));
    const service = steps.find((s) => s.id === 'node01.service')!;
    assert.deepEqual(service.commands, [['ipvsadm', '-A', '-t', '192.168.150.100:80', '-s', 'sh', '-p', '60']]);
    const real = steps.find((s) => s.id === 'node01.real-node03')!;
    assert.deepEqual(real.commands, [['ipvsadm', '-a', '-t', '192.168.150.100:80', '-r', '192.168.150.13:80', '-g', '-w', '0']]);
  });
});

describe('live changes: what the director records', () => {
  test('a missing file (cat exits 1) is no changes', () => {
    assert.deepEqual(parseChanges(dr, { exitCode: 1, stdout: '', stderr: `cat: ${CHANGES_FILE}: No such file or directory` }), {});
  });

  test('the record written is the record read', () => {
    const changes = { scheduler: 'wrr' as const, weights: { node02: 3 }, persistence: 60 };
    const argv = writeChangesArgv(changes);
    assert.equal(argv.at(-1), JSON.stringify(changes));
    assert.doesNotMatch(argv[2], /wrr|node02/, 'the values go in as an argument, not in the script');
    assert.deepEqual(parseChanges(dr, ok(`${argv.at(-1)}\n`)), changes);
  });

  test('what does not fit the lab is left out: unknown scheduler, node, bad numbers, not JSON', () => {
    assert.deepEqual(parseChanges(dr, ok('{"scheduler":"fastest","weights":{"node09":2,"node02":-1,"node03":1.5},"persistence":"60"}')), {});
    assert.deepEqual(parseChanges(dr, ok('{"weights":{"node03":0,"client":4}}')), { weights: { node03: 0 } });
    assert.deepEqual(parseChanges(dr, ok('not json')), {});
  });
});

describe('live changes: asked for', () => {
  test('a scheduler that IPVS does not have, a node that is not a real server, weights out of range: one sentence each', () => {
    assert.throws(
      () => withChange(dr, {}, { kind: 'scheduler', scheduler: 'fastest' as never }),
      /"fastest" is not an IPVS scheduler; the schedulers are rr, wrr/,
    );
    assert.throws(
      () => withChange(dr, {}, { kind: 'weight', node: 'node01', weight: 2 }),
      /"node01" is not a real server of dr; its real servers are node02, node03/,
    );
    assert.throws(() => withChange(dr, {}, { kind: 'weight', node: 'node02', weight: 65536 }), /from 0 to 65535/);
    assert.throws(() => withChange(dr, {}, { kind: 'persistence', seconds: 86401 }), /from 1 to 86400, or off/);
  });

  test('the last real server with a weight above 0 cannot go to 0', () => {
    const one = withChange(dr, {}, { kind: 'weight', node: 'node03', weight: 0 });
    assert.throws(() => withChange(dr, one, { kind: 'weight', node: 'node02', weight: 0 }), /at least one real server must keep a weight above 0/);
  });

  test('changes add up: a weight kept when the scheduler changes', () => {
    const a = withChange(nat, {}, { kind: 'weight', node: 'node02', weight: 3 });
    assert.deepEqual(withChange(nat, a, { kind: 'scheduler', scheduler: 'wrr' }), { weights: { node02: 3 }, scheduler: 'wrr' });
  });
});

describe('live changes: the ipvsadm edits', () => {
  test('scheduler: -E with the same persistence; nothing else', () => {
    const before = applyChanges(dr, { persistence: 60 });
    assert.deepEqual(changeCommands(before, applyChanges(dr, { persistence: 60, scheduler: 'sh' })), [
      ['ipvsadm', '-E', '-t', '192.168.150.100:80', '-s', 'sh', '-p', '60'],
    ]);
  });

  test('persistence off: -E without -p', () => {
    assert.deepEqual(changeCommands(applyChanges(dr, { persistence: 60 }), dr), [['ipvsadm', '-E', '-t', '192.168.150.100:80', '-s', 'rr']]);
  });

  test("weight: -e on that real server only, with the mode's forwarding", () => {
    assert.deepEqual(changeCommands(nat, applyChanges(nat, { weights: { node02: 5 } })), [
      [
        'ipvsadm',
        '-e',
        '-t',
        `${nat.service.vip}:${nat.service.port}`,
        '-r',
        `${nat.nodes.find((n) => n.name === 'node02')!.addresses.back}:80`,
        '-m',
        '-w',
        '5',
      ],
    ]);
  });

  test('no difference: no command', () => {
    assert.deepEqual(changeCommands(dr, applyChanges(dr, { scheduler: 'rr', weights: { node02: 1 } })), []);
  });
});

describe('service check with persistence, on captured ipvsadm -Ln', () => {
  const table = ok(fixture('ipvsadm-Ln-mixed.txt'));
  test('scheduler and persistence as wanted: done', () => {
    assert.equal(serviceCheck('10.77.2.101', 80, 'wlc', 50).judge(table).status, 'done');
  });
  test('persistent where none is wanted, or another timeout: drifted, saying so', () => {
    assert.deepEqual(serviceCheck('10.77.2.101', 80, 'wlc').judge(table), { status: 'drifted', detail: 'persistent 50 s, wanted not persistent' });
    assert.equal(serviceCheck('10.77.2.101', 80, 'wlc', 60).judge(table).detail, 'persistent 50 s, wanted persistent 60 s');
  });
  test('not persistent where persistence is wanted: drifted', () => {
    assert.equal(serviceCheck('10.77.2.100', 80, 'rr', 60).judge(table).status, 'drifted');
  });
});
