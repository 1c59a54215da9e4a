// The walkthrough "Learn LVS with the handbook" (issue 12): its steps in the handbook's order, and when each
// lab step counts as done. One definition: package.json's walkthrough, the context keys the extension sets and
// the tests are all checked against WALKTHROUGH_STEPS. No vscode import: the progress is computed from what the
// lab service read on the nodes.
import type { StepState } from './engine';
import { serviceKey } from './l4';
import { realServers, type Lab, type Role } from './lab';
import type { NodeState } from './nodeState';
import { realServerAddress } from './plan';
import type { ServiceView } from './serviceView';

export const WALKTHROUGH_ID = 'handbook';

/** The lab's steps (src/core/plan.ts) a walkthrough step stands for: every step of this role and kind. */
export interface StepGoal {
  role: Role;
  /** The part of a step id after `<node>.`, up to a `-`: `arp`, `vip`, `httpd`, `service`, `real`. */
  kind: string;
}

/**
 * How a lab step's completion is read on the nodes. `up`: every node's container runs; `steps`: every plan step
 * of the goal passes its check; `balanced`: the director's counters show connections to every real server.
 */
export type Completion = { by: 'up' } | { by: 'steps'; goal: StepGoal } | { by: 'balanced' };

export interface WalkthroughStep {
  id: string;
  /** The picture, under src/extension/media/walkthrough/ (shipped as dist/media/walkthrough/). */
  media: string;
  /** The command the step's button runs, with its arguments. */
  command?: { id: string; args?: unknown[] };
  /** Lab steps only: completes when the nodes show it, not when the button is pressed. */
  completion?: Completion;
}

/** The command that runs a lab step's plan steps, given the walkthrough step's id. */
export const RUN_GOAL_COMMAND = 'lvsLab.walkthrough.runStep';
/** The command that starts the handbook's lab without running its steps. */
export const START_COMMAND = 'lvsLab.walkthrough.start';
/** The load test the last step's button sends: few requests, so it is quick on a slow engine. */
export const WALKTHROUGH_LOAD = { requests: 20, concurrency: 4 } as const;

const goal = (id: string, role: Role, kind: string): WalkthroughStep => ({
  id,
  media: `${id}.svg`,
  command: { id: RUN_GOAL_COMMAND, args: [id] },
  completion: { by: 'steps', goal: { role, kind } },
});

export const WALKTHROUGH_STEPS: readonly WalkthroughStep[] = [
  // Theory, as the handbook opens: addresses, layers, ARP, why L4 is fast, the modes, the schedulers.
  { id: 'subnet', media: 'subnet.svg' },
  { id: 'layers', media: 'layers.svg', command: { id: 'lvsLab.trace' } },
  { id: 'arp', media: 'arp.svg', command: { id: 'lvsLab.arpExperiment' } },
  { id: 'l4', media: 'l4.svg', command: { id: 'lvsLab.l4' } },
  { id: 'modes', media: 'modes.svg' },
  { id: 'schedulers', media: 'schedulers.svg', command: { id: 'lvsLab.changeScheduler' } },
  // The handbook's DR lab (实验手册), its steps in its order.
  { id: 'labStart', media: 'labStart.svg', command: { id: START_COMMAND }, completion: { by: 'up' } },
  goal('labArp', 'real', 'arp'),
  goal('labHiddenVip', 'real', 'vip'),
  goal('labHttpd', 'real', 'httpd'),
  goal('labDirectorVip', 'director', 'vip'),
  goal('labService', 'director', 'service'),
  goal('labEntries', 'director', 'real'),
  {
    id: 'labLoadTest',
    media: 'labLoadTest.svg',
    command: { id: 'lvsLab.loadTest', args: [WALKTHROUGH_LOAD.requests, WALKTHROUGH_LOAD.concurrency] },
    completion: { by: 'balanced' },
  },
];

/** The context key a step's completion event waits for. */
export const contextKey = (stepId: string): string => `lvsLab.walkthrough.${stepId}`;

/** The kind of a plan step id: `node02.arp` → arp, `node01.real-node02` → real. */
export function stepKind(stepId: string, node: string): string {
  return stepId.slice(node.length + 1).replace(/-.*$/, '');
}

/** The plan steps a goal stands for, in plan order. */
export function goalSteps(lab: Lab, steps: readonly Pick<StepState, 'id' | 'node'>[], g: StepGoal): string[] {
  const role = new Map(lab.nodes.map((n) => [n.name, n.role]));
  return steps.filter((s) => role.get(s.node) === g.role && stepKind(s.id, s.node) === g.kind).map((s) => s.id);
}

/** What the walkthrough's completion reads: the lab's nodes and steps, and the director's services when read. */
export interface WalkthroughInput {
  lab: Lab;
  nodes: readonly NodeState[];
  steps: readonly StepState[];
  services?: readonly ServiceView[];
}

/** Whether a lab step is done on the nodes now. */
export function isComplete(completion: Completion, input: WalkthroughInput): boolean {
  switch (completion.by) {
    case 'up':
      return input.nodes.length > 0 && input.nodes.every((n) => n.state === 'running');
    case 'steps': {
      const ids = new Set(goalSteps(input.lab, input.steps, completion.goal));
      return ids.size > 0 && input.steps.filter((s) => ids.has(s.id)).every((s) => s.status === 'done');
    }
    case 'balanced':
      return isBalanced(input.lab, input.services ?? []);
  }
}

/** The director's service for the lab's VIP has forwarded at least one connection to every real server. */
export function isBalanced(lab: Lab, services: readonly ServiceView[]): boolean {
  const svc = services.find((s) => s.key === serviceKey(lab));
  const reals = realServers(lab);
  if (!svc || reals.length === 0) return false;
  const conns = (address: string) => svc.destinations.find((d) => d.address === address)?.stats?.conns ?? 0;
  return reals.every((rs) => conns(`${realServerAddress(lab, rs)}:${lab.service.port}`) > 0);
}

/** Every lab step's context key and whether it is done now. */
export function walkthroughProgress(input: WalkthroughInput): Record<string, boolean> {
  return Object.fromEntries(WALKTHROUGH_STEPS.flatMap((s) => (s.completion ? [[contextKey(s.id), isComplete(s.completion, input)]] : [])));
}

/** Whether the last lab step needs the director's counters read: everything before it is done and it is not. */
export function needsServices(input: WalkthroughInput): boolean {
  return WALKTHROUGH_STEPS.every((s) => !s.completion || s.completion.by === 'balanced' || isComplete(s.completion, input));
}
