// keepalived health checks, on reads captured from the director of test/fixtures/health.lvslab.yaml
// (capture-health.ts): its configuration as the lab builds it, its check events, and the steps' judges.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { healthView, keepalivedConfig, parseHealthRead, HEALTH_DEFAULTS } from '../../src/core/health';
import { applyChanges, changeCommands, healthProblem, parseChanges, withChange } from '../../src/core/labChanges';
import { loadLab, parseLab } from '../../src/core/labLoader';
import { planSteps } from '../../src/core/plan';

const fixtures = join(__dirname, '..', 'fixtures');
const fixture = (name: string) => readFileSync(join(fixtures, name), 'utf8');
const ok = (stdout: string) => ({ exitCode: 0, stdout, stderr: '' });
const lab = loadLab(join(fixtures, 'health.lvslab.yaml'));
const step = (id: string, l = lab) => planSteps(l).find((s) => s.id === id)!;

describe('keepalived configuration', () => {
  test("the lab file's healthCheck gets the schema defaults for what it leaves out", () => {
    assert.deepEqual(lab.service.healthCheck, { ...HEALTH_DEFAULTS, interval: 2 });
  });

  test('is exactly what the director runs in the capture', () => {
    const read = parseHealthRead(ok(fixture('health-both-up.txt')));
    assert.equal(read.config, keepalivedConfig(lab, lab.service.healthCheck!).replace(/\n$/, ''));
  });

  test('a lab without healthCheck has no keepalived step; with it, the step comes last on the director', () => {
    const plain = parseLab(readFileSync(join(fixtures, 'health.lvslab.yaml'), 'utf8').replace(/\n {2}healthCheck:\n {4}interval: 2/, ''), 'plain.yaml');
    assert.equal(plain.service.healthCheck, undefined);
    assert.ok(!planSteps(plain).some((s) => s.id === 'node01.health'));
    assert.equal(planSteps(lab).at(-1)?.id, 'node01.health');
  });
});

describe("keepalived's check events", () => {
  test('both real servers checked and up', () => {
    const v = healthView(lab, parseHealthRead(ok(fixture('health-both-up.txt'))));
    assert.equal(v.running, true);
    assert.deepEqual(
      v.servers.map((s) => [s.node, s.state, s.removed]),
      [
        ['node02', 'up', false],
        ['node03', 'up', false],
      ],
    );
  });

  test('httpd stopped on node03: its check fails and keepalived takes it out', () => {
    const v = healthView(lab, parseHealthRead(ok(fixture('health-node03-down.txt'))));
    assert.deepEqual(
      v.servers.map((s) => [s.node, s.state, s.removed]),
      [
        ['node02', 'up', false],
        ['node03', 'down', true],
      ],
    );
  });

  test('httpd back on node03: the check succeeds and keepalived puts it back', () => {
    const v = healthView(lab, parseHealthRead(ok(fixture('health-node03-back.txt'))));
    assert.deepEqual(
      v.servers.find((s) => s.node === 'node03'),
      { node: 'node03', address: '10.92.0.13:80', state: 'up', removed: false },
    );
  });

  test('keepalived stopped: not running, no configuration, nothing checked', () => {
    const read = parseHealthRead(ok(fixture('health-stopped.txt')));
    assert.deepEqual(read, { running: false, config: '', servers: [] });
  });

  test('a read that did not finish is an error, not "stopped"', () => {
    assert.throws(() => parseHealthRead({ exitCode: 137, stdout: '@@lvslab running\n', stderr: '' }), /could not read keepalived's state/);
  });
});

describe("the health step's and the entries' checks", () => {
  test("keepalived running with the lab's configuration: done, naming each check", () => {
    const v = step('node01.health').check.judge(ok(fixture('health-node03-down.txt')));
    assert.deepEqual(v, { status: 'done', detail: 'keepalived checks node02 up, node03 down (out of the table)' });
  });

  test('keepalived not running: pending', () => {
    assert.equal(step('node01.health').check.judge(ok(fixture('health-stopped.txt'))).status, 'pending');
  });

  test('keepalived running with another configuration (the scheduler changed since): drifted', () => {
    const changed = applyChanges(lab, { scheduler: 'wrr' });
    assert.equal(step('node01.health', changed).check.judge(ok(fixture('health-both-up.txt'))).status, 'drifted');
  });

  test('node03 out of the table because its check fails: its entry is as the lab wants it', () => {
    const v = step('node01.real-node03').check.judge(ok(fixture('health-entry-node03-down.txt')));
    assert.equal(v.status, 'done');
    assert.match(v.detail, /10\.92\.0\.13:80 is out of the table: keepalived's check of it fails/);
  });

  test('node03 missing while keepalived does not run: pending, the entry is added again', () => {
    const [ipvs] = fixture('health-entry-node03-down.txt').split('@@lvslab ipvs-end\n');
    const v = step('node01.real-node03').check.judge(ok(`${ipvs}@@lvslab ipvs-end\n${fixture('health-stopped.txt')}`));
    assert.equal(v.status, 'pending');
  });
});

describe('health checks as a live change', () => {
  const nat = loadLab(join(__dirname, '..', '..', 'labs', 'nat.yaml'));

  test('on: keepalived starts with the defaults; off: it stops and every real server is put back at its weight', () => {
    const on = withChange(nat, {}, { kind: 'health', check: {} });
    assert.deepEqual(on.health, HEALTH_DEFAULTS);
    const withHealth = applyChanges(nat, on);
    const start = changeCommands(nat, withHealth);
    assert.equal(start.length, 1);
    assert.match(start[0][2], /setsid keepalived -n -l -D -G -I/);
    assert.match(start[0][4], /lb_kind NAT/);
    const off = changeCommands(withHealth, applyChanges(nat, withChange(nat, on, { kind: 'health', check: null })));
    assert.match(off[0][2], /kill/);
    assert.deepEqual(
      off.slice(1).map((c) => c.slice(4)),
      [
        ['-t', '192.168.151.100:80', '-r', '192.168.152.12:80', '-m', '-w', '3'],
        ['-t', '192.168.151.100:80', '-r', '192.168.152.13:80', '-m', '-w', '1'],
      ],
    );
  });

  test('a weight changed while checks run restarts keepalived with the new weight', () => {
    const on = applyChanges(nat, { health: HEALTH_DEFAULTS });
    const commands = changeCommands(on, applyChanges(nat, { health: HEALTH_DEFAULTS, weights: { node02: 5 } }));
    assert.equal(commands[0][0], 'ipvsadm');
    assert.match(commands[1][4], /real_server 192\.168\.152\.12 80 \{\n {4}weight 5/);
  });

  test('settings out of range or a path that is not plain are refused with the reason', () => {
    assert.match(healthProblem({ ...HEALTH_DEFAULTS, interval: 0 })!, /interval is a whole number of seconds from 1 to 60/);
    assert.match(healthProblem({ ...HEALTH_DEFAULTS, path: '/ {\n}' })!, /path like \/index\.html/);
    assert.throws(() => withChange(nat, {}, { kind: 'health', check: { retries: 11 } }), /retries are a whole number from 1 to 10/);
  });

  test('the record keeps valid settings and off, and drops anything else', () => {
    const rec = (health: unknown) => parseChanges(nat, ok(JSON.stringify({ health }))).health;
    assert.deepEqual(rec(HEALTH_DEFAULTS), HEALTH_DEFAULTS);
    assert.equal(rec(false), false);
    assert.equal(rec({ ...HEALTH_DEFAULTS, path: 'x y' }), undefined);
  });
});
