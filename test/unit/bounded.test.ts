// Every Docker API call is bounded and an answer that is not Docker's is named as such,
// against fake engines on loopback: one that accepts and never answers, one that answers garbage.
import assert from 'node:assert/strict';
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { DockerProtocolError, DockerTimeoutError } from '../../src/docker/bounded';
import { connectDocker, isUnreachable } from '../../src/docker/connection';

const held: ServerResponse[] = [];
function fakeEngine(answer: (path: string, res: ServerResponse) => void): Promise<Server> {
  const server = createServer((req, res) => answer(req.url ?? '', res));
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}
const urlOf = (s: Server) => `tcp://127.0.0.1:${(s.address() as AddressInfo).port}`;

describe('bounded Docker calls', () => {
  let silent: Server;
  let garbage: Server;
  let docker: Server;

  before(async () => {
    silent = await fakeEngine((_, res) => held.push(res));
    garbage = await fakeEngine((_, res) => res.writeHead(200, { 'Content-Type': 'text/html' }).end('<html>not docker</html>'));
    docker = await fakeEngine((path, res) => res.writeHead(200, { 'Content-Type': 'application/json' }).end(path.includes('/containers/json') ? '[]' : '{}'));
  });
  after(() => {
    for (const r of held) r.destroy();
    for (const s of [silent, garbage, docker]) s.close();
  });

  test('a read from an engine that never answers fails within its bound, naming the call, the engine and the wait', async () => {
    const { docker: d } = connectDocker(urlOf(silent), { readMs: 500, writeMs: 2000 });
    const started = Date.now();
    const err = await d.listContainers().then(
      () => assert.fail('answered'),
      (e: unknown) => e,
    );
    assert.ok(err instanceof DockerTimeoutError);
    assert.match(err.message, new RegExp(`^Docker at ${urlOf(silent)} did not answer GET /containers/json within 0.5 s$`));
    assert.ok(Date.now() - started < 1500, `took ${Date.now() - started} ms`);
    assert.ok(isUnreachable(err));
  });

  test('a change and a stream (the event stream) are bounded too', async () => {
    const { docker: d } = connectDocker(urlOf(silent), { readMs: 300, writeMs: 600 });
    await assert.rejects(d.createNetwork({ Name: 'x' }), /did not answer POST \/networks\/create within 0.6 s/);
    await assert.rejects(d.getEvents({}), /did not answer GET \/events within 0.3 s/);
  });

  test('an answer that is not JSON fails as not Docker, and counts as unreachable', async () => {
    const { docker: d } = connectDocker(urlOf(garbage));
    const err = await d.listNetworks().then(
      () => assert.fail('answered'),
      (e: unknown) => e,
    );
    assert.ok(err instanceof DockerProtocolError);
    assert.match(err.message, /answered GET \/networks with something that is not Docker's API \("<html>not docker/);
    assert.ok(isUnreachable(err));
  });

  test("Docker's own JSON answers pass through", async () => {
    const { docker: d } = connectDocker(urlOf(docker));
    assert.deepEqual(await d.listContainers(), []);
  });

  test('names that do not resolve and networks that cannot be reached count as unreachable', () => {
    for (const code of ['ENOTFOUND', 'ENETUNREACH', 'EAI_AGAIN']) assert.ok(isUnreachable(Object.assign(new Error(code), { code })), code);
    assert.ok(!isUnreachable(Object.assign(new Error('conflict'), { statusCode: 409 })));
  });
});
