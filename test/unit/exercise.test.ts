// Exercise mode's rules (core/exercise.ts) on real check outputs captured while the handbook's commands
// were typed into the exercise lab's nodes (capture-exercise.ts): half-typed settings are not failures,
// a wrong state shows the hint, a second distinct one the answer, and how each step turned done.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import type { StepState } from '../../src/core/engine';
import { askAnswer, exerciseStep, observe, parseExercise, recordLabRun, startExercise, writeExerciseArgv, type ExerciseRecord } from '../../src/core/exercise';
import { gradeLab } from '../../src/core/grade';
import { loadLab } from '../../src/core/labLoader';
import { planSteps } from '../../src/core/plan';
import { stepInfo } from '../../src/core/step';

const fixtures = join(__dirname, '..', 'fixtures');
const lab = loadLab(join(fixtures, 'exercise.lvslab.yaml'));
const steps = planSteps(lab);
const infos = steps.map(stepInfo);
const info = (id: string) => infos.find((i) => i.id === id)!;

/** A step's state as the engine makes it: its own check judging a captured output. */
function read(id: string, capture: string): StepState {
  const step = steps.find((s) => s.id === id)!;
  const stdout = readFileSync(join(fixtures, `exercise-${capture}.txt`), 'utf8');
  return { id, node: step.node, ...step.check.judge({ exitCode: 0, stdout, stderr: '' }) };
}

const T = (s: number) => `2026-11-27T08:00:${String(s).padStart(2, '0')}.000Z`;
const fresh = (): ExerciseRecord => startExercise([], T(0));

describe('exercise mode', () => {
  test("typing node02's four echo lines one by one: no failed check on the way, done by hand at the fourth", () => {
    let rec = fresh();
    for (const [i, capture] of ['arp-0-default', 'arp-1-typed', 'arp-2-typed', 'arp-3-typed'].entries()) {
      rec = observe(rec, [read('node02.arp', capture)], T(i + 1));
      const shown = exerciseStep(info('node02.arp'), read('node02.arp', capture), rec);
      assert.deepEqual([shown.status, shown.attempts, shown.hint, shown.answer], ['pending', 0, undefined, undefined], capture);
    }
    const done = read('node02.arp', 'arp-4-typed');
    rec = observe(rec, [done], T(9));
    assert.deepEqual(rec.steps['node02.arp'], { doneAt: T(9), how: 'hand' });
    assert.equal(exerciseStep(info('node02.arp'), done, rec).status, 'done');
  });

  test("arp_ignore=2 on all: a failed check, the step stays pending with the handbook's command as its hint, not the answer", () => {
    const wrong = read('node02.arp', 'arp-wrong-all-2');
    assert.equal(wrong.status, 'drifted');
    const rec = observe(fresh(), [wrong], T(1));
    const shown = exerciseStep(info('node02.arp'), wrong, rec);
    assert.equal(shown.status, 'pending');
    assert.equal(shown.attempts, 1);
    assert.match(shown.hint ?? '', /^修改内核: echo 1 > \/proc\/sys\/net\/ipv4\/conf\/eth0\/arp_ignore/);
    assert.equal(shown.answer, undefined);
    assert.deepEqual(rec.steps['node02.arp'].wrong, ['net.ipv4.conf.all.arp_ignore=2']);
  });

  test('reading the same wrong state again changes nothing: polling alone never escalates', () => {
    const wrong = read('node02.arp', 'arp-wrong-all-2');
    const rec = observe(fresh(), [wrong], T(1));
    let again = rec;
    for (let i = 2; i < 30; i++) again = observe(again, [read('node02.arp', 'arp-wrong-all-2')], T(i));
    assert.equal(again, rec, 'the same record object: nothing to write');
  });

  test('a second distinct wrong state shows the answer (the exact commands); done afterwards counts as after the answer', () => {
    let rec = observe(fresh(), [read('node02.arp', 'arp-wrong-all-2')], T(1));
    rec = observe(rec, [read('node02.arp', 'arp-wrong-both-2')], T(2));
    const shown = exerciseStep(info('node02.arp'), read('node02.arp', 'arp-wrong-both-2'), rec);
    assert.equal(shown.attempts, 2);
    assert.deepEqual(shown.answer, [
      'sysctl -w net.ipv4.conf.eth0.arp_ignore=1 net.ipv4.conf.all.arp_ignore=1 net.ipv4.conf.eth0.arp_announce=2 net.ipv4.conf.all.arp_announce=2',
    ]);
    rec = observe(rec, [read('node02.arp', 'arp-4-typed')], T(3));
    assert.equal(rec.steps['node02.arp'].how, 'answer');
  });

  test("the handbook's own mask (255.255.255 read as /8 on lo) is a failed check of the hidden VIP, hinted with erratum 1", () => {
    const wrong = read('node03.vip', 'lo-handbook-mask');
    assert.deepEqual([wrong.status, wrong.detail], ['drifted', '10.97.0.100 is on lo as /8, not /32']);
    const rec = observe(fresh(), [read('node03.vip', 'lo-0-default'), wrong], T(1));
    assert.match(
      exerciseStep(info('node03.vip'), wrong, rec).hint ?? '',
      /^设置隐藏vip: ifconfig lo 192\.168\.150\.100 netmask 255\.255\.255 — Erratum 1: .*\/32/,
    );
    const fixed = observe(rec, [read('node03.vip', 'lo-32')], T(2));
    assert.deepEqual(fixed.steps['node03.vip'], { wrong: ['10.97.0.100 is on lo as /8, not /32'], hintAt: T(1), doneAt: T(2), how: 'hand' });
  });

  test("steps the lab ran count as run by the lab, also when a read during the run took them for the learner's", () => {
    const done = read('node02.arp', 'arp-4-typed');
    // A read of the nodes while the lab was running the step (at 5, the run started at 4).
    const polled = observe(fresh(), [done], T(5));
    const after = recordLabRun(polled, [done], T(4), T(6));
    assert.deepEqual(after.steps['node02.arp'], { doneAt: T(6), how: 'lab' });
    // Done by hand before the run started: the run found it done and ran nothing.
    const byHand = observe(fresh(), [done], T(2));
    assert.deepEqual(recordLabRun(byHand, [{ ...done, skipped: true }], T(4), T(6)).steps['node02.arp'], { doneAt: T(2), how: 'hand' });
  });

  test('a lab already done when the exercise starts: those steps count as run by the lab', () => {
    const rec = startExercise([read('node02.arp', 'arp-4-typed'), read('node03.vip', 'lo-0-default')], T(0));
    assert.deepEqual(rec.steps, { 'node02.arp': { doneAt: T(0), how: 'lab' } });
  });

  test('Show Answer: hint and answer shown and recorded as asked; the teacher sees it in the grade', () => {
    const rec = askAnswer(fresh(), 'node03.vip', T(1));
    assert.deepEqual(exerciseStep(info('node03.vip'), undefined, rec).answer, ['ip addr replace 10.97.0.100/32 dev lo label lo:0']);
    const done = observe(rec, [read('node03.vip', 'lo-32')], T(2));
    const states = infos.map((i): StepState =>
      i.id === 'node03.vip' ? read('node03.vip', 'lo-32') : { id: i.id, node: i.node, status: 'pending', detail: '' },
    );
    const grade = gradeLab(lab, infos, states, null, done);
    assert.deepEqual(grade.steps.find((s) => s.id === 'node03.vip')!.exercise, { how: 'answer', attempts: 0, hint: true, answer: 'asked' });
    assert.deepEqual(grade.exercise, { startedAt: T(0), hand: 0, answer: 1, lab: 0 });
    assert.equal(grade.steps.find((s) => s.id === 'node02.arp')!.exercise?.how, null);
  });

  test('the record goes to the director as an argument, and comes back as it was; anything else is no exercise', () => {
    const rec = observe(fresh(), [read('node02.arp', 'arp-wrong-all-2')], T(1));
    const argv = writeExerciseArgv(rec);
    assert.equal(argv.slice(0, 2).join(' '), 'sh -c');
    assert.ok(!argv[2].includes('arp_ignore'), 'no value in the script');
    assert.deepEqual(parseExercise({ exitCode: 0, stdout: `${argv[4]}\n`, stderr: '' }), rec);
    assert.equal(parseExercise({ exitCode: 1, stdout: '', stderr: 'cat: /etc/lvslab/exercise.json: No such file or directory' }), null);
    assert.equal(parseExercise({ exitCode: 0, stdout: '{"on":', stderr: '' }), null);
    assert.deepEqual(parseExercise({ exitCode: 0, stdout: '{"startedAt":"x","steps":{"a":{"how":"magic","wrong":[1,"w"]}}}', stderr: '' }), {
      startedAt: 'x',
      steps: { a: { wrong: ['w'] } },
    });
  });
});
