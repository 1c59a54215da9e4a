// Exercise mode in the service: its record on the director, read with the lab's live changes in one
// exec (the status path reads both every few seconds) and written only when it changed.
import * as l10n from '@vscode/l10n';
import type { StepState } from '../core/engine';
import { execBatch, type Batch, type NodeExecutor } from '../core/exec';
import {
  askAnswer,
  exerciseStep,
  observe,
  parseExercise,
  readExerciseArgv,
  recordLabRun,
  startExercise,
  writeExerciseArgv,
  type ExerciseRecord,
  type ExerciseStep,
} from '../core/exercise';
import { director, type Lab } from '../core/lab';
import { applyChanges, parseChanges, readChangesArgv } from '../core/labChanges';
import type { StepInfo } from '../core/step';

export interface DirectorRecords {
  /** The lab as the user now wants it: the file with the changes recorded on the director. */
  desired: Lab;
  /** The exercise, or null when the lab is not in exercise mode. */
  exercise: ExerciseRecord | null;
}

/** The director's two records in one exec (or in one batch of a session, `batch`). */
export async function readDirectorRecords(nodes: NodeExecutor, lab: Lab, timeoutMs: number, batch?: Batch): Promise<DirectorRecords> {
  const items = [
    { argv: readChangesArgv(), timeoutMs },
    { argv: readExerciseArgv(), timeoutMs },
  ];
  const [changes, exercise] = await (batch ? batch(items) : execBatch(nodes, director(lab).name, items));
  if (!changes || !exercise) throw new Error(`could not read the lab's records on ${director(lab).name}`);
  return { desired: applyChanges(lab, parseChanges(lab, changes)), exercise: parseExercise(exercise) };
}

export async function writeExercise(nodes: NodeExecutor, lab: Lab, record: ExerciseRecord, timeoutMs: number): Promise<void> {
  const node = director(lab).name;
  const r = await nodes.exec(node, writeExerciseArgv(record), { timeoutMs });
  if (r.exitCode !== 0) throw new Error(`could not record the exercise on ${node}: ${(r.stderr || r.stdout).trim() || `exit code ${r.exitCode}`}`);
}

export interface ExerciseDeps {
  nodes: NodeExecutor;
  lab: Lab;
  timeoutMs: number;
  /** The director's records read now (the service also takes the live changes from the same read). */
  read: () => Promise<ExerciseRecord | null>;
  /** The lab's steps as people see them. */
  steps: () => StepInfo[];
}

/** What the service does for exercise mode: begin it, record the lab's runs and what reads show, show an answer. */
export class ExerciseKeeper {
  constructor(private readonly d: ExerciseDeps) {}

  private write(record: ExerciseRecord): Promise<void> {
    return writeExercise(this.d.nodes, this.d.lab, record, this.d.timeoutMs);
  }

  /**
   * Exercise mode on (kept as it is when already on): steps done by now (`states`) count as run by the lab.
   * Returns the record with `states` observed in it, as a read of the steps would leave it (one write at most).
   */
  async begin(record: ExerciseRecord | null, states: StepState[], progress?: (message: string) => void): Promise<ExerciseRecord> {
    const begun = record ?? startExercise(states, now());
    const next = observe(begun, states, now());
    if (!record || next !== begun) await this.write(next);
    progress?.(l10n.t('exercise mode: the steps are left to you ({0} of {1} done)', states.filter((s) => s.status === 'done').length, states.length));
    return next;
  }

  /** After a reset (which removes the record): the same exercise, started over. */
  restart(): Promise<void> {
    return this.write(startExercise([], now()));
  }

  /** Steps the lab just ran count as run by the lab; the record is read again, as a read of the nodes may have written it meanwhile. */
  async afterLabRun(before: ExerciseRecord, ran: StepState[], since: string): Promise<void> {
    if (!ran.some((s) => s.status === 'done' && !s.skipped)) return;
    const record = (await this.d.read()) ?? before;
    await this.write(recordLabRun(record, ran, since, now()));
  }

  /** Records what a read of the steps showed (done, a wrong state); writes only when that changed the record. */
  async observe(record: ExerciseRecord, steps: StepState[]): Promise<ExerciseRecord> {
    const next = observe(record, steps, now());
    if (next === record) return record;
    try {
      await this.write(next);
    } catch {
      // Already in the command log; the next read observes the same and writes again.
    }
    return next;
  }

  /** Shows a step's hint and answer, recorded on the director as asked for. */
  async showAnswer(id: string): Promise<ExerciseStep> {
    const record = await this.d.read();
    if (!record) throw new Error(l10n.t('{0} is not in exercise mode: start it as an exercise first', this.d.lab.name));
    const steps = this.d.steps();
    const info = steps.find((s) => s.id === id);
    if (!info) throw new Error(l10n.t('No step "{0}"; the steps are {1}', id, steps.map((s) => s.id).join(', ')));
    const next = askAnswer(record, id, now());
    if (next !== record) await this.write(next);
    return exerciseStep(info, undefined, next);
  }
}

const now = () => new Date().toISOString();
