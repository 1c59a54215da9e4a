// The director's part of a status read (src/service/statusRead.ts) on outputs captured from the DR lab's
// director after live changes (see test/fixtures/README.md): its records and its checks in one exec,
// the checks judged against what the records changed.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { StepEngine } from '../../src/core/engine';
import type { ExecResult, NodeExecutor } from '../../src/core/exec';
import { EXERCISE_FILE } from '../../src/core/exercise';
import { applyChanges, CHANGES_FILE, parseChanges } from '../../src/core/labChanges';
import { resolveLab } from '../../src/core/labLoader';
import { planSteps } from '../../src/core/plan';
import { readDirectorRecords } from '../../src/service/exercise';
import { readDirector } from '../../src/service/statusRead';

const fixture = (name: string) => readFileSync(join(__dirname, '..', 'fixtures', name), 'utf8');
const ok = (stdout: string): ExecResult => ({ stdout, stderr: '', exitCode: 0 });
const lab = resolveLab('dr', join(__dirname, '..', '..', 'labs'));
const NO_EXERCISE: ExecResult = { stdout: '', stderr: `cat: ${EXERCISE_FILE}: No such file or directory\n`, exitCode: 1 };

/** node01 answering each command from a table; every batch is one round trip, recorded. */
function director(outputs: Record<string, ExecResult>) {
  const trips: string[][] = [];
  const answer = (argv: string[]) => {
    const r = outputs[argv.join(' ')] ?? Object.entries(outputs).find(([k]) => argv.join(' ').startsWith(k))?.[1];
    if (!r) throw new Error(`no output recorded for ${argv.join(' ').slice(0, 60)}`);
    return r;
  };
  const nodes: NodeExecutor = {
    exec: (_node, argv) => Promise.resolve(answer(argv)),
    batch: (node, items) => {
      trips.push(items.map((i) => `${node}: ${i.argv[0]} ${i.argv[1] ?? ''}`.trim()));
      return Promise.resolve(items.map((i) => answer(i.argv)));
    },
  };
  return { nodes, trips };
}

/** As the service does it: the engine of the lab file until the records say otherwise. */
function reader(nodes: NodeExecutor) {
  let engine = new StepEngine(nodes, planSteps(lab));
  return readDirector({
    nodes,
    director: 'node01',
    engine: () => engine,
    readRecords: async (batch) => {
      try {
        const { desired, exercise } = await readDirectorRecords(nodes, lab, 5000, batch);
        engine = new StepEngine(nodes, planSteps(desired));
        return exercise;
      } catch {
        return null;
      }
    },
  });
}

describe("the director's status read", () => {
  test('its records and its checks in one exec; the checks judged against the recorded wrr and weight, not the lab file', async () => {
    const { nodes, trips } = director({
      [`cat ${CHANGES_FILE}`]: ok(fixture('changes-dr-wrr-weights.txt')),
      [`cat ${EXERCISE_FILE}`]: NO_EXERCISE,
      'ip -4 -o addr show dev eth0': ok(fixture('ip-addr-eth0-dr-node01-vip.txt')),
      'ipvsadm -Ln': ok(fixture('ipvsadm-Ln-dr-wrr-weights.txt')),
    });
    const { steps, exercise } = await reader(nodes);
    assert.deepEqual(trips, [['node01: cat /etc/lvslab/changes.json', 'node01: cat /etc/lvslab/exercise.json', 'node01: ip -4', 'node01: ipvsadm -Ln']]);
    assert.equal(exercise, null);
    assert.deepEqual(
      steps.map((s) => [s.id, s.status, s.detail]),
      [
        ['node01.vip', 'done', '192.168.150.100/24 on eth0'],
        ['node01.service', 'done', 'TCP 192.168.150.100:80 wrr'],
        ['node01.real-node02', 'done', '192.168.150.12:80 Route weight 3'],
        ['node01.real-node03', 'done', '192.168.150.13:80 Route weight 1'],
      ],
    );
    // The same output judged by the lab file alone: the scheduler and the weight contradict it.
    const before = await new StepEngine(nodes, planSteps(lab)).readNode('node01');
    assert.deepEqual(
      before.map((s) => s.status),
      ['done', 'drifted', 'drifted', 'done'],
    );
  });

  test('health checks turned on change the check commands: the checks are read again, in a second exec', async () => {
    const { nodes, trips } = director({
      [`cat ${CHANGES_FILE}`]: ok(fixture('changes-dr-health-on.txt')),
      [`cat ${EXERCISE_FILE}`]: NO_EXERCISE,
      'ip -4 -o addr show dev eth0': ok(fixture('ip-addr-eth0-dr-node01-vip.txt')),
      'ipvsadm -Ln': ok(fixture('ipvsadm-Ln-dr-wrr-weights.txt')),
      'sh -c "$@" || exit $?;': ok(fixture('health-entry-dr-wrr-weights.txt')),
      'sh -c if [ -r': ok(fixture('health-dr-wrr-weights.txt')),
    });
    const { steps } = await reader(nodes);
    assert.equal(trips.length, 2, JSON.stringify(trips));
    assert.deepEqual(trips[1], ['node01: ip -4', 'node01: ipvsadm -Ln', 'node01: sh -c', 'node01: sh -c']);
    assert.deepEqual(
      steps.map((s) => [s.id, s.status]),
      [
        ['node01.vip', 'done'],
        ['node01.service', 'done'],
        ['node01.real-node02', 'done'],
        ['node01.real-node03', 'done'],
        ['node01.health', 'done'],
      ],
    );
  });

  test("every kind of live change leaves the other nodes' steps as they were: status reads them without the records", () => {
    const plain = (l: typeof lab) =>
      planSteps(l)
        .filter((step) => step.node !== 'node01')
        .map((step) => JSON.stringify({ id: step.id, commands: step.commands, check: step.check.argv }));
    for (const file of ['changes-dr-wrr-weights.txt', 'changes-dr-health-on.txt']) {
      const changed = applyChanges(lab, parseChanges(lab, ok(fixture(file))));
      assert.deepEqual(plain(changed), plain(lab), file);
    }
    const persistent = applyChanges(lab, { persistence: 60 });
    assert.deepEqual(plain(persistent), plain(lab), 'persistence');
  });

  test('an exec that fails reads nothing: the checks go again on their own and fail with its reason', async () => {
    const nodes: NodeExecutor = {
      exec: () => Promise.reject(new Error('node01 is not running')),
      batch: () => Promise.reject(new Error('node01 is not running')),
    };
    const { steps, exercise } = await reader(nodes);
    assert.equal(exercise, null);
    assert.ok(
      steps.every((s) => s.status === 'failed' && s.detail === 'node01 is not running'),
      JSON.stringify(steps),
    );
  });
});
