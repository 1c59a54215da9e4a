// The director's part of a status read: its records (live changes, the exercise) and its steps' checks
// in one exec. Under emulation an exec costs ~0.6 s, so the director is read once, not twice.
import type { StepEngine, StepState } from '../core/engine';
import { execBatch, type Batch, type ExecResult, type NodeExecutor } from '../core/exec';
import type { ExerciseRecord } from '../core/exercise';

export interface DirectorReadDeps {
  nodes: NodeExecutor;
  director: string;
  /** The engine as it stands: read before the records (their checks) and after (their judges). */
  engine: () => StepEngine;
  /** Reads the director's records through `batch` and applies their live changes; returns the exercise. */
  readRecords: (batch: Batch) => Promise<ExerciseRecord | null>;
}

const key = (argv: string[]) => argv.join('\0');

/**
 * Live changes (scheduler, weights, persistence, health checks) change what the director's checks
 * should find: the checks are judged once the records are applied. A check the changes add, or whose
 * command they change, is read in a second exec.
 */
export async function readDirector(d: DirectorReadDeps): Promise<{ steps: StepState[]; exercise: ExerciseRecord | null }> {
  const checks = d.engine().checkItems(d.director);
  let read: (ExecResult | undefined)[] = [];
  const exercise = await d.readRecords(async (items) => {
    const results = await execBatch(d.nodes, d.director, [...items, ...checks]);
    read = results.slice(items.length);
    return results.slice(0, items.length);
  });
  // Nothing read (the exec failed): the checks go again on their own and say why.
  const had = new Map(read.length === checks.length ? checks.map((c, i) => [key(c.argv), read[i]]) : []);
  const replay: Batch = (items) =>
    items.every((i) => had.has(key(i.argv))) ? Promise.resolve(items.map((i) => had.get(key(i.argv)))) : execBatch(d.nodes, d.director, items);
  return { steps: await d.engine().readNode(d.director, replay), exercise };
}
