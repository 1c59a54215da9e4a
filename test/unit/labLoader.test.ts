import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { parseDocument } from 'yaml';
import { LabError, listLabs, parseLab, resolveLab } from '../../src/core/labLoader';

const labsDir = join(__dirname, '..', '..', 'labs');
const drText = readFileSync(join(labsDir, 'dr.yaml'), 'utf8');

/** dr.yaml with one change applied, as a user would make it in an editor. */
function variant(edit: (doc: ReturnType<typeof parseDocument>) => void): string {
  const doc = parseDocument(drText);
  edit(doc);
  return doc.toString();
}

function problemsOf(text: string, file = 'labs/bad.yaml'): string[] {
  try {
    parseLab(text, file);
  } catch (e) {
    assert.ok(e instanceof LabError, `expected a LabError, got ${String(e)}`);
    return e.message.split('\n');
  }
  assert.fail('the lab was accepted');
}

describe('shipped labs', () => {
  test('every lab in labs/ validates', () => {
    assert.deepEqual(listLabs(labsDir), ['dr', 'nat', 'tun']);
    for (const name of listLabs(labsDir)) resolveLab(name, labsDir);
  });

  test("dr.yaml is the handbook's lab with the errata applied", () => {
    const lab = resolveLab('dr', labsDir);
    assert.equal(lab.mode, 'dr');
    assert.equal(lab.scheduler, 'rr');
    assert.deepEqual(lab.service, { vip: '192.168.150.100', port: 80, protocol: 'tcp' });
    assert.deepEqual(
      lab.nodes.map((n) => [n.name, n.role, n.addresses.lan, n.weight]),
      [
        ['client', 'client', '192.168.150.10', undefined],
        ['node01', 'director', '192.168.150.11', undefined],
        ['node02', 'real', '192.168.150.12', 1],
        ['node03', 'real', '192.168.150.13', 1],
      ],
    );
  });

  test('an unknown lab name lists the known ones', () => {
    assert.throws(() => resolveLab('dx', labsDir), /No lab named "dx": the labs are dr, nat, tun/);
  });
});

describe('bad labs fail naming the file, the field and what is wrong', () => {
  test('unknown scheduler', () => {
    const problems = problemsOf(variant((d) => d.set('scheduler', 'fastest')));
    assert.deepEqual(problems, ['labs/bad.yaml: scheduler: must be one of rr, wrr, lc, wlc, lblc, lblcr, dh, sh, sed, nq, fo, ovf, mh']);
  });

  test('IP outside the subnet', () => {
    const problems = problemsOf(variant((d) => d.setIn(['nodes', 2, 'addresses', 'lan'], '10.0.0.12')));
    assert.deepEqual(problems, ['labs/bad.yaml: nodes[2].addresses.lan: 10.0.0.12 is outside network lan (192.168.150.0/24)']);
  });

  test('duplicate real server (same address twice: the handbook erratum)', () => {
    const problems = problemsOf(variant((d) => d.setIn(['nodes', 3, 'addresses', 'lan'], '192.168.150.12')));
    assert.deepEqual(problems, ['labs/bad.yaml: nodes[3].addresses.lan: 192.168.150.12 is already used by node02']);
  });

  test('duplicate node name', () => {
    const problems = problemsOf(variant((d) => d.setIn(['nodes', 3, 'name'], 'node02')));
    assert.deepEqual(problems, ['labs/bad.yaml: nodes[3].name: duplicate node name node02']);
  });

  test('missing VIP', () => {
    const problems = problemsOf(variant((d) => d.deleteIn(['service', 'vip'])));
    assert.deepEqual(problems, ['labs/bad.yaml: service.vip: is missing']);
  });

  test('bad port', () => {
    const problems = problemsOf(variant((d) => d.setIn(['service', 'port'], 70000)));
    assert.deepEqual(problems, ['labs/bad.yaml: service.port: must be <= 65535']);
  });

  test('unknown mode', () => {
    const problems = problemsOf(variant((d) => d.set('mode', 'gre')));
    assert.deepEqual(problems, ['labs/bad.yaml: mode: must be one of dr, nat, tun']);
  });

  test('VIP inside the range Docker allocates from', () => {
    const problems = problemsOf(variant((d) => d.setIn(['service', 'vip'], '192.168.150.200')));
    assert.deepEqual(problems, ['labs/bad.yaml: service.vip: 192.168.150.200 is inside dockerRange 192.168.150.192/26, where Docker hands out addresses']);
  });

  test('a VIP that is a node address', () => {
    const problems = problemsOf(variant((d) => d.setIn(['service', 'vip'], '192.168.150.11')));
    assert.deepEqual(problems, ['labs/bad.yaml: service.vip: 192.168.150.11 is already used by node01']);
  });

  test('unknown field and broken YAML', () => {
    assert.deepEqual(problemsOf(variant((d) => d.set('schedular', 'rr'))), ['labs/bad.yaml: schedular: is not a known field']);
    assert.match(problemsOf('name: [dr\n')[0], /^labs\/bad\.yaml: \(file\): YAML: /);
  });

  test('NAT needs real servers off the client network', () => {
    const problems = problemsOf(variant((d) => d.set('mode', 'nat')));
    assert.ok(problems.includes("labs/bad.yaml: networks: NAT mode needs two networks: the client side and the real servers' side"), problems.join('\n'));
    assert.ok(
      problems.includes("labs/bad.yaml: nodes[2].addresses: NAT mode needs real server node02 off the client's network lan, or replies bypass the director"),
    );
  });

  test('a lab with no director', () => {
    const problems = problemsOf(variant((d) => d.setIn(['nodes', 1, 'role'], 'real')));
    assert.ok(problems.includes('labs/bad.yaml: nodes: needs exactly one director, found 0'), problems.join('\n'));
  });
});
