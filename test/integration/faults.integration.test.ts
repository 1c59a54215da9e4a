// Faults a careful user meets, on the real lab host: another lab file with the same
// name, two operations at once from two processes, the engine restarted under a running
// lab, a node killed during a load test, `up` killed halfway. Each time the project
// tells the truth, and the next `up` brings the lab back with nothing lost or doubled.
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, test } from 'node:test';
import type Docker from 'dockerode';
import type { StepState } from '../../src/core/engine';
import type { LabStatus } from '../../src/service/labService';
import { cli, cliJson } from '../support/cli';
import { dockerFor, ensureEngine, repoRoot } from '../support/engine';

const LAB = ['--lab', 'dr'];
const labhost = join(repoRoot, 'test', 'labhost', 'labhost.sh');
let docker: Docker;
let scratch: string;

/** The names of every container and network carrying the dr lab's name, whoever made them. */
async function objects(): Promise<{ containers: string[]; networks: string[] }> {
  const filters = { label: ['lvslab.lab=dr'] };
  const containers = (await docker.listContainers({ all: true, filters })).map((c) => c.Names[0].replace(/^\//, '')).sort();
  const networks = (await docker.listNetworks({ filters })).map((n) => n.Name).sort();
  return { containers, networks };
}
const WHOLE_LAB = { containers: ['lvslab-dr.client', 'lvslab-dr.node01', 'lvslab-dr.node02', 'lvslab-dr.node03'], networks: ['lvslab-dr.lan'] };

async function upAllDone(extra: string[] = []): Promise<StepState[]> {
  const { steps } = await cliJson<{ steps: StepState[] }>(['up', ...LAB, ...extra]);
  for (const s of steps) assert.equal(s.status, 'done', `${s.id}: ${s.detail}`);
  return steps;
}

/** The CLI started in the background, for operations that overlap. */
function background(args: string[]) {
  // English whatever the caller's locale: the tests read its sentences.
  const child = spawn(process.execPath, [join(repoRoot, 'dist', 'cli.js'), ...args], { cwd: repoRoot, env: { ...process.env, LC_ALL: 'C.UTF-8' } });
  let stdout = '';
  let stderr = '';
  let onErr = () => undefined as void;
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => {
    stderr += d.toString();
    onErr();
  });
  const done = new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) =>
    child.on('close', (code) => resolve({ code, stdout, stderr })),
  );
  /** Resolves once the process has printed a matching line on stderr (its progress). */
  const printed = (re: RegExp) =>
    new Promise<void>((resolve) => {
      onErr = () => re.test(stderr) && resolve();
      onErr();
    });
  return { child, done, printed };
}

/** The summary line of a human-readable load test: ok, errors, timeouts. */
function loadSummary(stdout: string) {
  const m = /(\d+)\/(\d+) ok, (\d+) errors, (\d+) timeouts/.exec(stdout);
  assert.ok(m, stdout);
  return { ok: Number(m[1]), total: Number(m[2]), errors: Number(m[3]), timeouts: Number(m[4]) };
}

async function until<T>(what: string, read: () => Promise<T | undefined | false>, ms = 120_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await read();
    if (v) return v;
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await sleep(300);
  }
}

describe('faults on the real lab host', { timeout: 60 * 60_000 }, () => {
  before(async () => {
    docker = dockerFor(await ensureEngine());
    scratch = mkdtempSync(join(tmpdir(), 'lvslab-faults-'));
  });
  after(async () => {
    await cli(['down', ...LAB]);
    rmSync(scratch, { recursive: true, force: true });
  });

  test('a user lab file named like the shipped dr lab is refused, and the shipped lab survives', async () => {
    await upAllDone();
    const file = join(scratch, 'mine.lvslab.yaml');
    writeFileSync(file, readFileSync(join(repoRoot, 'labs', 'dr.yaml'), 'utf8').replace(/^title: .*$/m, 'title: my own lab'));
    for (const command of ['down', 'reset', 'up']) {
      const r = await cli([command, '--lab', file]);
      assert.equal(r.code, 1, `${command} was refused`);
      assert.match(r.stderr, /^lvs-lab: .*the name dr belongs to a shipped lab/m, command);
    }
    assert.deepEqual(await objects(), WHOLE_LAB);
  });

  test('two lab files with the same name: the second cannot start, reset or remove the first', async () => {
    const yaml = readFileSync(join(repoRoot, 'labs', 'dr.yaml'), 'utf8').replace(/^name: dr$/m, 'name: twin');
    const [a, b] = ['a', 'b'].map((d) => join(scratch, d, 'twin.lvslab.yaml'));
    for (const f of [a, b]) {
      mkdirSync(join(f, '..'), { recursive: true });
      writeFileSync(f, yaml.replace(/192\.168\.150\./g, '192.168.160.'));
    }
    try {
      const up = await cli(['up', '--lab', a]);
      assert.equal(up.code, 0, up.stderr);
      for (const command of ['up', 'reset', 'down']) {
        const r = await cli([command, '--lab', b]);
        assert.equal(r.code, 1, `${command} --lab b was refused`);
        assert.match(
          r.stderr,
          new RegExp(`The lab name "twin" is in use on this engine by another lab file, ${a.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`),
          command,
        );
      }
      const status = await cliJson<LabStatus>(['status', '--lab', a]);
      assert.deepEqual(
        status.nodes.map((n) => n.state),
        ['running', 'running', 'running', 'running'],
      );
    } finally {
      await cli(['down', '--lab', a]);
    }
  });

  test('two starts from two processes: one runs, the other is told it is busy; with --wait both succeed', async () => {
    await cli(['down', ...LAB]);
    const first = background(['up', ...LAB, '--json']);
    await until('the first start to hold the lab', async () => (await objects()).networks.length > 0 || first.child.exitCode !== null);
    const second = await cli(['up', ...LAB]);
    assert.equal(second.code, 1);
    assert.match(second.stderr, /^lvs-lab: dr is busy: start since \d\d:\d\d:\d\d \(process \d+\); wait for it to finish, or run again with --wait$/m);
    const waiting = await cli(['up', ...LAB, '--wait', '--json']);
    const r = await first.done;
    assert.equal(r.code, 0, r.stderr);
    assert.equal(waiting.code, 0, waiting.stderr);
    const steps = (JSON.parse(waiting.stdout) as { steps: StepState[] }).steps;
    assert.ok(
      steps.every((s) => s.status === 'done' && s.skipped),
      'the waiting start found everything done',
    );
    assert.deepEqual(await objects(), WHOLE_LAB);
  });

  test('a reset during a load test is refused as busy, and the load test completes', async () => {
    await upAllDone();
    const load = background(['load', ...LAB, '-n', '3000', '-c', '2']);
    await load.printed(/load: \d+\/3000 requests/);
    const reset = await cli(['reset', ...LAB]);
    assert.equal(reset.code, 1, 'the reset was refused while the load test ran');
    assert.match(reset.stderr, /dr is busy: load test since/);
    const r = await load.done;
    assert.equal(r.code, 0, r.stderr);
    assert.equal(loadSummary(r.stdout).ok, 3000);
  });

  test('the Docker engine restarted under a running lab: status shows the nodes stopped, up brings every step back', async () => {
    await upAllDone();
    execFileSync('bash', [labhost, 'ssh', 'systemctl', 'restart', 'docker'], { stdio: ['ignore', 'ignore', 'inherit'], timeout: 180_000 });
    const status = await until('Docker to answer again', async () => {
      const r = await cli(['status', ...LAB, '--json']);
      return r.code === 0 && (JSON.parse(r.stdout) as LabStatus);
    });
    assert.deepEqual(
      status.nodes.map((n) => n.state),
      ['stopped', 'stopped', 'stopped', 'stopped'],
    );
    await upAllDone();
    assert.deepEqual(await objects(), WHOLE_LAB);
  });

  test('a real server killed during a load test: requests fail, status says stopped, up repairs it', async () => {
    await upAllDone();
    // Enough requests that the kill (~1-2 s on the lab host) lands while they run: 90 could all be
    // done by then. Those rr sends to the dead node03 each time out after 1 s, 6 at a time.
    const load = background(['load', ...LAB, '-n', '300', '-c', '6', '--timeout', '1']);
    await load.printed(/load: \d+\/300 requests/);
    await docker.getContainer('lvslab-dr.node03').kill();
    const r = await load.done;
    const summary = loadSummary(r.stdout);
    assert.ok(summary.errors + summary.timeouts > 0, JSON.stringify(summary));
    const status = await cliJson<LabStatus>(['status', ...LAB]);
    assert.equal(status.nodes.find((n) => n.name === 'node03')?.state, 'stopped');
    await upAllDone();
    assert.deepEqual(await objects(), WHOLE_LAB);
  });

  test('up killed halfway: status shows a partial lab, the next up completes it with nothing doubled', async () => {
    await cli(['down', ...LAB]);
    const first = background(['up', ...LAB]);
    await until('the first container', async () => (await objects()).containers.length > 0);
    first.child.kill('SIGKILL');
    await first.done;
    const status = await cliJson<LabStatus>(['status', ...LAB]);
    assert.ok(status.nodes.some((n) => n.state === 'missing' || n.state === 'stopped') || status.steps.some((s) => s.status !== 'done'), 'the lab is partial');
    // The killed process's lock goes stale within seconds; --wait takes it then.
    await upAllDone(['--wait']);
    assert.deepEqual(await objects(), WHOLE_LAB);
  });
});
