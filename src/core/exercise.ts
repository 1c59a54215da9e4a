// Exercise mode (issue 12): the steps are left to the learner, who types them into the nodes.
// The record lives on the director (EXERCISE_FILE) so the CLI and VS Code agree: per step, the
// distinct wrong states seen, when the hint and the answer were shown, and how it first turned
// done. A step's status still comes only from its check on the node; the record says how it got there.
import * as l10n from '@vscode/l10n';
import type { StepState } from './engine';
import type { ExecResult } from './exec';
import { CHANGES_DIR } from './labChanges';
import type { StepInfo } from './step';

export const EXERCISE_FILE = `${CHANGES_DIR}/exercise.json`;

/** How a step turned done: typed by the learner, typed after the answer was shown, or run by the lab. */
export type DoneHow = 'hand' | 'answer' | 'lab';

export interface StepRecord {
  /** The distinct wrong states read on the node (what contradicted the step), oldest first. */
  wrong?: string[];
  /** When the hint (the handbook's words) was first shown, earned or asked for. */
  hintAt?: string;
  /** When the answer (the step's exact commands) was first shown. */
  answerAt?: string;
  /** The answer was asked for ("Show Answer"), not earned by two failed checks. */
  answerAsked?: boolean;
  /** When the step first turned done, and how. */
  doneAt?: string;
  how?: DoneHow;
}

export interface ExerciseRecord {
  startedAt: string;
  steps: Record<string, StepRecord>;
}

/** Failed checks before the hint, and before the answer. */
export const EXERCISE_RULES = { hintAfter: 1, answerAfter: 2, maxWrongKept: 20 } as const;

export const readExerciseArgv = (): string[] => ['cat', EXERCISE_FILE];

/** Writes the record; the JSON goes in as an argument, never as part of the script. */
export function writeExerciseArgv(record: ExerciseRecord): string[] {
  return ['sh', '-c', `mkdir -p ${CHANGES_DIR} && printf '%s\\n' "$1" > ${EXERCISE_FILE}`, 'sh', JSON.stringify(record)];
}

/** The record from `cat EXERCISE_FILE`; null when the lab is not in exercise mode (no file, or not a record). */
export function parseExercise(r: ExecResult): ExerciseRecord | null {
  if (r.exitCode !== 0) return null;
  let raw: unknown;
  try {
    raw = JSON.parse(r.stdout);
  } catch {
    return null;
  }
  if (typeof raw !== 'object' || raw === null) return null;
  const o = raw as Record<string, unknown>;
  if (typeof o.startedAt !== 'string' || typeof o.steps !== 'object' || o.steps === null) return null;
  const steps: Record<string, StepRecord> = {};
  for (const [id, v] of Object.entries(o.steps as Record<string, unknown>)) {
    if (typeof v === 'object' && v !== null) steps[id] = cleanStep(v as Record<string, unknown>);
  }
  return { startedAt: o.startedAt, steps };
}

/** Only the fields a record may hold, with their types: a hand-edited file is not trusted further. */
function cleanStep(v: Record<string, unknown>): StepRecord {
  const out: StepRecord = {};
  if (Array.isArray(v.wrong)) out.wrong = v.wrong.filter((w): w is string => typeof w === 'string').slice(-EXERCISE_RULES.maxWrongKept);
  for (const k of ['hintAt', 'answerAt', 'doneAt'] as const) if (typeof v[k] === 'string') out[k] = v[k];
  if (v.answerAsked === true) out.answerAsked = true;
  if (v.how === 'hand' || v.how === 'answer' || v.how === 'lab') out.how = v.how;
  return out;
}

/**
 * A new exercise: steps already done when it starts count as run by the lab (a lab started
 * normally before), the others are the learner's.
 */
export function startExercise(states: readonly StepState[], now: string): ExerciseRecord {
  const steps: Record<string, StepRecord> = {};
  for (const s of states) if (s.status === 'done') steps[s.id] = { doneAt: now, how: 'lab' };
  return { startedAt: now, steps };
}

/** A failed check: the node's state for the step changed, and is wrong (not merely half done). */
export function wrongObservation(state: StepState): string | undefined {
  if (state.status !== 'drifted' || state.partial) return undefined;
  return state.wrong ?? state.detail;
}

/**
 * The record after reading every step's check now. A step turns done the first time its check says
 * so; each distinct wrong state counts once, so reading the same wrong node again changes nothing.
 * Returns the same object when nothing changed (no write needed).
 */
export function observe(record: ExerciseRecord, states: readonly StepState[], now: string): ExerciseRecord {
  let next = record;
  const update = (id: string, rec: StepRecord) => {
    if (next === record) next = { ...record, steps: { ...record.steps } };
    next.steps[id] = rec;
  };
  for (const s of states) {
    const rec = record.steps[s.id] ?? {};
    if (s.status === 'done' && !rec.doneAt) {
      update(s.id, { ...rec, doneAt: now, how: rec.answerAt ? 'answer' : 'hand' });
      continue;
    }
    const wrong = wrongObservation(s);
    if (wrong === undefined || rec.wrong?.includes(wrong) || rec.doneAt) continue;
    const seen = [...(rec.wrong ?? []), wrong].slice(-EXERCISE_RULES.maxWrongKept);
    const next: StepRecord = { ...rec, wrong: seen };
    if (!next.hintAt && seen.length >= EXERCISE_RULES.hintAfter) next.hintAt = now;
    if (!next.answerAt && seen.length >= EXERCISE_RULES.answerAfter) next.answerAt = now;
    update(s.id, next);
  }
  return next;
}

/**
 * Steps a run of the lab made done (done, not skipped) count as run by the lab, also when a read of
 * the node during the run (`since` on) already took them for the learner's.
 */
export function recordLabRun(record: ExerciseRecord, ran: readonly StepState[], since: string, now: string): ExerciseRecord {
  const steps = { ...record.steps };
  for (const s of ran) {
    if (s.status !== 'done' || s.skipped) continue;
    const rec = steps[s.id] ?? {};
    if (!rec.doneAt || rec.doneAt >= since) steps[s.id] = { ...rec, doneAt: now, how: 'lab' };
  }
  return { ...record, steps };
}

/** The learner asked for a step's answer: shown from now on, and recorded as asked. */
export function askAnswer(record: ExerciseRecord, id: string, now: string): ExerciseRecord {
  const rec = record.steps[id] ?? {};
  if (rec.answerAt && rec.hintAt) return record;
  return { ...record, steps: { ...record.steps, [id]: { ...rec, hintAt: rec.hintAt ?? now, answerAt: rec.answerAt ?? now, answerAsked: !rec.answerAt } } };
}

/** A step as exercise mode shows it: its goal, its status, and the hint or answer once earned. */
export interface ExerciseStep {
  id: string;
  goal: string;
  /** Only done or pending (a wrong state is pending with its hint); failed when its check cannot be read. */
  status: 'done' | 'pending' | 'failed';
  /** Failed checks so far (distinct wrong states). */
  attempts: number;
  /** The handbook's words (and erratum) for the step, once earned or asked. */
  hint?: string;
  /** The step's exact commands, once earned or asked. */
  answer?: string[];
  how?: DoneHow;
  /** What the check read on the node now. */
  detail: string;
}

export function exerciseStep(info: StepInfo, state: StepState | undefined, record: ExerciseRecord): ExerciseStep {
  const rec = record.steps[info.id] ?? {};
  const status = state?.status === 'done' ? 'done' : state?.status === 'failed' ? 'failed' : 'pending';
  return {
    id: info.id,
    goal: info.goal,
    status,
    attempts: rec.wrong?.length ?? 0,
    ...(rec.hintAt || rec.answerAt ? { hint: hintOf(info) } : {}),
    ...(rec.answerAt ? { answer: info.commands } : {}),
    ...(rec.how ? { how: rec.how } : {}),
    detail: state?.detail ?? '',
  };
}

/** The handbook's command for the step, with its erratum; a step the handbook leaves out has only the erratum. */
export function hintOf(info: StepInfo): string {
  return [info.handbook, info.note].filter(Boolean).join(' — ');
}

/** How a step turned done, in words (a teacher's summary, the tree's tooltip). */
export function doneHowWords(how: DoneHow | undefined): string {
  switch (how) {
    case 'hand':
      return l10n.t('done by hand');
    case 'answer':
      return l10n.t('done after the answer was shown');
    case 'lab':
      return l10n.t('run by the lab');
    default:
      return l10n.t('not done yet');
  }
}
