// What the Lab tree shows, as plain data (no vscode import) so it is testable:
// the lab → its nodes → each node's steps, all from the last read of the real lab.
import * as l10n from '@vscode/l10n';
import { stepStatusWord, type StepState } from '../core/engine';
import { realServers, roleWord, type Lab } from '../core/lab';
import { SCHEDULER_INFO } from '../core/schedulers/info';
import type { StepInfo } from '../core/step';
import { containerStateWord, type NodeState } from '../core/nodeState';

import { hintOf, type ExerciseRecord } from '../core/exercise';
import { exerciseStepNode } from './exerciseTree';

export interface Icon {
  id: string;
  color?: string;
}

export interface TreeNode {
  kind: 'lab' | 'service' | 'node' | 'step' | 'message';
  id: string;
  label: string;
  description?: string;
  /** Markdown. */
  tooltip?: string;
  contextValue?: string;
  icon: Icon;
  children: TreeNode[];
  /** For step items: the step id; for node items: the node name. */
  ref?: string;
}

const NODE_ICON: Record<NodeState['state'], Icon> = {
  running: { id: 'vm-running', color: 'testing.iconPassed' },
  stopped: { id: 'vm-outline', color: 'list.warningForeground' },
  missing: { id: 'vm-outline', color: 'disabledForeground' },
};

const STEP_ICON: Record<StepState['status'], Icon> = {
  done: { id: 'pass-filled', color: 'testing.iconPassed' },
  pending: { id: 'circle-large-outline' },
  failed: { id: 'error', color: 'testing.iconFailed' },
  drifted: { id: 'warning', color: 'list.warningForeground' },
};

export function buildTree(
  lab: Lab,
  steps: StepInfo[],
  status: { nodes: NodeState[]; steps: StepState[]; exercise?: ExerciseRecord | null } | undefined,
  error?: string,
): TreeNode[] {
  const stateOf = new Map(status?.steps.map((s) => [s.id, s]));
  const nodes = lab.nodes.map((node): TreeNode => {
    const ns = status?.nodes.find((n) => n.name === node.name);
    const state = ns?.state ?? 'missing';
    const mine = steps.filter((s) => s.node === node.name);
    const doneCount = mine.filter((s) => stateOf.get(s.id)?.status === 'done').length;
    return {
      kind: 'node',
      id: `node:${node.name}`,
      ref: node.name,
      label: node.name,
      description: `${roleWord(node.role)} · ${Object.values(node.addresses).join(', ')} · ${containerStateWord(state)}`,
      tooltip: [
        `**${node.name}** — ${node.role === 'real' ? l10n.t('real server, weight {0}', node.weight ?? 1) : roleWord(node.role)}`,
        l10n.t(
          'Addresses: {0}',
          Object.entries(node.addresses)
            .map(([net, ip]) => `${ip} (${net})`)
            .join(', '),
        ),
        l10n.t('Container: {0} — {1}', `\`${ns?.containerName ?? '-'}\``, containerStateWord(state)),
        mine.length ? l10n.t('Steps: {0}/{1} done', doneCount, mine.length) : l10n.t('No steps: the client only sends requests'),
      ].join('\n\n'),
      // Real servers get `.real` for their weight action.
      contextValue: `node.${state}${node.role === 'real' ? '.real' : ''}`,
      icon: NODE_ICON[state],
      children: mine.map((step) => (status?.exercise ? exerciseStepNode(step, stateOf.get(step.id), status.exercise) : stepNode(step, stateOf.get(step.id)))),
    };
  });
  const doneAll = steps.filter((s) => stateOf.get(s.id)?.status === 'done').length;
  const labNode: TreeNode = {
    kind: 'lab',
    id: `lab:${lab.name}`,
    label: lab.title,
    description: `${lab.mode.toUpperCase()} · ${lab.scheduler} · ${lab.service.vip}:${lab.service.port}${status?.exercise ? ` · ${l10n.t('exercise')}` : ''}`,
    tooltip: [
      `**${lab.title}**`,
      lab.description ?? '',
      l10n.t('Lab file: {0}', `\`${lab.file}\``),
      status ? l10n.t('Steps: {0}/{1} done', doneAll, steps.length) : l10n.t('Not read yet'),
    ]
      .filter(Boolean)
      .join('\n\n'),
    contextValue: 'lab',
    icon: { id: 'server-environment' },
    children: [serviceNode(lab), ...nodes],
  };
  const out = [labNode];
  if (error)
    out.push({
      kind: 'message',
      id: 'error',
      label: l10n.t('Could not read the lab'),
      description: error,
      tooltip: error,
      icon: { id: 'error', color: 'errorForeground' },
      children: [],
    });
  return out;
}

/** The virtual service as the user now wants it: scheduler, persistence and weights, changeable from here. */
function serviceNode(lab: Lab): TreeNode {
  const { vip, port, persistence } = lab.service;
  const info = SCHEDULER_INFO[lab.scheduler];
  const weights = realServers(lab)
    .map((n) => `${n.name} ${n.weight ?? 1}`)
    .join(', ');
  return {
    kind: 'service',
    id: `service:${lab.name}`,
    label: `TCP ${vip}:${port}`,
    description: `${lab.scheduler} · ${persistence ? l10n.t('persistent {0} s', persistence) : l10n.t('not persistent')}`,
    tooltip: [
      l10n.t('**Virtual service** TCP {0}', `${vip}:${port}`),
      l10n.t('Scheduler **{0}** ({1}): {2}', lab.scheduler, info.name, info.explanation),
      l10n.t('Weights: {0}', weights),
    ].join('\n\n'),
    contextValue: 'service',
    icon: { id: 'symbol-event' },
    children: [],
  };
}

function stepNode(step: StepInfo, state: StepState | undefined): TreeNode {
  const status = state?.status ?? 'pending';
  const what = step.id.slice(step.node.length + 1);
  return {
    kind: 'step',
    id: `step:${step.id}`,
    ref: step.id,
    label: step.label,
    description: stepStatusWord(status),
    tooltip: [
      `**${step.title}** (\`${step.id}\`) — ${stepStatusWord(status)}${state?.detail ? `: ${state.detail}` : ''}`,
      l10n.t('Handbook: {0}', hintOf(step)),
      `${l10n.t('Runs on {0}:', step.node)}\n\n${step.commands.map((c) => `    ${c}`).join('\n')}`,
      `${l10n.t('Checked with:')}\n\n    ${step.check}`,
    ].join('\n\n'),
    contextValue: `step.${status}.${what}`,
    icon: STEP_ICON[status],
    children: [],
  };
}
