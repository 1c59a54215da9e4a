// "The director only forwards" on real IPVS (issue 11): during large downloads the director holds no socket on the
// service's port while the real servers hold the connections; a 4 MB response moves through it in NAT, not in DR.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type Docker from 'dockerode';
import type { StepState } from '../../src/core/engine';
import type { L4Result } from '../../src/service/labService';
import { cli, cliJson } from '../support/cli';
import { dockerFor, ensureEngine } from '../support/engine';
import { inNode } from './helpers';

const MB4 = 4 * 1024 * 1024;

/** The labs this file brought up: only those are taken down at the end. */
const used = new Set<string>();

/** The lab up with every step done (idempotent: a running lab is only checked). */
async function upDone(lab: string): Promise<void> {
  used.add(lab);
  const { steps } = await cliJson<{ steps: StepState[] }>(['up', '--lab', lab]);
  for (const s of steps) assert.equal(s.status, 'done', `${s.id}: ${s.detail}`);
}

/** The director's sockets on port 80 and the real servers' open connections, read in the run while the downloads ran. */
function sockets(r: L4Result): { director: number; reals: number } {
  return {
    director: r.lesson.during.directorSockets.length,
    reals: r.lesson.during.realServers.reduce((n, s) => n + s.sockets.length, 0),
  };
}

describe('the director only forwards, on real IPVS', { timeout: 20 * 60_000 }, () => {
  let docker: Docker;
  before(async () => {
    docker = dockerFor(await ensureEngine());
  });
  after(async () => {
    for (const lab of used) await cli(['down', '--lab', lab]);
  });

  test('NAT: during the downloads the director has no socket on port 80 and the real servers have the connections; its OutBytes grow by the 4 MB responses', async () => {
    await upDone('nat');
    const r = await cliJson<L4Result>(['l4', '--size', '4M', '--lab', 'nat']);
    assert.equal(r.lesson.downloads.ok, 4, JSON.stringify(r.raw.downloads));
    const s = sockets(r);
    assert.equal(s.director, 0);
    assert.ok(s.reals >= 1, 'the real servers hold open connections on port 80');
    assert.ok(r.lesson.counters.outBytes >= 4 * MB4, `OutBytes grew by ${r.lesson.counters.outBytes}`);
    assert.equal(r.lesson.lesson.confirmed, true, r.lesson.lesson.evidence.join('\n'));
    // Past the project's parsers: nothing on port 80 in the director's own netstat taken during the run.
    assert.doesNotMatch(r.raw.during.node01.split('<<<lvslab sockets>>>')[1] ?? '', /:80\s/);
    // The file is gone again from the real servers.
    assert.equal((await inNode(docker, 'nat', 'node02', ['ls', '/var/www/html'])).trim(), 'index.html');
  });

  test('DR: during the downloads the director has no socket on port 80 and the real servers have the connections; the 4 MB responses never go through it (OutBytes unchanged)', async () => {
    await upDone('dr');
    const r = await cliJson<L4Result>(['l4', '--size', '4M', '--lab', 'dr']);
    assert.equal(r.lesson.downloads.ok, 4, JSON.stringify(r.raw.downloads));
    const s = sockets(r);
    assert.equal(s.director, 0);
    assert.ok(s.reals >= 1, 'the real servers hold open connections on port 80');
    assert.equal(r.lesson.counters.outBytes, 0);
    assert.ok(r.lesson.counters.inBytes > 0 && r.lesson.counters.inBytes < MB4 / 4, `InBytes grew by ${r.lesson.counters.inBytes}`);
    assert.equal(r.lesson.lesson.confirmed, true, r.lesson.lesson.evidence.join('\n'));
  });
});
