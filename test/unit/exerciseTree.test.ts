// The Lab tree of an exercise (exerciseTree.ts through buildTree) on check outputs captured while the
// handbook's lines were typed into the exercise lab (capture-exercise.ts): goals instead of commands,
// a wrong state pending with its hint row, the answer rows after a second, no run action offered.
import '../support/vscodeMock';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import type { StepState } from '../../src/core/engine';
import { observe, startExercise } from '../../src/core/exercise';
import { loadLab } from '../../src/core/labLoader';
import type { NodeState } from '../../src/core/nodeState';
import { planSteps } from '../../src/core/plan';
import { stepInfo } from '../../src/core/step';
import { toTreeItem } from '../../src/extension/labTree';
import { buildTree, type TreeNode } from '../../src/extension/treeModel';

const fixtures = join(__dirname, '..', 'fixtures');
const lab = loadLab(join(fixtures, 'exercise.lvslab.yaml'));
const plan = planSteps(lab);
const infos = plan.map(stepInfo);
const nodes: NodeState[] = lab.nodes.map((n) => ({
  name: n.name,
  role: n.role,
  addresses: n.addresses,
  state: 'running',
  containerName: `lvslab-exercise-${n.name}`,
}));

/** Every step read from a capture: node02.arp and node03.vip from the named ones, the others at the lab's start. */
function states(arp: string, lo: string): StepState[] {
  const read = (id: string, capture: string): StepState => {
    const step = plan.find((s) => s.id === id)!;
    return { id, node: step.node, ...step.check.judge({ exitCode: 0, stdout: readFileSync(join(fixtures, `exercise-${capture}.txt`), 'utf8'), stderr: '' }) };
  };
  return infos.map((i) =>
    i.id === 'node02.arp' ? read(i.id, arp) : i.id === 'node03.vip' ? read(i.id, lo) : { id: i.id, node: i.node, status: 'pending', detail: '' },
  );
}

const stepItem = (tree: TreeNode[], id: string) => tree[0].children.flatMap((n) => n.children).find((c) => c.ref === id)!;

describe('Lab tree in exercise mode', () => {
  test('each step shows its goal, not its commands; no run action; the lab says exercise', () => {
    const s = states('arp-0-default', 'lo-0-default');
    const record = observe(startExercise(s, 'T0'), s, 'T1');
    const tree = buildTree(lab, infos, { nodes, steps: s, exercise: record });
    const arp = stepItem(tree, 'node02.arp');
    assert.equal(arp.label, 'node02 must not answer ARP for the VIP 10.97.0.100, nor announce it, on all and eth0');
    assert.equal(arp.description, 'pending');
    assert.ok(!/sysctl|arp_ignore=1/.test(`${arp.label}${arp.description}${arp.tooltip}`), 'no command before it is earned');
    assert.match(arp.contextValue ?? '', /^exercise\.pending\.arp$/);
    assert.deepEqual(arp.children, []);
    assert.match(tree[0].description ?? '', /· exercise$/);
  });

  test("arp_ignore=2: pending with the handbook's command as a hint row; a second wrong state adds the answer", () => {
    let s = states('arp-wrong-all-2', 'lo-0-default');
    let record = observe(startExercise([], 'T0'), s, 'T1');
    let arp = stepItem(buildTree(lab, infos, { nodes, steps: s, exercise: record }), 'node02.arp');
    assert.equal(arp.description, 'pending · hint shown');
    assert.equal(arp.icon.id, 'lightbulb');
    assert.deepEqual(
      arp.children.map((c) => c.label),
      [
        'Hint: 修改内核: echo 1 > /proc/sys/net/ipv4/conf/eth0/arp_ignore; echo 1 > …/all/arp_ignore; echo 2 > …/eth0/arp_announce; echo 2 > …/all/arp_announce',
      ],
    );
    assert.equal(toTreeItem(arp).collapsibleState, 2, 'expanded, so the hint is seen');

    s = states('arp-wrong-both-2', 'lo-0-default');
    record = observe(record, s, 'T2');
    arp = stepItem(buildTree(lab, infos, { nodes, steps: s, exercise: record }), 'node02.arp');
    assert.equal(arp.description, 'pending · answer shown');
    assert.equal(
      arp.children[1].label,
      'Answer: sysctl -w net.ipv4.conf.eth0.arp_ignore=1 net.ipv4.conf.all.arp_ignore=1 net.ipv4.conf.eth0.arp_announce=2 net.ipv4.conf.all.arp_announce=2',
    );
  });

  test('a step the node now matches is done, saying how, without its hint rows', () => {
    const wrong = states('arp-0-default', 'lo-handbook-mask');
    const record = observe(startExercise([], 'T0'), wrong, 'T1');
    const s = states('arp-4-typed', 'lo-32');
    const tree = buildTree(lab, infos, { nodes, steps: s, exercise: observe(record, s, 'T2') });
    assert.deepEqual(
      ['node02.arp', 'node03.vip'].map((id) => [stepItem(tree, id).description, stepItem(tree, id).icon.id, stepItem(tree, id).children.length]),
      [
        ['done · done by hand', 'pass-filled', 0],
        ['done · done by hand', 'pass-filled', 0],
      ],
    );
  });
});
