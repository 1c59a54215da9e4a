// Reset in place (issue 9) on the lab host, driven through the bundled CLI: each node undoes
// the steps from the baseline it took when created and proves it (its dump equals the
// baseline, byte for byte); what cannot be undone in place is recreated. Statuses after a
// reset are compared with a freshly created lab's: this host hands new containers ip_forward=1
// and rp_filter=0 and a default route via Docker's gateway, so NAT's forward step is done and
// its gateway steps drifted on a fresh lab, and TUN's rp_filter steps done; all else pending.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type Docker from 'dockerode';
import { BASELINE_FILE, dumpArgv, normalizeDump } from '../../src/core/baseline';
import type { StepState } from '../../src/core/engine';
import type { LoadTestResult } from '../../src/service/labService';
import { cli, cliJson } from '../support/cli';
import { dockerFor, ensureEngine } from '../support/engine';
import { inNode } from './helpers';

const NODES = ['client', 'node01', 'node02', 'node03'];
/** Steps a freshly created node may already report other than pending on this host (see the header). */
const HOST_DEFAULTS = /\.(forward|gateway|rp_filter)$/;

let docker: Docker;

async function containerIds(lab: string): Promise<Record<string, string>> {
  const list = await docker.listContainers({ all: true, filters: { label: [`lvslab.lab=${lab}`] } });
  return Object.fromEntries(list.map((c) => [c.Labels['lvslab.node'], c.Id]));
}

async function statuses(lab: string): Promise<Record<string, string>> {
  const steps = await cliJson<Array<{ id: string; status: string }>>(['steps', '--lab', lab]);
  return Object.fromEntries(steps.map((s) => [s.id, s.status]));
}

/** The node's state now, read by the project's dump script straight through Docker. */
async function dumpNow(lab: string, node: string): Promise<string> {
  return normalizeDump(await inNode(docker, lab, node, dumpArgv()));
}

const baselineOf = (lab: string, node: string) => inNode(docker, lab, node, ['cat', BASELINE_FILE]);

/** `lvs-lab reset` without --json: its progress lines, one per node, and how long it took. */
async function reset(lab: string): Promise<{ outcome: Record<string, string>; seconds: number }> {
  const started = Date.now();
  const r = await cli(['reset', '--lab', lab]);
  const seconds = (Date.now() - started) / 1000;
  assert.equal(r.code, 0, r.stderr);
  const outcome: Record<string, string> = {};
  for (const line of r.stderr.split('\n')) {
    // The CLI cuts a progress line to the terminal's width (100 columns without one).
    const m = /^(\w+): (undone in place|recreated \(.*)$/.exec(line.trim());
    if (m && NODES.includes(m[1])) outcome[m[1]] = m[2];
  }
  return { outcome, seconds };
}

/** The engine's clock, not this machine's: the lab host's runs a little apart. */
const engineNow = async () => Date.parse(((await docker.info()) as { SystemTime: string }).SystemTime) / 1000;

/** What happened to the lab's containers between two engine times (Docker events): each action and its node. */
async function containerActions(lab: string, since: number, until: number, prefix = ''): Promise<{ action: string; node: string }[]> {
  const events = await docker.getEvents({ since, until, filters: JSON.stringify({ type: ['container'], label: [`lvslab.lab=${lab}`] }) });
  let text = '';
  for await (const chunk of events) text += String(chunk);
  return text
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as { Action: string; Actor: { Attributes: Record<string, string> } })
    .filter((e) => e.Action.startsWith(prefix))
    .map((e) => ({ action: e.Action, node: e.Actor.Attributes['lvslab.node'] }));
}

async function upAllDone(lab: string): Promise<StepState[]> {
  const { steps } = await cliJson<{ steps: StepState[] }>(['up', '--lab', lab]);
  for (const s of steps) assert.equal(s.status, 'done', `${s.id}: ${s.detail}`);
  return steps;
}

for (const lab of ['dr', 'nat', 'tun'] as const) {
  describe(`reset in place: ${lab.toUpperCase()} lab`, { timeout: 30 * 60_000 }, () => {
    /** Statuses of a freshly created lab, whose steps never ran. */
    let fresh: Record<string, string> = {};
    /** Each node's baseline as its container was created. */
    const baselines: Record<string, string> = {};

    before(async () => {
      docker = dockerFor(await ensureEngine());
      const down = await cli(['down', '--lab', lab]);
      assert.equal(down.code, 0, down.stderr);
    });
    after(async () => {
      await cli(['down', '--lab', lab]);
    });

    test('reset on a lab with no containers creates them; each keeps a baseline that is its state, dumped again byte for byte', async () => {
      const { outcome } = await reset(lab);
      assert.deepEqual(outcome, Object.fromEntries(NODES.map((n) => [n, 'recreated (no container)'])));
      fresh = await statuses(lab);
      const notPending = Object.entries(fresh).filter(([, s]) => s !== 'pending');
      assert.ok(
        notPending.every(([id]) => HOST_DEFAULTS.test(id)),
        `only host-inherited steps are not pending on a fresh lab: ${JSON.stringify(notPending)}`,
      );
      for (const node of NODES) {
        baselines[node] = await baselineOf(lab, node);
        assert.equal(normalizeDump(baselines[node]), baselines[node], `${node}: the baseline is canonical`);
        assert.equal(await dumpNow(lab, node), baselines[node], `${node}: a second dump of the same state is byte-equal`);
      }
    });

    test('up, traffic, reset: every node undone in place (same containers), every dump equal to its baseline, the steps as on a fresh lab; up again does them all', async (t) => {
      assert.ok(Object.keys(baselines).length === NODES.length, 'the first test took the baselines');
      await upAllDone(lab);
      const load = await cliJson<LoadTestResult>(['load', '--lab', lab, '-n', '6', '-c', '2']);
      assert.equal(load.summary.ok, 6, JSON.stringify(load.summary.errorMessages));
      const ids = await containerIds(lab);

      const { outcome, seconds } = await reset(lab);
      t.diagnostic(`reset in place took ${seconds.toFixed(1)} s`);
      assert.deepEqual(outcome, Object.fromEntries(NODES.map((n) => [n, 'undone in place'])));
      assert.deepEqual(await containerIds(lab), ids, 'the same containers');

      const after = await statuses(lab);
      assert.deepEqual(after, fresh, 'the steps say what they say on a freshly created lab');
      for (const [id, status] of Object.entries(after)) if (!HOST_DEFAULTS.test(id)) assert.equal(status, 'pending', id);
      for (const node of NODES) assert.equal(await dumpNow(lab, node), baselines[node], `${node} is as it was created`);
      // The director's connection table went with its rules.
      const conns = await inNode(docker, lab, 'node01', ['ipvsadm', '-Lnc']);
      assert.deepEqual(conns.trim().split('\n').slice(2), [], conns);

      const steps = await upAllDone(lab);
      for (const s of steps) if (fresh[s.id] === 'pending') assert.ok(!s.skipped, `${s.id} ran again`);
    });

    if (lab === 'dr') {
      test('what the undo cannot restore is recreated: a dummy interface, a lost baseline, a stopped container; the rest stays in place', async () => {
        await upAllDone(lab);
        const ids = await containerIds(lab);
        await inNode(docker, lab, 'node03', ['ip', 'link', 'add', 'dummy0', 'type', 'dummy']);
        await inNode(docker, lab, 'node03', ['ip', 'link', 'set', 'dummy0', 'up']);
        await inNode(docker, lab, 'node02', ['rm', BASELINE_FILE]);
        await docker.getContainer(ids.client).kill();

        const { outcome } = await reset(lab);
        assert.equal(outcome.node01, 'undone in place');
        assert.match(outcome.node02 ?? '', /^recreated \(no baseline on the node\)$/);
        assert.match(outcome.node03 ?? '', /^recreated \(differs: link dummy0 /);
        assert.match(outcome.client ?? '', /^recreated \(its container is exited\)$/);

        const now = await containerIds(lab);
        assert.equal(now.node01, ids.node01);
        for (const node of ['client', 'node02', 'node03']) assert.notEqual(now[node], ids[node], `${node} has a new container`);
        const steps = await statuses(lab);
        assert.ok(
          Object.values(steps).every((s) => s === 'pending'),
          JSON.stringify(steps),
        );
        // The new containers took their own baselines, equal to what the first ones had.
        for (const node of ['client', 'node02', 'node03']) assert.equal(await baselineOf(lab, node), baselines[node], node);
        await upAllDone(lab);
      });

      test('failure drills (netem on node02, cut-off on node03) are undone in place by reset: no qdisc of theirs is left', async () => {
        await upAllDone(lab);
        for (const [kind, node] of [
          ['netem', 'node02'],
          ['cut-off', 'node03'],
        ]) {
          const r = await cli(['drill', kind, node, '-n', '0', '--lab', lab]);
          assert.equal(r.code, 0, r.stderr);
        }
        assert.match(await inNode(docker, lab, 'node02', ['tc', 'qdisc', 'show']), / netem /, 'the drill is on');
        const { outcome } = await reset(lab);
        assert.deepEqual(outcome, Object.fromEntries(NODES.map((n) => [n, 'undone in place'])));
        for (const node of ['node02', 'node03']) {
          const qdiscs = await inNode(docker, lab, node, ['tc', 'qdisc', 'show']);
          assert.doesNotMatch(qdiscs, / (netem|ingress) /, `${node}: ${qdiscs}`);
        }
      });

      test("reset talks to each node's own first process: no exec is created on the lab's containers", async () => {
        await upAllDone(lab);
        const since = await engineNow();
        const { outcome } = await reset(lab);
        assert.deepEqual(outcome, Object.fromEntries(NODES.map((n) => [n, 'undone in place'])));
        const actions = (await containerActions(lab, since, (await engineNow()) + 1)).map((a) => a.action);
        assert.ok(actions.includes('attach'), `the reset attached: ${actions.join(', ')}`);
        assert.deepEqual(
          actions.filter((a) => a.startsWith('exec_create')),
          [],
        );
      });

      test("up --exercise on a lab with no containers: each node's baseline as when created alone, its steps as on a fresh lab, one exec in all (the exercise record)", async () => {
        assert.ok(Object.keys(baselines).length === NODES.length, 'the first test took the baselines');
        const down = await cli(['down', '--lab', lab]);
        assert.equal(down.code, 0, down.stderr);
        const since = await engineNow();
        const { steps } = await cliJson<{ steps: StepState[] }>(['up', '--exercise', '--lab', lab]);
        const execs = await containerActions(lab, since, (await engineNow()) + 1, 'exec_create');
        assert.deepEqual(Object.fromEntries(steps.map((s) => [s.id, s.status])), fresh);
        for (const node of NODES) assert.equal(await baselineOf(lab, node), baselines[node], node);
        // The baseline and the checks go through each node's first process; only the director's record is written by an exec.
        assert.deepEqual(
          execs.map((e) => e.node),
          ['node01'],
        );
      });

      test("up on a lab with no containers takes each node's baseline in its first batch: the same as a node created alone", async () => {
        const down = await cli(['down', '--lab', lab]);
        assert.equal(down.code, 0, down.stderr);
        await upAllDone(lab);
        for (const node of NODES) assert.equal(await baselineOf(lab, node), baselines[node], node);
      });
    }
  });
}
