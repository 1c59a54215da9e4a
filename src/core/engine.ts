// Runs and checks steps against real nodes. A step's status always comes from its
// check run on the node now; nothing is remembered between calls.
import type { ExecResult, NodeExecutor } from './exec';
import type { Step, StepStatus } from './step';

export interface StepState {
  id: string;
  node: string;
  status: StepStatus;
  detail: string;
  /** True when `run` found the step already done and ran nothing. */
  skipped?: boolean;
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
    const before = await this.check(step);
    if (before.status === 'done') return { ...before, skipped: true };
    if (before.status === 'failed') return before;
    const failure = await this.apply(step, before.status);
    if (failure) return failure;
    const after = await this.check(step);
    if (after.status === 'done' || after.status === 'failed') return after;
    return { ...after, status: 'failed', detail: `ran, but the check still says ${after.status}: ${after.detail}` };
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

  /**
   * Runs every step: each node's steps in the handbook's order, nodes in parallel
   * (no step needs another node's state to succeed).
   */
  async runAll(onStep?: (state: StepState) => void, signal?: AbortSignal): Promise<StepState[]> {
    const states = await Promise.all([...this.byNode().keys()].map((node) => this.runNode(node, onStep, signal)));
    return this.inPlanOrder(states.flat());
  }

  /** States sorted back into the handbook's order of the steps. */
  inPlanOrder(states: StepState[]): StepState[] {
    return this.steps.flatMap((s) => states.find((x) => x.id === s.id) ?? []);
  }

  /**
   * One node's steps. Checks are reads, so all of the node's checks run at once
   * before (steps sharing a check command read it once) and again after; the
   * commands run one step after another in the handbook's order, stopping at the
   * first that fails.
   */
  async runNode(node: string, onStep?: (state: StepState) => void, signal?: AbortSignal): Promise<StepState[]> {
    const steps = this.byNode().get(node) ?? [];
    const readsBefore = new Map<string, Promise<ExecResult>>();
    const before = await Promise.all(steps.map((step) => this.check(step, readsBefore)));
    const states = new Map<string, StepState>();
    const ran: Step[] = [];
    for (const [i, step] of steps.entries()) {
      signal?.throwIfAborted();
      const b = before[i];
      if (b.status === 'done') {
        states.set(step.id, { ...b, skipped: true });
        continue;
      }
      const failure = b.status === 'failed' ? b : await this.apply(step, b.status);
      if (failure) {
        states.set(step.id, failure);
        break;
      }
      ran.push(step);
    }
    const readsAfter = new Map<string, Promise<ExecResult>>();
    const after = await Promise.all(ran.map((step) => this.check(step, readsAfter)));
    for (const a of after) {
      const ok = a.status === 'done' || a.status === 'failed';
      states.set(a.id, ok ? a : { ...a, status: 'failed', detail: `ran, but the check still says ${a.status}: ${a.detail}` });
    }
    const result = steps.flatMap((s) => states.get(s.id) ?? []);
    for (const state of result) onStep?.(state);
    return result;
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
