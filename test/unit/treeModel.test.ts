import '../support/vscodeMock';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import type { StepState } from '../../src/core/engine';
import { resolveLab } from '../../src/core/labLoader';
import { planSteps } from '../../src/core/plan';
import { stepInfo } from '../../src/core/step';
import type { NodeState } from '../../src/core/nodeState';
import { toTreeItem } from '../../src/extension/labTree';
import { applyChanges } from '../../src/core/labChanges';
import { buildTree, type TreeNode } from '../../src/extension/treeModel';

const lab = resolveLab('dr', join(__dirname, '..', '..', 'labs'));
const steps = planSteps(lab).map(stepInfo);

function nodes(state: NodeState['state']): NodeState[] {
  return lab.nodes.map((n) => ({ name: n.name, role: n.role, addresses: n.addresses, state, containerName: `lvslab-dr-${n.name}` }));
}

function stepStates(status: StepState['status'], overrides: Record<string, StepState['status']> = {}): StepState[] {
  return steps.map((s) => ({ id: s.id, node: s.node, status: overrides[s.id] ?? status, detail: 'read from the node' }));
}

/** The lab's node items (its first child is the virtual service). */
const nodesOf = (root: TreeNode) => root.children.filter((n) => n.kind === 'node');

describe('Lab tree model', () => {
  test('lab → nodes → their steps, with mode, VIP and scheduler on the lab', () => {
    const [root] = buildTree(lab, steps, { nodes: nodes('running'), steps: stepStates('done') });
    assert.equal(root.label, 'Handbook DR lab (direct routing, round robin)');
    assert.equal(root.description, 'DR · rr · 192.168.150.100:80');
    assert.deepEqual(
      nodesOf(root).map((n) => [n.label, n.description]),
      [
        ['client', 'client · 192.168.150.10 · running'],
        ['node01', 'director · 192.168.150.11 · running'],
        ['node02', 'real server · 192.168.150.12 · running'],
        ['node03', 'real server · 192.168.150.13 · running'],
      ],
    );
    assert.deepEqual(
      nodesOf(root).map((n) => n.children.length),
      [0, 4, 3, 3],
    );
    assert.deepEqual(
      nodesOf(root)[2].children.map((s) => s.ref),
      ['node02.arp', 'node02.vip', 'node02.httpd'],
    );
    assert.ok(root.children.flatMap((n) => n.children).every((s) => s.description === 'done' && s.icon.id === 'pass-filled'));
  });

  test('step states show as words, icons and context values; the tooltip holds the exact commands', () => {
    const [root] = buildTree(lab, steps, {
      nodes: nodes('running'),
      steps: stepStates('done', { 'node02.vip': 'drifted', 'node01.service': 'failed', 'node03.httpd': 'pending' }),
    });
    const all = root.children.flatMap((n) => n.children);
    const byRef = (ref: string) => all.find((s) => s.ref === ref)!;
    assert.deepEqual([byRef('node02.vip').description, byRef('node02.vip').icon], ['drifted', { id: 'warning', color: 'list.warningForeground' }]);
    assert.deepEqual([byRef('node01.service').description, byRef('node01.service').icon.color], ['failed', 'testing.iconFailed']);
    assert.equal(byRef('node03.httpd').contextValue, 'step.pending.httpd');
    assert.match(byRef('node01.service').tooltip!, /ipvsadm -A -t 192\.168\.150\.100:80 -s rr/);
    assert.match(byRef('node02.vip').tooltip!, /Checked with:\n\n {4}ip -4 -o addr show dev lo/);
  });

  test('node container states: coloured icons and context values for the menus', () => {
    const ns = nodes('running');
    ns[1].state = 'stopped';
    ns[2].state = 'missing';
    const [root] = buildTree(lab, steps, { nodes: ns, steps: stepStates('pending') });
    assert.deepEqual(
      nodesOf(root).map((n) => [n.contextValue, n.icon.color]),
      [
        ['node.running', 'testing.iconPassed'],
        ['node.stopped', 'list.warningForeground'],
        ['node.missing.real', 'disabledForeground'],
        ['node.running.real', 'testing.iconPassed'],
      ],
    );
  });

  test('the virtual service comes first, as the user now wants it: scheduler, persistence, weights', () => {
    const changed = applyChanges(lab, { scheduler: 'wrr', weights: { node02: 3 }, persistence: 60 });
    const [root] = buildTree(changed, planSteps(changed).map(stepInfo), { nodes: nodes('running'), steps: stepStates('done') });
    const service = root.children[0];
    assert.deepEqual(
      [service.kind, service.label, service.description, service.contextValue],
      ['service', 'TCP 192.168.150.100:80', 'wrr · persistent 60 s', 'service'],
    );
    assert.match(service.tooltip!, /Scheduler \*\*wrr\*\* \(weighted round robin\)/);
    assert.match(service.tooltip!, /Weights: node02 3, node03 1/);
    assert.equal(root.description, 'DR · wrr · 192.168.150.100:80');
  });

  test('a read error is shown as its own row', () => {
    const tree = buildTree(lab, steps, undefined, 'connect ECONNREFUSED 127.0.0.1:2375');
    assert.equal(tree.length, 2);
    assert.equal(tree[1].description, 'connect ECONNREFUSED 127.0.0.1:2375');
    assert.ok(tree[0].children.flatMap((n) => n.children).every((s) => s.description === 'pending'));
  });

  test('tree items: expanded parents, leaf steps, theme icons and accessible labels', () => {
    const [root] = buildTree(lab, steps, { nodes: nodes('running'), steps: stepStates('done') });
    const labItem = toTreeItem(root) as unknown as { collapsibleState: number; contextValue: string };
    assert.equal(labItem.collapsibleState, 2);
    assert.equal(labItem.contextValue, 'lab');
    const step = toTreeItem(nodesOf(root)[1].children[0]) as unknown as {
      label: string;
      collapsibleState: number;
      iconPath: { id: string; color: { id: string } };
      accessibilityInformation: { label: string };
    };
    assert.equal(step.collapsibleState, 0);
    assert.equal(step.iconPath.id, 'pass-filled');
    assert.equal(step.iconPath.color.id, 'testing.iconPassed');
    assert.equal(step.accessibilityInformation.label, `${step.label}, done`);
  });
});
