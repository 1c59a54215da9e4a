// Load that shows scheduling (issue 10), on real IPVS: several client source addresses for sh, connections held
// open for lc, the predicted split next to the measured one, and the client left as it was after each run (also
// when the run is stopped). Each test starts from the DR lab as its file says (reset, then up).
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import type Docker from 'dockerode';
import { holdArgv, parseHoldOutput } from '../../src/core/loadHold';
import type { ServiceView } from '../../src/core/serviceView';
import { execIn } from '../../src/docker/exec';
import type { LoadTestResult } from '../../src/service/labService';
import { cli, cliJson } from '../support/cli';
import { dockerFor, ensureEngine, repoRoot } from '../support/engine';
import { change, counts, fromTheFile, inNode } from './helpers';

const LAB = ['--lab', 'dr'];
const VIP = '192.168.150.100';
const CLIENT = '192.168.150.10';
let docker: Docker;

/** The client as a run must leave it: its own address only, no hold, no curl, no run files. */
async function clientIsClean(): Promise<void> {
  const addresses = await inNode(docker, 'dr', 'client', ['ip', '-o', '-4', 'addr', 'show', 'dev', 'eth0']);
  assert.deepEqual(
    [...addresses.matchAll(/inet (\S+)/g)].map((m) => m[1]),
    [`${CLIENT}/24`],
  );
  const ps = await inNode(docker, 'dr', 'client', ['ps', '-eo', 'args']);
  assert.doesNotMatch(ps, /curl|lvslab-hold/, ps);
  const files = await inNode(docker, 'dr', 'client', ['sh', '-c', 'ls -d /tmp/lvslab-* 2>/dev/null || true']);
  assert.equal(files.trim(), '');
}

/** ActiveConn per real server address, read from the director. */
async function activeConns(): Promise<Record<string, number>> {
  const [svc] = await cliJson<ServiceView[]>(['services', ...LAB]);
  return Object.fromEntries(svc.destinations.map((d) => [d.address, d.activeConn]));
}

describe('load that shows scheduling, on real IPVS', { timeout: 30 * 60_000 }, () => {
  before(async () => {
    docker = dockerFor(await ensureEngine());
  });
  after(async () => {
    await cli(['down', ...LAB]);
  });

  test('sh: with one source address every request goes to one real server; with 8 sources both real servers get requests and every source stays with its one', async () => {
    await fromTheFile('dr');
    await change('dr', ['scheduler', 'sh']);

    const one = await cliJson<LoadTestResult>(['load', ...LAB, '-n', '20', '-c', '2']);
    assert.equal(one.summary.ok, 20);
    assert.equal(one.summary.backends.length, 1, JSON.stringify(counts(one)));
    assert.deepEqual(one.sources, [CLIENT]);
    assert.equal(one.prediction?.scheduler, 'sh');
    assert.equal(one.prediction?.matches, true, JSON.stringify(one.prediction));

    const eight = await cliJson<LoadTestResult>(['load', ...LAB, '-n', '40', '-c', '4', '--clients', '8']);
    assert.equal(eight.summary.ok, 40, JSON.stringify(eight.summary.errorMessages));
    assert.equal(new Set(eight.sources).size, 8);
    assert.equal(eight.sources[0], CLIENT);
    assert.deepEqual(
      eight.summary.backends.map((b) => b.backend),
      ['node02', 'node03'],
      'both real servers get requests',
    );
    for (const s of eight.bySource) {
      assert.equal(s.requests, 5, s.source);
      assert.equal(Object.keys(s.backends).length, 1, `${s.source} stays with one real server: ${JSON.stringify(s.backends)}`);
    }
    assert.equal(eight.prediction?.kind, 'exact');
    assert.equal(eight.prediction?.matches, true, JSON.stringify(eight.prediction));
    await clientIsClean();
  });

  test('lc: with 6 connections held open on node02, the next 10 requests all go to node03', async () => {
    await fromTheFile('dr');
    await change('dr', ['scheduler', 'lc']);
    // Steer the holds: with node03 at weight 0, lc gives every new connection to node02.
    await change('dr', ['weight', 'node03', '0']);
    const [client] = await docker.listContainers({ filters: { label: ['lvslab.lab=dr', 'lvslab.node=client'] } });
    const flag = '/tmp/lvslab-hold-test';
    let out = '';
    const hold = execIn(docker, docker.getContainer(client.Id), holdArgv(VIP, 80, 6, 300, flag), {
      timeoutMs: 330_000,
      onStdout: (t) => (out += t),
    });
    try {
      for (let i = 0; i < 100 && !parseHoldOutput(out).ready; i++) await sleep(100);
      assert.deepEqual(parseHoldOutput(out).byBackend, { node02: 6 }, out);
      await change('dr', ['weight', 'node03', '1']);
      assert.equal((await activeConns())['192.168.150.12:80'], 6, 'the director counts the held connections as active');

      const load = await cliJson<LoadTestResult>(['load', ...LAB, '-n', '10', '-c', '1']);
      assert.deepEqual(counts(load), [['node03', 10]]);
      const p = load.prediction;
      assert.ok(p, load.predictionNote ?? 'a prediction');
      assert.equal(p.scheduler, 'lc');
      assert.deepEqual(p.rows.map((r) => [r.server, r.active, r.predicted]).sort(), [
        ['node02', 6, 0],
        ['node03', 0, 10],
      ]);
      assert.equal(p.matches, true);
    } finally {
      await inNode(docker, 'dr', 'client', ['rm', '-f', flag]);
      await hold;
    }
  });

  test('--hold 6: the director counts them as ActiveConn while the requests run, and they end with the run', async () => {
    await fromTheFile('dr');
    await change('dr', ['scheduler', 'lc']);
    const load = await cliJson<LoadTestResult>(['load', ...LAB, '-n', '10', '-c', '1', '--hold', '6']);
    assert.equal(load.summary.ok, 10);
    assert.equal(load.holds?.opened, 6);
    assert.equal(
      Object.values(load.holds?.byBackend ?? {}).reduce((a, b) => a + b, 0),
      6,
    );
    const p = load.prediction;
    assert.ok(p, load.predictionNote ?? 'a prediction');
    assert.equal(
      p.rows.reduce((n, r) => n + r.active, 0),
      6,
      `ActiveConn counts the holds: ${JSON.stringify(p.rows)}`,
    );
    assert.equal(p.matches, true, JSON.stringify(p));
    await clientIsClean();
    const active = await activeConns();
    assert.deepEqual(Object.values(active), [0, 0], `no connection held after the run: ${JSON.stringify(active)}`);
  });

  test('persist 60 with 8 sources: every source stays with one real server, as predicted', async () => {
    await fromTheFile('dr');
    await change('dr', ['persist', '60']);
    const load = await cliJson<LoadTestResult>(['load', ...LAB, '-n', '40', '-c', '4', '--clients', '8']);
    assert.equal(load.summary.ok, 40);
    for (const s of load.bySource) assert.equal(Object.keys(s.backends).length, 1, `${s.source}: ${JSON.stringify(s.backends)}`);
    assert.equal(load.prediction?.persistence, 60);
    assert.equal(load.prediction?.matches, true, JSON.stringify(load.prediction));
  });

  test('a load stopped with Ctrl-C ends curl and the holds and removes the added addresses', async () => {
    await fromTheFile('dr');
    const child = spawn(process.execPath, [join(repoRoot, 'dist', 'cli.js'), 'load', ...LAB, '-n', '4000', '-c', '2', '--clients', '8', '--hold', '4'], {
      // English whatever the caller's locale: the test reads its progress and its last sentence.
      env: { ...process.env, LC_ALL: 'C.UTF-8' },
      cwd: repoRoot,
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | null>((r) => child.on('close', r));
    for (let i = 0; i < 600 && !/load: \d+\/4000 requests/.test(stderr); i++) await sleep(100);
    assert.match(stderr, /load: \d+\/4000 requests/, 'the load is running');
    child.kill('SIGINT');
    assert.equal(await exited, 1);
    assert.match(stderr, /lvs-lab: the load test was stopped; the client is cleaned up\n$/);
    await clientIsClean();
  });
});
