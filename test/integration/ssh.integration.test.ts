// The bundled CLI (dist/cli.js, with ssh2's native addons left out by esbuild)
// drives the lab host's Docker over ssh://, with a key this test makes and an agent.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { DoctorReport } from '../../src/service/doctor';
import { cli } from '../support/cli';
import { ensureEngine, repoRoot } from '../support/engine';

const labhost = join(repoRoot, 'test', 'labhost', 'labhost.sh');
const sshPort = process.env.LABHOST_SSH_PORT ?? '2222';

describe('Docker over ssh:// to the lab host', { timeout: 15 * 60_000 }, () => {
  let dir: string;
  let agentEnv: Record<string, string> = {};

  before(async () => {
    await ensureEngine();
    dir = mkdtempSync(join(tmpdir(), 'lvslab-ssh-'));
    const key = join(dir, 'id_ed25519');
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'lvslab-ssh-test', '-f', key]);
    execFileSync('bash', [labhost, 'authorize', `${key}.pub`], { stdio: ['ignore', 'ignore', 'inherit'] });
    // ssh-agent prints `SSH_AUTH_SOCK=...; export ...;` lines.
    const out = execFileSync('ssh-agent', ['-s', '-a', join(dir, 'agent.sock')], { encoding: 'utf8' });
    agentEnv = Object.fromEntries([...out.matchAll(/(SSH_AUTH_SOCK|SSH_AGENT_PID)=([^;]+);/g)].map((m) => [m[1], m[2]]));
    execFileSync('ssh-add', ['-q', key], { env: { ...process.env, ...agentEnv } });
  });

  after(() => {
    if (agentEnv.SSH_AGENT_PID) execFileSync('kill', [agentEnv.SSH_AGENT_PID]);
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test('doctor over ssh: Docker answers and IPVS works in a privileged container', async () => {
    const env = { ...process.env, ...agentEnv, DOCKER_HOST: `ssh://root@127.0.0.1:${sshPort}` };
    const r = await cli(['doctor', '--json'], env, 10 * 60_000);
    assert.equal(r.code, 0, `${r.stderr}\n${r.stdout}`);
    const report = JSON.parse(r.stdout) as DoctorReport;
    assert.deepEqual(report.endpoint, { source: 'DOCKER_HOST', host: `ssh://root@127.0.0.1:${sshPort}` });
    const byCheck = Object.fromEntries(report.findings.map((f) => [f.check, f]));
    assert.equal(byCheck.docker.status, 'ok');
    assert.match(byCheck.api.message, /API 1\.\d+/);
    // The IPVS probe runs a container and an exec: the hijacked exec stream crosses ssh too.
    assert.equal(byCheck.ipvs.status, 'ok', byCheck.ipvs.message);
    assert.match(byCheck.ipvs.message, /IP Virtual Server version/);
  });

  test('without a usable key the CLI says so in one sentence', async () => {
    const env = { ...process.env, SSH_AUTH_SOCK: join(dir, 'no-agent.sock'), DOCKER_HOST: `ssh://root@127.0.0.1:${sshPort}` };
    const r = await cli(['status'], env, 5 * 60_000);
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /^lvs-lab: Cannot log in to ssh:\/\/root@127\.0\.0\.1:\d+: .+ssh-add.+\n$/);
    assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
  });
});
