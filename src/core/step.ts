// A lab step: what the handbook says to do on one node, the exact commands, and a
// check that reads the node's real state back.
import { join } from 'shlex';
import type { ExecResult } from './exec';

export type StepStatus = 'pending' | 'done' | 'failed' | 'drifted';

export interface Verdict {
  status: 'pending' | 'done' | 'drifted';
  detail: string;
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
  /** The handbook's own words for this step. */
  handbook: string;
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
  handbook: string;
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
    handbook: step.handbook,
    commands: step.commands.map(display),
    check: display(step.check.argv),
  };
}
