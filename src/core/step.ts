// A lab step: what the handbook says to do on one node, the exact commands, and a
// check that reads the node's real state back.
import { join } from 'shlex';
import type { ExecResult } from './exec';

export type StepStatus = 'pending' | 'done' | 'failed' | 'drifted';

export interface Verdict {
  status: 'pending' | 'done' | 'drifted';
  detail: string;
  /**
   * Drifted only: what on the node contradicts the step (default: the detail). Absent with
   * `partial`: the step is half there and nothing contradicts it (some sysctl keys set, others not).
   */
  wrong?: string;
  partial?: boolean;
}

export interface Check {
  argv: string[];
  judge(result: ExecResult): Verdict;
}

export interface Step {
  /** Stable id, `<node>.<what>`, e.g. `node02.arp`. */
  id: string;
  node: string;
  title: string;
  /** A few words for narrow places (the tree): what the step leaves on the node. */
  label: string;
  /** What the node must achieve, without the commands (what exercise mode shows). */
  goal: string;
  /** The handbook's own words for this step, in Chinese in both languages ('' when it says nothing). */
  handbook: string;
  /** An erratum or remark next to the handbook's words, translated. */
  note?: string;
  /** Run when the check says pending. */
  commands: string[][];
  /** Run when the check says drifted; defaults to `commands`. */
  repair?: string[][];
  check: Check;
}

/** A step as shown to people and sent to the webview: no functions. */
export interface StepInfo {
  id: string;
  node: string;
  title: string;
  label: string;
  goal: string;
  handbook: string;
  note?: string;
  commands: string[];
  check: string;
}

/** The command line as a person would type it. */
export function display(argv: string[]): string {
  return join(argv);
}

export function stepInfo(step: Step): StepInfo {
  return {
    id: step.id,
    node: step.node,
    title: step.title,
    label: step.label,
    goal: step.goal,
    handbook: step.handbook,
    ...(step.note ? { note: step.note } : {}),
    commands: step.commands.map(display),
    check: display(step.check.argv),
  };
}
