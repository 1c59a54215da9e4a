// Load from several client addresses and with held connections: the addresses picked, curl's argv (run for real
// against a local server, each source a 127.0.0.x address), the hold script (run for real against a local
// keep-alive server) and the exec that ends a run.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Lab } from '../../src/core/lab';
import { resolveLab } from '../../src/core/labLoader';
import { endRunArgv, holdArgv, parseHoldOutput, withPidFile } from '../../src/core/loadHold';
import { addSourcesArgv, freeAddresses, loadSources, splitBySource } from '../../src/core/loadSources';
import { bodiesArgv, combine, curlArgv, parseBodies, requestSources, sourceOf, validateSpec } from '../../src/core/loadTest';

const labsDir = join(__dirname, '..', '..', 'labs');
const dr = resolveLab('dr', labsDir);
const nat = resolveLab('nat', labsDir);
const spec = { vip: '192.168.150.100', port: 80, requests: 10, concurrency: 2, timeoutSeconds: 5 };
const hasCurl = spawnSync('curl', ['--version']).status === 0;

/** Runs an argv to its end; stdout, stderr and the exit code. */
function run(argv: string[]): Promise<{ stdout: string; stderr: string; code: number | null }> {
  return new Promise((resolve) => {
    const p = spawn(argv[0], argv.slice(1));
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    p.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    p.on('close', (code) => resolve({ stdout, stderr, code }));
  });
}

describe('client source addresses', () => {
  test("the DR lab's free addresses: from the top of 192.168.150.0/24 down, below Docker's range .192/26", () => {
    assert.deepEqual(freeAddresses(dr, 3), ['192.168.150.191', '192.168.150.190', '192.168.150.189']);
  });

  test('never the network or broadcast address, the gateway, the VIP, a node, or Docker’s range', () => {
    const net = { ...dr.networks[0], subnet: '192.168.150.0/28', gateway: '192.168.150.14', dockerRange: '192.168.150.0/30' };
    const small: Lab = { ...dr, networks: [net], service: { ...dr.service, vip: '192.168.150.9' } };
    // .15 broadcast, .14 gateway, .10-.13 nodes, .9 VIP, .0-.3 Docker's range (and .0 the network).
    assert.deepEqual(freeAddresses(small, 5), ['192.168.150.8', '192.168.150.7', '192.168.150.6', '192.168.150.5', '192.168.150.4']);
    assert.throws(
      () => freeAddresses(small, 6),
      /^Error: 192\.168\.150\.0\/28 has only 5 free addresses for the client, not 6: ask for fewer client addresses$/,
    );
  });

  test("K sources: the client's own address on the VIP's network first, then K - 1 added on its interface there", () => {
    assert.deepEqual(loadSources(dr, 1), { device: 'eth0', sources: ['192.168.150.10'], added: [] });
    const eight = loadSources(nat, 8);
    assert.equal(eight.device, 'eth0');
    assert.deepEqual(eight.sources.slice(0, 3), ['192.168.151.10', '192.168.151.191', '192.168.151.190']);
    assert.deepEqual(eight.added, eight.sources.slice(1));
    assert.equal(new Set(eight.sources).size, 8);
  });

  test('the addresses are added in one exec, each as an argument of a fixed script', () => {
    const argv = addSourcesArgv('eth0', ['192.168.150.191', '192.168.150.190']);
    assert.deepEqual(argv.slice(3), ['sh', 'eth0', '192.168.150.191', '192.168.150.190']);
    assert.doesNotMatch(argv[2], /192\.168/);
  });

  test('request i comes from source (i - 1) mod K; curl sends them source by source', () => {
    const sources = ['a', 'b', 'c'];
    assert.deepEqual(
      [1, 2, 3, 4, 7].map((i) => sourceOf(i, sources)),
      ['a', 'b', 'c', 'a', 'a'],
    );
    assert.deepEqual(requestSources(7, sources), ['a', 'a', 'a', 'b', 'b', 'c', 'c']);
  });

  test('per source: its requests and the real servers that answered them; failures count as sent, not answered', () => {
    const results = [
      { index: 1, backend: 'node02' },
      { index: 2, backend: 'node03' },
      { index: 3, backend: 'node02' },
      { index: 4, backend: null },
      { index: 5, backend: 'node02' },
    ];
    assert.deepEqual(splitBySource(results, ['10.0.0.1', '10.0.0.2']), [
      { source: '10.0.0.1', requests: 3, backends: { node02: 3 } },
      { source: '10.0.0.2', requests: 2, backends: { node03: 1 } },
    ]);
  });

  test('limits: 1 to 64 client addresses, no more than the requests; 0 to 64 held connections', () => {
    assert.throws(() => validateSpec({ ...spec, clients: 0 }), /client addresses must be a whole number from 1 to 64/);
    assert.throws(() => validateSpec({ ...spec, clients: 65, requests: 100 }), /from 1 to 64/);
    assert.throws(() => validateSpec({ ...spec, clients: 11 }), /^Error: 11 client addresses need at least 11 requests, one from each$/);
    assert.throws(() => validateSpec({ ...spec, hold: 65 }), /held connections must be a whole number from 0 to 64/);
    assert.throws(() => validateSpec({ ...spec, hold: 1.5 }), /held connections/);
    validateSpec({ ...spec, clients: 10, hold: 64 });
  });
});

describe("curl's argv with several sources", () => {
  test('one source: no --interface, one glob over every request (as before)', () => {
    const argv = curlArgv(spec, '/tmp/d', ['192.168.150.10']);
    assert.ok(!argv.includes('--interface') && !argv.includes('--next'));
    assert.equal(argv.at(-1), 'http://192.168.150.100:80/?req=[1-10]');
  });

  test('K sources: K groups, each bound to its address, with a stepped glob from its first request', () => {
    const argv = curlArgv({ ...spec, clients: 3 }, '/tmp/d', ['s1', 's2', 's3']);
    assert.equal(argv.filter((a) => a === '--next').length, 2);
    assert.deepEqual(
      argv.flatMap((a, i) => (argv[i - 1] === '--interface' ? [a] : [])),
      ['s1', 's2', 's3'],
    );
    assert.deepEqual(
      argv.filter((a) => a.startsWith('http://')),
      ['http://192.168.150.100:80/?req=[1-10:3]', 'http://192.168.150.100:80/?req=[2-10:3]', 'http://192.168.150.100:80/?req=[3-10:3]'],
    );
    assert.throws(() => curlArgv({ ...spec, clients: 3 }, '/tmp/d', ['s1']), /3 client addresses were asked for, 1 given/);
  });

  describe('run against a local server that answers with the address each request came from', { skip: !hasCurl && 'curl is not installed' }, () => {
    let server: Server;
    let port = 0;
    const seen: string[] = [];
    before(async () => {
      server = createServer((req, res) => {
        seen.push(`${/req=(\d+)/.exec(req.url ?? '')?.[1]} ${req.socket.remoteAddress}`);
        res.writeHead(200, { Connection: 'close' }).end(`${req.socket.remoteAddress}\n`);
      });
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      port = (server.address() as AddressInfo).port;
    });
    after(() => server.close());

    test('every request from its source, in the order requestSources says, and the pid file holds curl', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'lvslab-curl-'));
      const sources = ['127.0.0.1', '127.0.0.2', '127.0.0.3'];
      const s = { vip: '127.0.0.1', port, requests: 8, concurrency: 1, timeoutSeconds: 5, clients: 3 };
      const curl = await run(withPidFile(join(dir, 'pid'), curlArgv(s, join(dir, 'out'), sources)));
      assert.equal(curl.code, 0, curl.stderr);
      assert.equal(curl.stderr, '', 'no progress meter from any group');
      assert.match((await run(['cat', join(dir, 'pid')])).stdout, /^\d+\n$/);
      const bodies = parseBodies((await run(bodiesArgv(join(dir, 'out')))).stdout, join(dir, 'out'));
      const results = combine(curl.stdout, bodies);
      assert.deepEqual(
        results.map((r) => [r.index, r.backend]),
        results.map((r) => [r.index, sourceOf(r.index, sources)]),
      );
      assert.equal(results.length, 8);
      assert.deepEqual(
        seen.map((l) => l.split(' ')[1]),
        requestSources(8, sources),
      );
      rmSync(dir, { recursive: true, force: true });
    });
  });
});

describe('held connections', () => {
  test('the hold takes every user value as an argument, never in its script', () => {
    const argv = holdArgv('192.168.150.100', 80, 6, 90, '/tmp/lvslab-hold-x');
    assert.deepEqual(argv.slice(0, 2), ['bash', '-c']);
    assert.deepEqual(argv.slice(3), ['lvslab-hold', '6', '192.168.150.100', '80', '90', '/tmp/lvslab-hold-x', '3']);
    assert.doesNotMatch(argv[2], /192\.168|lvslab-hold-x/);
  });

  test('its output: connections held per real server, ready, or the one that failed', () => {
    assert.deepEqual(parseHoldOutput('held 1 node02\nheld 2 node03\nheld 3 node02\nready\n'), {
      opened: 3,
      byBackend: { node02: 2, node03: 1 },
      ready: true,
      failed: null,
    });
    assert.deepEqual(parseHoldOutput('held 1 node02\nheld 2 \nfailed 3\n'), { opened: 2, byBackend: { node02: 1, '(no answer)': 1 }, ready: false, failed: 3 });
    assert.deepEqual(parseHoldOutput('held 1 nod'), { opened: 1, byBackend: { nod: 1 }, ready: false, failed: null });
  });

  describe('run against a local keep-alive server', () => {
    let server: Server;
    let port = 0;
    const open = new Set<unknown>();
    let requests = 0;
    before(async () => {
      server = createServer((_req, res) => {
        requests++;
        res.end('node02\n');
      });
      server.on('connection', (socket) => {
        open.add(socket);
        socket.on('close', () => open.delete(socket));
      });
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      port = (server.address() as AddressInfo).port;
    });
    after(() => server.close());

    test('opens K connections, keeps each alive with a request every 3 s, and ends when its flag is removed', async () => {
      const flag = join(mkdtempSync(join(tmpdir(), 'lvslab-hold-')), 'flag');
      const p = spawn('bash', holdArgv('127.0.0.1', port, 3, 60, flag).slice(1));
      let out = '';
      p.stdout.on('data', (d: Buffer) => (out += d.toString()));
      const exited = new Promise<number | null>((r) => p.on('close', r));
      for (let i = 0; i < 50 && !parseHoldOutput(out).ready; i++) await sleep(100);
      assert.deepEqual(parseHoldOutput(out), { opened: 3, byBackend: { node02: 3 }, ready: true, failed: null });
      assert.equal(open.size, 3);
      await sleep(3_500);
      assert.equal(open.size, 3, 'the same three connections');
      assert.ok(requests >= 6, `a first request and a keep-alive one on each: ${requests}`);
      rmSync(flag);
      const started = Date.now();
      assert.equal(await exited, 0);
      assert.ok(Date.now() - started < 2_500);
      for (let i = 0; i < 20 && open.size > 0; i++) await sleep(50);
      assert.equal(open.size, 0, 'the connections are closed');
    });

    test('a connection that cannot be opened is reported as failed', async () => {
      const flag = join(mkdtempSync(join(tmpdir(), 'lvslab-hold-')), 'flag');
      const closed = createServer();
      await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
      const unused = (closed.address() as AddressInfo).port;
      await new Promise((r) => closed.close(r));
      const r = await run(holdArgv('127.0.0.1', unused, 2, 60, flag));
      assert.equal(r.code, 3);
      assert.equal(parseHoldOutput(r.stdout).failed, 1);
    });
  });
});

describe('ending a run on the client', () => {
  test('stopped: curl (by its recorded pid) is ended, the flag, pid file and pages removed', async () => {
    const base = mkdtempSync(join(tmpdir(), 'lvslab-end-'));
    const files = { dir: join(base, 'out'), pidFile: join(base, 'pid'), flag: join(base, 'flag') };
    mkdirSync(files.dir);
    writeFileSync(join(files.dir, '1'), 'node02\n');
    writeFileSync(files.flag, '');
    const sleeper = spawn('sleep', ['30']);
    const ended = new Promise((r) => sleeper.on('close', r));
    writeFileSync(files.pidFile, `${sleeper.pid}\n`);
    const r = await run(endRunArgv(files, true, 'lo', []));
    assert.equal(r.code, 0, r.stderr);
    await ended;
    assert.equal(sleeper.signalCode, 'SIGTERM');
    assert.deepEqual([existsSync(files.dir), existsSync(files.pidFile), existsSync(files.flag)], [false, false, false]);
    rmSync(base, { recursive: true, force: true });
  });

  test('not stopped: nothing is killed; the added addresses are arguments of a fixed script', async () => {
    const base = mkdtempSync(join(tmpdir(), 'lvslab-end-'));
    const files = { dir: join(base, 'out'), pidFile: join(base, 'pid'), flag: join(base, 'flag') };
    const sleeper = spawn('sleep', ['30']);
    writeFileSync(files.pidFile, `${sleeper.pid}\n`);
    assert.equal((await run(endRunArgv(files, false, 'lo', []))).code, 0);
    assert.equal(sleeper.exitCode, null, 'still running');
    sleeper.kill();
    const argv = endRunArgv(files, false, 'eth0', ['192.168.150.191']);
    assert.deepEqual(argv.slice(-3), ['0', 'eth0', '192.168.150.191']);
    assert.doesNotMatch(argv[2], /192\.168/);
    rmSync(base, { recursive: true, force: true });
  });
});
