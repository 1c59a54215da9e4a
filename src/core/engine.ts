// Runs and checks steps against real nodes. A step's status always comes from its
// check run on the node now; nothing is remembered between calls.
import type { ExecResult, NodeExecutor } from './exec';
import type { Step, StepStatus } from './step';

export interface StepState {
  id: string;
  node: string;
  status: StepStatus;
  detail: string;
  /** True when a run found the step already done and ran nothing. */
  skipped?: boolean;
  /** True when a run did not reach the step because one before it on its node failed. */
  notRun?: boolean;
}

export interface EngineOptions {
  timeoutMs?: number;
}

export class StepEngine {
  private readonly timeoutMs: number;

  constructor(
    private readonly executor: NodeExecutor,
    readonly steps: Step[],
    options: EngineOptions = {},
  ) {
    this.timeoutMs = options.timeoutMs ?? 30_000;
  }

  find(id: string): Step {
    const step = this.steps.find((s) => s.id === id);
    if (!step) throw new Error(`No step "${id}"; the steps are ${this.steps.map((s) => s.id).join(', ')}`);
    return step;
  }

  /** Checks one step; `cache` lets steps sharing a check command on a node read it once. */
  async check(step: Step, cache?: Map<string, Promise<ExecResult>>): Promise<StepState> {
    const base = { id: step.id, node: step.node };
    try {
      const key = `${step.node}\0${step.check.argv.join('\0')}`;
      let result = cache?.get(key);
      if (!result) {
        result = this.exec(step.node, step.check.argv);
        cache?.set(key, result);
      }
      const verdict = step.check.judge(await result);
      return { ...base, ...verdict };
    } catch (e) {
      return { ...base, status: 'failed', detail: messageOf(e) };
    }
  }

  /**
   * Every step's status: nodes are read in parallel, each node's checks in order.
   * `unreachable` names steps that cannot be checked (their node is not running) and
   * why; they are pending, since nothing of theirs can exist there.
   */
  async statusAll(unreachable?: (step: Step) => string | undefined): Promise<StepState[]> {
    const cache = new Map<string, Promise<ExecResult>>();
    const byId = new Map<string, StepState>();
    await Promise.all(
      [...this.byNode().values()].map(async (steps) => {
        for (const step of steps) {
          const why = unreachable?.(step);
          byId.set(step.id, why ? { id: step.id, node: step.node, status: 'pending', detail: why } : await this.check(step, cache));
        }
      }),
    );
    return this.steps.map((s) => byId.get(s.id)!);
  }

  /** Runs a step unless its check says done; running it twice is harmless. */
  async run(step: Step): Promise<StepState> {
    const [state] = await this.runSteps([step]);
    return state;
  }

  /** Every step: each node's steps in the handbook's order, nodes in parallel. */
  runAll(onStep?: (state: StepState) => void, signal?: AbortSignal): Promise<StepState[]> {
    return this.runSteps(this.steps, onStep, signal);
  }

  /** One node's steps, in the handbook's order. */
  runNode(node: string, onStep?: (state: StepState) => void, signal?: AbortSignal): Promise<StepState[]> {
    return this.runSteps(this.byNode().get(node) ?? [], onStep, signal);
  }

  /** States sorted back into the handbook's order of the steps. */
  inPlanOrder(states: StepState[]): StepState[] {
    return this.steps.flatMap((s) => states.find((x) => x.id === s.id) ?? []);
  }

  /**
   * The one way steps run. Nodes run in parallel (no step needs another node's state
   * to succeed). On a node, all checks are read at once before (steps sharing a check
   * command read it once) and again after; the commands run one step after another,
   * and after the first failure the node's remaining steps are reported as not run.
   */
  private async runSteps(steps: Step[], onStep?: (state: StepState) => void, signal?: AbortSignal): Promise<StepState[]> {
    const groups = new Map<string, Step[]>();
    for (const step of steps) groups.set(step.node, [...(groups.get(step.node) ?? []), step]);
    const states = await Promise.all([...groups.values()].map((mine) => this.runOnNode(mine, signal)));
    const result = this.inPlanOrder(states.flat());
    for (const state of result) onStep?.(state);
    return result;
  }

  private async runOnNode(steps: Step[], signal?: AbortSignal): Promise<StepState[]> {
    const readsBefore = new Map<string, Promise<ExecResult>>();
    const before = await Promise.all(steps.map((step) => this.check(step, readsBefore)));
    const states = new Map<string, StepState>();
    const ran: Step[] = [];
    let failed: StepState | undefined;
    for (const [i, step] of steps.entries()) {
      const b = before[i];
      if (b.status === 'done') {
        states.set(step.id, { ...b, skipped: true });
      } else if (failed) {
        states.set(step.id, { ...b, notRun: true, detail: `not run: ${failed.id} failed before it` });
      } else {
        signal?.throwIfAborted();
        failed = b.status === 'failed' ? b : await this.apply(step, b.status);
        if (failed) states.set(step.id, failed);
        else ran.push(step);
      }
    }
    const readsAfter = new Map<string, Promise<ExecResult>>();
    const after = await Promise.all(ran.map((step) => this.check(step, readsAfter)));
    for (const a of after) {
      const settled = a.status === 'done' || a.status === 'failed';
      states.set(a.id, settled ? a : { ...a, status: 'failed', detail: `ran, but the check still says ${a.status}: ${a.detail}` });
    }
    return steps.map((s) => states.get(s.id)!);
  }

  /** The step's commands (its repair when drifted), in order; a failure state, or undefined. */
  private async apply(step: Step, status: 'pending' | 'drifted'): Promise<StepState | undefined> {
    const commands = status === 'drifted' ? (step.repair ?? step.commands) : step.commands;
    for (const argv of commands) {
      let result: ExecResult;
      try {
        result = await this.exec(step.node, argv);
      } catch (e) {
        return { id: step.id, node: step.node, status: 'failed', detail: messageOf(e) };
      }
      if (result.exitCode !== 0) {
        const why = (result.stderr || result.stdout).trim() || `exit code ${result.exitCode}`;
        return { id: step.id, node: step.node, status: 'failed', detail: `${argv[0]}: ${why}` };
      }
    }
    return undefined;
  }

  private byNode(): Map<string, Step[]> {
    const groups = new Map<string, Step[]>();
    for (const step of this.steps) groups.set(step.node, [...(groups.get(step.node) ?? []), step]);
    return groups;
  }

  private exec(node: string, argv: string[]): Promise<ExecResult> {
    return this.executor.exec(node, argv, { timeoutMs: this.timeoutMs });
  }
}

export function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
