import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { resolveEndpoint } from '../../src/docker/connection';

function home(): string {
  return mkdtempSync(join(tmpdir(), 'lvslab-home-'));
}

function addContext(h: string, name: string, host: string, tls = false) {
  const id = createHash('sha256').update(name).digest('hex');
  const meta = join(h, '.docker', 'contexts', 'meta', id);
  mkdirSync(meta, { recursive: true });
  writeFileSync(join(meta, 'meta.json'), JSON.stringify({ Name: name, Metadata: {}, Endpoints: { docker: { Host: host, SkipTLSVerify: false } } }));
  if (tls) {
    const dir = join(h, '.docker', 'contexts', 'tls', id, 'docker');
    mkdirSync(dir, { recursive: true });
    for (const f of ['ca.pem', 'cert.pem', 'key.pem']) writeFileSync(join(dir, f), `${f} of ${name}`);
  }
}

function selectContext(h: string, name: string) {
  writeFileSync(join(h, '.docker', 'config.json'), JSON.stringify({ auths: {}, currentContext: name }));
}

describe('Docker endpoint, in the Docker CLI order', () => {
  test('the platform default socket when nothing is set', () => {
    const e = resolveEndpoint({ env: {}, home: home(), platform: 'linux' });
    assert.deepEqual(e, { source: 'default', host: 'unix:///var/run/docker.sock', options: { socketPath: '/var/run/docker.sock' } });
  });

  test('the setting wins over DOCKER_HOST and contexts', () => {
    const h = home();
    addContext(h, 'remote', 'tcp://10.9.9.9:2375');
    selectContext(h, 'remote');
    const e = resolveEndpoint({ setting: 'tcp://127.0.0.1:2375', env: { DOCKER_HOST: 'unix:///other.sock' }, home: h });
    assert.equal(e.source, 'setting');
    assert.deepEqual(e.options, { host: '127.0.0.1', port: '2375', protocol: 'http' });
  });

  test('DOCKER_HOST over a context; unix sockets', () => {
    const h = home();
    addContext(h, 'remote', 'tcp://10.9.9.9:2375');
    selectContext(h, 'remote');
    const e = resolveEndpoint({ env: { DOCKER_HOST: 'unix:///run/user/1000/docker.sock' }, home: h });
    assert.equal(e.source, 'DOCKER_HOST');
    assert.deepEqual(e.options, { socketPath: '/run/user/1000/docker.sock' });
  });

  test('tcp with DOCKER_TLS_VERIFY reads the certificates from DOCKER_CERT_PATH', () => {
    const certs = home();
    for (const f of ['ca.pem', 'cert.pem', 'key.pem']) writeFileSync(join(certs, f), f);
    const e = resolveEndpoint({ env: { DOCKER_HOST: 'tcp://docker.example:2376', DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: certs }, home: home() });
    const o = e.options as Record<string, unknown>;
    assert.equal(o.protocol, 'https');
    assert.equal(o.host, 'docker.example');
    assert.equal(String(o.ca), 'ca.pem');
    assert.equal(String(o.cert), 'cert.pem');
    assert.equal(String(o.key), 'key.pem');
  });

  test('ssh with user and port; keys come from the agent', () => {
    const e = resolveEndpoint({ env: { DOCKER_HOST: 'ssh://root@127.0.0.1:2222', SSH_AUTH_SOCK: '/tmp/agent.sock' }, home: home() });
    assert.deepEqual(e.options, { protocol: 'ssh', host: '127.0.0.1', port: '2222', username: 'root', sshOptions: { agent: '/tmp/agent.sock' } });
  });

  test('the current context from config.json, with its TLS material', () => {
    const h = home();
    addContext(h, 'lab', 'tcp://192.0.2.5:2376', true);
    selectContext(h, 'lab');
    const e = resolveEndpoint({ env: {}, home: h });
    assert.equal(e.source, 'context');
    assert.equal(e.context, 'lab');
    assert.equal(e.host, 'tcp://192.0.2.5:2376');
    const o = e.options as Record<string, unknown>;
    assert.equal(o.protocol, 'https');
    assert.equal(String(o.ca), 'ca.pem of lab');
  });

  test('DOCKER_CONTEXT overrides config.json; "default" means the default socket', () => {
    const h = home();
    addContext(h, 'a', 'unix:///a.sock');
    addContext(h, 'b', 'unix:///b.sock');
    selectContext(h, 'a');
    assert.equal(resolveEndpoint({ env: { DOCKER_CONTEXT: 'b' }, home: h }).host, 'unix:///b.sock');
    assert.equal(resolveEndpoint({ env: { DOCKER_CONTEXT: 'default' }, home: h, platform: 'linux' }).source, 'default');
  });

  test('a selected context that does not exist is a clear error', () => {
    const h = home();
    mkdirSync(join(h, '.docker'));
    selectContext(h, 'gone');
    assert.throws(() => resolveEndpoint({ env: {}, home: h }), /Docker context "gone" is selected but .*meta\.json does not exist/);
  });

  test('an unsupported scheme is refused', () => {
    assert.throws(() => resolveEndpoint({ env: { DOCKER_HOST: 'fd://3' }, home: home() }), /Unsupported Docker host "fd:\/\/3"/);
  });
});
