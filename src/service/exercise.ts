// Exercise mode's record on the director, read with the lab's live changes in one exec (the
// status path reads both every few seconds) and written only when it changed.
import { execBatch, type NodeExecutor } from '../core/exec';
import { parseExercise, readExerciseArgv, writeExerciseArgv, type ExerciseRecord } from '../core/exercise';
import { director, type Lab } from '../core/lab';
import { applyChanges, parseChanges, readChangesArgv } from '../core/labChanges';

export interface DirectorRecords {
  /** The lab as the user now wants it: the file with the changes recorded on the director. */
  desired: Lab;
  /** The exercise, or null when the lab is not in exercise mode. */
  exercise: ExerciseRecord | null;
}

/** The director's two records in one exec. */
export async function readDirectorRecords(nodes: NodeExecutor, lab: Lab, timeoutMs: number): Promise<DirectorRecords> {
  const [changes, exercise] = await execBatch(nodes, director(lab).name, [
    { argv: readChangesArgv(), timeoutMs },
    { argv: readExerciseArgv(), timeoutMs },
  ]);
  if (!changes || !exercise) throw new Error(`could not read the lab's records on ${director(lab).name}`);
  return { desired: applyChanges(lab, parseChanges(lab, changes)), exercise: parseExercise(exercise) };
}

export async function writeExercise(nodes: NodeExecutor, lab: Lab, record: ExerciseRecord, timeoutMs: number): Promise<void> {
  const node = director(lab).name;
  const r = await nodes.exec(node, writeExerciseArgv(record), { timeoutMs });
  if (r.exitCode !== 0) throw new Error(`could not record the exercise on ${node}: ${(r.stderr || r.stdout).trim() || `exit code ${r.exitCode}`}`);
}
