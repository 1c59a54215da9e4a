// Exercise mode on real IPVS (issue 12): the exercise lab started with the steps left to the learner;
// the handbook's commands typed line by line into the nodes' shells through service.openShell (the exec
// a VS Code terminal uses), each step turning done on the next read of the nodes; arp_ignore=2 on node03
// leaves its step pending with the handbook's command as the hint; `lvs-lab check` then says which steps
// were done by hand, which after the answer, which the lab ran, with the proof (20/20, OutPkts 0).
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, test } from 'node:test';
import { exerciseStep, type ExerciseStep } from '../../src/core/exercise';
import type { Grade } from '../../src/core/grade';
import { loadLab } from '../../src/core/labLoader';
import { LabService, type ShellSession } from '../../src/service/labService';
import { cli } from '../support/cli';
import { ensureEngine } from '../support/engine';

const FILE = join(__dirname, '..', 'fixtures', 'exercise.lvslab.yaml');
const LAB = ['--lab', FILE];
const lab = loadLab(FILE);
const VIP = lab.service.vip;
let service: LabService;
const shells = new Map<string, { session: ShellSession; output: () => string }>();
let marks = 0;

/** Types a line into the node's shell as a person would, and waits for the shell to have run it. */
async function type(node: string, line: string): Promise<void> {
  let shell = shells.get(node);
  if (!shell) {
    const session = await service.openShell(node);
    let text = '';
    session.onData((d) => (text += d));
    shell = { session, output: () => text };
    shells.set(node, shell);
  }
  const mark = `typed-${++marks}`;
  // The quotes keep the echoed command line from matching what the echo prints.
  shell.session.write(`${line}\recho "${mark.slice(0, 3)}""${mark.slice(3)}"\r`);
  const deadline = Date.now() + 30_000;
  while (!shell.output().includes(mark)) {
    assert.ok(Date.now() < deadline, `${node} did not run: ${line}\n${shell.output().slice(-500)}`);
    await sleep(100);
  }
}

/** The step as exercise mode shows it, from a fresh read of the nodes (what the tree's polling does). */
async function read(id: string): Promise<ExerciseStep> {
  const status = await service.status();
  assert.ok(status.exercise, 'the lab is in exercise mode');
  return exerciseStep(
    service.steps().find((s) => s.id === id)!,
    status.steps.find((s) => s.id === id),
    status.exercise,
  );
}

/** Reads until the step is done (the check sees it on the next read; a few reads at most). */
async function turnsDone(id: string): Promise<ExerciseStep> {
  for (let i = 0; ; i++) {
    const step = await read(id);
    if (step.status === 'done' || i === 5) return step;
  }
}

describe('exercise mode on real IPVS', { timeout: 30 * 60_000 }, () => {
  before(async () => {
    service = new LabService(lab, { dockerHost: await ensureEngine() });
    await cli(['down', ...LAB]);
    const up = await cli(['up', '--exercise', ...LAB, '--json']);
    assert.equal(up.code, 0, up.stderr);
  });

  after(async () => {
    for (const { session } of shells.values()) session.close();
    await cli(['down', ...LAB]);
  });

  test("node02's handbook lines typed one by one: pending without a hint while half typed, then each step done by hand", async () => {
    const arp = ['eth0/arp_ignore', 'all/arp_ignore', 'eth0/arp_announce', 'all/arp_announce'];
    for (const [i, key] of arp.entries()) {
      await type('node02', `echo ${key.endsWith('ignore') ? 1 : 2} > /proc/sys/net/ipv4/conf/${key}`);
      const step = await read('node02.arp');
      if (i < 3) assert.deepEqual([step.status, step.attempts, step.hint], ['pending', 0, undefined], `after ${key}`);
    }
    assert.deepEqual([(await turnsDone('node02.arp')).status, (await read('node02.arp')).how], ['done', 'hand']);

    await type('node02', `ifconfig lo:8 ${VIP} netmask 255.255.255.255`);
    assert.equal((await turnsDone('node02.vip')).how, 'hand');
    await type('node02', 'echo node02 > /var/www/html/index.html');
    await type('node02', 'apachectl start');
    assert.equal((await turnsDone('node02.httpd')).how, 'hand');
  });

  test("arp_ignore=2 on node03: the step stays pending with the handbook's command as its hint; reading again does not escalate", async () => {
    await type('node03', 'echo 2 > /proc/sys/net/ipv4/conf/all/arp_ignore');
    const step = await read('node03.arp');
    assert.deepEqual([step.status, step.attempts, step.answer], ['pending', 1, undefined]);
    assert.match(step.hint ?? '', /^修改内核: echo 1 > \/proc\/sys\/net\/ipv4\/conf\/eth0\/arp_ignore/);
    for (let i = 0; i < 3; i++) assert.equal((await read('node03.arp')).attempts, 1, 'the same wrong state counts once');

    for (const line of [
      'echo 1 > /proc/sys/net/ipv4/conf/eth0/arp_ignore',
      'echo 1 > /proc/sys/net/ipv4/conf/all/arp_ignore',
      'echo 2 > /proc/sys/net/ipv4/conf/eth0/arp_announce',
      'echo 2 > /proc/sys/net/ipv4/conf/all/arp_announce',
    ])
      await type('node03', line);
    assert.equal((await turnsDone('node03.arp')).how, 'hand');
  });

  test('the rest: by hand, one after Show Answer, one run by the lab; lvs-lab check says which, with the proof', async () => {
    await type('node03', `ifconfig lo:8 ${VIP} netmask 255.255.255.255`);
    await type('node03', 'echo node03 > /var/www/html/index.html; apachectl start');
    await type('node01', `ifconfig eth0:8 ${VIP}/24 up`);
    const asked = await service.showAnswer('node01.service');
    assert.deepEqual(asked.answer, [`ipvsadm -A -t ${VIP}:80 -s rr`]);
    await type('node01', asked.answer[0]);
    await type('node01', `ipvsadm -a -t ${VIP}:80 -r 10.97.0.12 -g -w 1`);
    const ran = await service.runStep('node01.real-node03');
    assert.equal(ran.status, 'done');

    const r = await cli(['check', ...LAB, '--json']);
    const grade = JSON.parse(r.stdout) as Grade;
    assert.equal(r.code, 0, r.stdout);
    assert.deepEqual(
      grade.steps.map((s) => [s.id, s.status, s.exercise?.how]),
      [
        ['node02.arp', 'done', 'hand'],
        ['node02.vip', 'done', 'hand'],
        ['node02.httpd', 'done', 'hand'],
        ['node03.arp', 'done', 'hand'],
        ['node03.vip', 'done', 'hand'],
        ['node03.httpd', 'done', 'hand'],
        ['node01.vip', 'done', 'hand'],
        ['node01.service', 'done', 'answer'],
        ['node01.real-node02', 'done', 'hand'],
        ['node01.real-node03', 'done', 'lab'],
      ],
    );
    assert.deepEqual(grade.steps[3].exercise, { how: 'hand', attempts: 1, hint: true, answer: null });
    assert.deepEqual(grade.steps[7].exercise, { how: 'answer', attempts: 0, hint: true, answer: 'asked' });
    assert.deepEqual([grade.exercise?.hand, grade.exercise?.answer, grade.exercise?.lab], [8, 1, 1]);
    assert.match(grade.claims[1].evidence, /^20\/20 answered \(node02 10 · node03 10\)$/);
    assert.match(grade.claims[3].evidence, /OutPkts \+0 on the director/);

    const text = await cli(['check', ...LAB]);
    assert.match(text.stdout, /node01\.service.*done after the answer was shown, answer asked for/);
    assert.match(text.stdout, /node03\.arp.*done by hand, 1 failed checks, hint shown/);
    assert.match(text.stdout, /8 steps done by hand, 1 after the answer, 1 run by the lab/);
  });
});
