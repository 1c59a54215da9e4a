// Lab identity and names: two lab files never share objects, and names cannot collide.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import type Docker from 'dockerode';
import { labIdentity } from '../../src/core/labIdentity';
import { labsDir, resolveLab } from '../../src/core/labLoader';
import { containerName, networkName } from '../../src/docker/labels';
import { networkDiffers } from '../../src/docker/labRuntime';

const scratch = mkdtempSync(join(tmpdir(), 'lvslab-identity-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

describe('lab identity and names', () => {
  test('a shipped lab has the same identity wherever it is installed; a user lab is its file', () => {
    assert.equal(labIdentity(resolveLab('dr')), 'shipped-dr');
    const yaml = readFileSync(join(labsDir(), 'dr.yaml'), 'utf8').replace(/^name: dr$/m, 'name: mine');
    const [a, b] = ['a.lvslab.yaml', 'b.lvslab.yaml'].map((f) => join(scratch, f));
    writeFileSync(a, yaml);
    writeFileSync(b, yaml);
    const [ia, ib] = [a, b].map((f) => labIdentity(resolveLab(f)));
    assert.match(ia, /^file-[0-9a-f]{16}$/);
    assert.notEqual(ia, ib, 'two files with the same lab name differ');
    assert.equal(labIdentity(resolveLab(a)), ia, 'the same file keeps its identity');
  });

  test('container and network names cannot collide across lab and node names', () => {
    assert.notEqual(containerName('a-b', 'c'), containerName('a', 'b-c'));
    assert.notEqual(networkName('a-b', 'c'), networkName('a', 'b-c'));
    assert.equal(containerName('dr', 'node01'), 'lvslab-dr.node01');
  });

  test('an existing network is reused only when subnet, gateway and range all match, else what differs is said', () => {
    const net = { name: 'lan', subnet: '192.168.150.0/24', gateway: '192.168.150.1', dockerRange: '192.168.150.192/27' };
    const existing = (c: { Subnet?: string; Gateway?: string; IPRange?: string }) => ({ IPAM: { Config: [c] } }) as unknown as Docker.NetworkInspectInfo;
    assert.equal(networkDiffers(existing({ Subnet: '192.168.150.0/24', Gateway: '192.168.150.1', IPRange: '192.168.150.192/27' }), net), undefined);
    assert.equal(
      networkDiffers(existing({ Subnet: '192.168.150.0/24', Gateway: '192.168.150.254' }), net),
      'gateway 192.168.150.254 (the lab file says 192.168.150.1), range none (the lab file says 192.168.150.192/27)',
    );
  });
});
