// Runs and checks steps against real nodes. A step's status always comes from its
// check run on the node now; nothing is remembered between calls. A node's checks go
// in one batch, and its commands with their checks in one more (only that one on a node
// just created), all in one session where the runtime offers them (see batch.ts, exec.ts).
import * as l10n from '@vscode/l10n';
import type { BatchItem } from './batch';
import { execBatch, inSession, type Batch, type ExecResult, type NodeExecutor } from './exec';
import type { Role } from './lab';
import type { Step, StepStatus } from './step';

export interface StepState {
  id: string;
  node: string;
  status: StepStatus;
  detail: string;
  /** Drifted: what contradicts the step, or that it is only half done (see Verdict). */
  wrong?: string;
  partial?: boolean;
  /** True when a run found the step already done and ran nothing. */
  skipped?: boolean;
  /** True when a run did not reach the step because one before it on its node failed. */
  notRun?: boolean;
}

export interface RunNodeOptions {
  /** Items run first on the node, in its first batch; their results are only logged. */
  prelude?: BatchItem[];
  /** The node was just created from the image: none of its steps has run. */
  fresh?: boolean;
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
    if (!step) throw new Error(l10n.t('No step "{0}"; the steps are {1}', id, this.steps.map((s) => s.id).join(', ')));
    return step;
  }

  /**
   * Every step's status (of the steps on `nodes` when given), nodes read in parallel. `unreachable`
   * names steps that cannot be checked (their node is not running) and why; they are pending,
   * since nothing of theirs can exist there.
   */
  async statusAll(unreachable?: (step: Step) => string | undefined, nodes?: readonly string[]): Promise<StepState[]> {
    const byId = new Map<string, StepState>();
    await Promise.all(
      [...this.byNode()].map(async ([node, steps]) => {
        if (nodes && !nodes.includes(node)) return;
        const readable = steps.filter((step) => {
          const why = unreachable?.(step);
          if (why) byId.set(step.id, { id: step.id, node: step.node, status: 'pending', detail: why });
          return !why;
        });
        for (const state of await this.checkAll(readable)) byId.set(state.id, state);
      }),
    );
    return this.steps.flatMap((s) => byId.get(s.id) ?? []);
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

  /**
   * One node's steps, in the handbook's order. `prelude` runs on the node first, in its
   * first batch (a new node's baseline); its results are only logged. On a `fresh` node,
   * just created from the image, no step has run: its commands go first, with no checks
   * before them, and the checks after them still decide every status.
   */
  async runNode(node: string, onStep?: (state: StepState) => void, signal?: AbortSignal, options: RunNodeOptions = {}): Promise<StepState[]> {
    const steps = this.byNode().get(node) ?? [];
    const prelude = options.prelude ?? [];
    if (steps.length === 0) {
      if (prelude.length) await inSession(this.executor, node, (batch) => batch(prelude));
      return [];
    }
    const states = await this.runOnNode(steps, signal, prelude, options.fresh);
    for (const state of states) onStep?.(state);
    return states;
  }

  /**
   * One node's step statuses, read in one batch after `prelude` (a new node's baseline, its results
   * only logged), in the node's session where the runtime offers one.
   */
  checkNode(node: string, prelude: BatchItem[] = []): Promise<StepState[]> {
    const steps = this.byNode().get(node) ?? [];
    if (steps.length === 0 && prelude.length === 0) return Promise.resolve([]);
    return inSession(this.executor, node, async (batch) => {
      if (steps.length > 0) return this.checkAll(steps, batch, prelude);
      await batch(prelude);
      return [];
    });
  }

  /** What reading a node's statuses runs there: its steps' distinct checks, in the order `readNode` sends them. */
  checkItems(node: string): BatchItem[] {
    return [...uniqueChecks(this.byNode().get(node) ?? []).values()].map((argv) => ({ argv, timeoutMs: this.timeoutMs }));
  }

  /** One node's step statuses, its checks sent through `batch` (one exec where none is given). */
  readNode(node: string, batch?: Batch): Promise<StepState[]> {
    return this.checkAll(this.byNode().get(node) ?? [], batch);
  }

  /**
   * The order new nodes start in (a few at a time, see docker/labRuntime.ts): each runs its steps
   * while later ones start, so the node started last should have the least to do. Real servers
   * first (their steps start httpd, the heaviest of the handbook's steps: ~0.6 CPU-s with its
   * check on the lab host), then the others by their number of steps; ties in lab order.
   */
  startOrder<T extends { name: string; role: Role }>(nodes: T[]): T[] {
    const byNode = this.byNode();
    const real = (n: T) => (n.role === 'real' ? 1 : 0);
    const count = (n: T) => byNode.get(n.name)?.length ?? 0;
    return [...nodes].sort((a, b) => real(b) - real(a) || count(b) - count(a));
  }

  /** States sorted back into the handbook's order of the steps. */
  inPlanOrder(states: StepState[]): StepState[] {
    return this.steps.flatMap((s) => states.find((x) => x.id === s.id) ?? []);
  }

  /** The one way steps run. Nodes run in parallel: no step needs another node's state to succeed. */
  private async runSteps(steps: Step[], onStep?: (state: StepState) => void, signal?: AbortSignal): Promise<StepState[]> {
    const groups = new Map<string, Step[]>();
    for (const step of steps) groups.set(step.node, [...(groups.get(step.node) ?? []), step]);
    const states = await Promise.all([...groups.values()].map((mine) => this.runOnNode(mine, signal)));
    const result = this.inPlanOrder(states.flat());
    for (const state of result) onStep?.(state);
    return result;
  }

  /**
   * One node's steps in the handbook's order: done ones are skipped, the others run up to
   * the first failure (a check that cannot be read, or a command), and the rest are
   * reported as not run.
   */
  private runOnNode(steps: Step[], signal?: AbortSignal, prelude: BatchItem[] = [], fresh = false): Promise<StepState[]> {
    return inSession(this.executor, steps[0].node, async (batch) => {
      // A fresh node has nothing to check yet: its prelude goes with the commands instead.
      const before = fresh ? steps.map(notChecked) : await this.checkAll(steps, batch, prelude);
      const states = new Map<string, StepState>();
      const toRun: { step: Step; before: StepState }[] = [];
      let blocker: StepState | undefined;
      for (const [i, step] of steps.entries()) {
        const b = before[i];
        if (b.status === 'done') states.set(step.id, { ...b, skipped: true });
        else if (blocker) states.set(step.id, notRun(b, blocker));
        else if (b.status === 'failed') states.set(step.id, (blocker = b));
        else toRun.push({ step, before: b });
      }
      signal?.throwIfAborted();
      for (const state of await this.apply(toRun, batch, fresh ? prelude : [])) states.set(state.id, state);
      return steps.map((s) => states.get(s.id)!);
    });
  }

  /** One node's steps checked in one batch (after `prelude`); steps sharing a check command read it once. */
  private async checkAll(steps: Step[], batch?: Batch, prelude: BatchItem[] = []): Promise<StepState[]> {
    if (steps.length === 0) return [];
    const checks = uniqueChecks(steps);
    const items = [...prelude, ...[...checks.values()].map((argv) => ({ argv, timeoutMs: this.timeoutMs }))];
    let results: (ExecResult | undefined)[];
    try {
      results = (await (batch ? batch(items) : execBatch(this.executor, steps[0].node, items))).slice(prelude.length);
    } catch (e) {
      return steps.map((step) => ({ id: step.id, node: step.node, status: 'failed', detail: messageOf(e) }));
    }
    const keys = [...checks.keys()];
    return steps.map((step) => judge(step, results[keys.indexOf(checkKey(step))]));
  }

  /**
   * The steps' commands (their repair when drifted) in order, then their checks, in one
   * round trip. The first failing command fails its step; the steps after it are not run.
   */
  private async apply(toRun: { step: Step; before: StepState }[], batch: Batch, prelude: BatchItem[] = []): Promise<StepState[]> {
    if (toRun.length === 0) return [];
    const commands = toRun.flatMap(({ step, before }) =>
      (before.status === 'drifted' ? (step.repair ?? step.commands) : step.commands).map((argv) => ({ step, argv })),
    );
    const checks = uniqueChecks(toRun.map((t) => t.step));
    const items = [
      ...commands.map(({ argv }) => ({ argv, timeoutMs: this.timeoutMs, stopOnFailure: true })),
      ...[...checks.values()].map((argv) => ({ argv, timeoutMs: this.timeoutMs })),
    ];
    let results: (ExecResult | undefined)[];
    try {
      results = (await batch([...prelude, ...items])).slice(prelude.length);
    } catch (e) {
      const [first, ...rest] = toRun;
      const failed: StepState = { id: first.step.id, node: first.step.node, status: 'failed', detail: messageOf(e) };
      return [failed, ...rest.map((t) => notRun(t.before, failed))];
    }
    const keys = [...checks.keys()];
    let failed: StepState | undefined;
    return toRun.map(({ step, before }) => {
      if (failed) return notRun(before, failed);
      const bad = commands.findIndex((c, i) => c.step === step && results[i]?.exitCode !== 0);
      if (bad >= 0) {
        const r = results[bad];
        const why = r ? (r.stderr || r.stdout).trim() || l10n.t('exit code {0}', r.exitCode) : l10n.t('not run');
        return (failed = { id: step.id, node: step.node, status: 'failed', detail: `${commands[bad].argv[0]}: ${why}` });
      }
      const after = judge(step, results[commands.length + keys.indexOf(checkKey(step))]);
      if (after.status === 'done' || after.status === 'failed') return after;
      return { ...after, status: 'failed', detail: l10n.t('ran, but the check still says {0}: {1}', after.status, after.detail) };
    });
  }

  private byNode(): Map<string, Step[]> {
    const groups = new Map<string, Step[]>();
    for (const step of this.steps) groups.set(step.node, [...(groups.get(step.node) ?? []), step]);
    return groups;
  }
}

/** A step's status as a word for people (the --json output and the protocol keep the status itself). */
export function stepStatusWord(status: StepStatus): string {
  switch (status) {
    case 'done':
      return l10n.t({ message: 'done', args: [], comment: ['a step status'] });
    case 'pending':
      return l10n.t({ message: 'pending', args: [], comment: ['a step status'] });
    case 'drifted':
      return l10n.t({ message: 'drifted', args: [], comment: ['a step status: set, but not as the lab wants'] });
    case 'failed':
      return l10n.t({ message: 'failed', args: [], comment: ['a step status: its check could not be read'] });
  }
}

export function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

const checkKey = (step: Step) => step.check.argv.join('\0');

/** The distinct check commands of some steps, keyed, in first-seen order. */
function uniqueChecks(steps: Step[]): Map<string, string[]> {
  return new Map(steps.map((s) => [checkKey(s), s.check.argv]));
}

/** A step's status from its check's output (a check that did not run, or cannot be read, fails it). */
function judge(step: Step, result: ExecResult | undefined): StepState {
  const base = { id: step.id, node: step.node };
  try {
    if (!result) throw new Error(l10n.t('the check did not run'));
    return { ...base, ...step.check.judge(result) };
  } catch (e) {
    return { ...base, status: 'failed', detail: messageOf(e) };
  }
}

/** A step on a node just created: nothing of it can be there yet. */
function notChecked(step: Step): StepState {
  return { id: step.id, node: step.node, status: 'pending', detail: '' };
}

function notRun(before: StepState, blocker: StepState): StepState {
  return { ...before, notRun: true, detail: l10n.t('not run: {0} failed before it', blocker.id) };
}
