// The bundled CLI against engines that misbehave, as a user would meet them: every
// command ends within its timeout with one clear sentence and no stack trace.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { cli } from '../support/cli';

const held: ServerResponse[] = [];
function fakeEngine(answer: (res: ServerResponse) => void): Promise<Server> {
  const server = createServer((_, res) => answer(res));
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}
const urlOf = (s: Server) => `tcp://127.0.0.1:${(s.address() as AddressInfo).port}`;
const COMMANDS = ['status', 'up', 'down', 'steps', 'reset', 'doctor'];

/** One line on stderr, starting with the program's name, and no trace of JavaScript. */
function assertOneClearLine(stderr: string) {
  const lines = stderr.trim().split('\n');
  assert.equal(lines.length, 1, stderr);
  assert.match(lines[0], /^lvs-lab: /);
  assert.doesNotMatch(stderr, /\n\s+at |TypeError|Cannot read properties|UnhandledPromiseRejection/);
}

describe('the CLI against a misbehaving engine', () => {
  let silent: Server;
  let garbage: Server;
  before(async () => {
    assert.ok(existsSync(join(__dirname, '..', '..', 'dist', 'cli.js')), 'dist/cli.js is built (npm run build)');
    silent = await fakeEngine((res) => held.push(res));
    garbage = await fakeEngine((res) => res.writeHead(200, { 'Content-Type': 'text/plain' }).end('garbage!'));
  });
  after(() => {
    for (const r of held) r.destroy();
    silent.close();
    garbage.close();
  });

  for (const command of COMMANDS) {
    test(`${command}: an engine that accepts and never answers is named, with the call and the wait, within the timeout`, async () => {
      const started = Date.now();
      const r = await cli([command, '--docker-host', urlOf(silent), '--engine-timeout', '2'], process.env, 30_000);
      assert.ok(Date.now() - started < 15_000, `took ${Date.now() - started} ms`);
      assert.equal(r.code, 1);
      if (command === 'doctor') assert.match(r.stdout, /did not answer GET \/_ping within 2 s/);
      else {
        assertOneClearLine(r.stderr);
        assert.match(r.stderr, /did not answer (GET|POST) \/\S+ within 2 s/);
      }
    });

    test(`${command}: an engine answering garbage is said not to be Docker, in one line`, async () => {
      const r = await cli([command, '--docker-host', urlOf(garbage)], process.env, 30_000);
      assert.equal(r.code, 1);
      if (command === 'doctor') assert.match(r.stdout, /answered "garbage!" where Docker answers OK/);
      else {
        assertOneClearLine(r.stderr);
        assert.match(r.stderr, /something that is not Docker's API \("garbage!"\)/);
      }
    });
  }

  test('a host name that does not resolve is reported as unreachable, in one line', async () => {
    const r = await cli(['status', '--docker-host', 'tcp://nosuchhost.invalid:2375'], process.env, 30_000);
    assert.equal(r.code, 1);
    assertOneClearLine(r.stderr);
    assert.match(r.stderr, /Cannot reach Docker at tcp:\/\/nosuchhost\.invalid:2375: .*ENOTFOUND.*Start Docker/);
  });

  test('a load test that could outlast the limit is refused before anything runs', async () => {
    const r = await cli(['load', '-n', '4000', '-c', '1', '--timeout', '600', '--docker-host', urlOf(garbage)], process.env, 30_000);
    assert.equal(r.code, 1);
    assertOneClearLine(r.stderr);
    assert.match(r.stderr, /could take 666\.7 h if every one timed out after 600 s; the longest a load test may take is 4 h/);
    assert.doesNotMatch(r.stderr, /TimeoutOverflowWarning/);
  });
});
