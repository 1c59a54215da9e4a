// Issue 8: lab files a network person would accept, and nothing else reaches Docker.
// Each case below was accepted (or failed naming no file) before the rule it tests.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { parseDocument } from 'yaml';
import { LabError, parseLab } from '../../src/core/labLoader';
import { semanticProblems } from '../../src/core/labRules';
import type { Lab, LabNode } from '../../src/core/lab';

const labsDir = join(__dirname, '..', '..', 'labs');
const shipped = (name: string) => readFileSync(join(labsDir, `${name}.yaml`), 'utf8');
const drText = shipped('dr');
const natText = shipped('nat');

/** A shipped lab with one change applied, as a user would make it in an editor. */
function variant(text: string, edit: (doc: ReturnType<typeof parseDocument>) => void): string {
  const doc = parseDocument(text);
  edit(doc);
  return doc.toString();
}

/** dr.yaml moved, whole, to another /24: subnet, gateway, range, VIP and every address. */
const drOn = (prefix: string) => drText.replaceAll('192.168.150.', prefix);

function refusal(load: () => unknown): LabError {
  try {
    load();
  } catch (e) {
    assert.ok(e instanceof LabError, `expected a LabError, got ${String(e)}`);
    return e;
  }
  assert.fail('the lab was accepted');
}

/** The lines the loader prints for a lab it refuses. labs/bad.yaml sits with the shipped labs, so its name may be dr. */
const problemsOf = (text: string, file = 'labs/bad.yaml') => refusal(() => parseLab(text, file)).message.split('\n');

function timed<T>(run: () => T): { value: T; ms: number } {
  const start = performance.now();
  const value = run();
  return { value, ms: performance.now() - start };
}

describe('subnets: private, a usable size, the network address, clear of docker0 and of each other', () => {
  test('a /0 prefix', () => {
    assert.deepEqual(problemsOf(variant(drText, (d) => d.setIn(['networks', 0, 'subnet'], '192.168.150.0/0'))), [
      'labs/bad.yaml: networks[0].subnet: 192.168.150.0/0 is too large for a lab network; use a prefix from /16 to /29',
    ]);
  });

  test('0.0.0.0/0, the whole Internet', () => {
    assert.deepEqual(problemsOf(variant(drText, (d) => d.setIn(['networks', 0, 'subnet'], '0.0.0.0/0'))), [
      'labs/bad.yaml: networks[0].subnet: 0.0.0.0/0 is too large for a lab network; use a prefix from /16 to /29',
    ]);
  });

  test('the prefix bounds: /16 is accepted, /15 and /30 are not', () => {
    parseLab(
      variant(drText, (d) => d.setIn(['networks', 0, 'subnet'], '192.168.0.0/16')),
      'labs/bad.yaml',
    );
    assert.deepEqual(problemsOf(variant(drText, (d) => d.setIn(['networks', 0, 'subnet'], '192.168.0.0/15'))), [
      'labs/bad.yaml: networks[0].subnet: 192.168.0.0/15 is too large for a lab network; use a prefix from /16 to /29',
    ]);
    const small = problemsOf(variant(drText, (d) => d.setIn(['networks', 0, 'subnet'], '192.168.150.0/30')));
    assert.equal(small[0], 'labs/bad.yaml: networks[0].subnet: 192.168.150.0/30 is too small for a lab network; use a prefix from /16 to /29');
  });

  test('a public range', () => {
    assert.deepEqual(problemsOf(drOn('8.8.8.')), [
      'labs/bad.yaml: networks[0].subnet: 8.8.8.0/24 is a public range; a lab network must lie in a private range (RFC 1918): 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16',
    ]);
  });

  test('a loopback range', () => {
    assert.deepEqual(problemsOf(drOn('127.0.150.')), [
      'labs/bad.yaml: networks[0].subnet: 127.0.150.0/24 is a loopback range; a lab network must lie in a private range (RFC 1918): 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16',
    ]);
  });

  test('the other private ranges are accepted', () => {
    for (const prefix of ['10.1.2.', '172.20.0.', '192.168.7.']) parseLab(drOn(prefix), 'labs/bad.yaml');
  });

  test("Docker's default bridge 172.17.0.0/16", () => {
    assert.deepEqual(problemsOf(drOn('172.17.150.')), [
      "labs/bad.yaml: networks[0].subnet: 172.17.150.0/24 overlaps 172.17.0.0/16, the range of Docker's default bridge (docker0); choose another private range",
    ]);
  });

  test('host bits in the subnet', () => {
    assert.deepEqual(problemsOf(variant(drText, (d) => d.setIn(['networks', 0, 'subnet'], '192.168.150.5/24'))), [
      'labs/bad.yaml: networks[0].subnet: 192.168.150.5/24 has host bits set; did you mean 192.168.150.0/24?',
    ]);
  });

  test('host bits in the dockerRange', () => {
    assert.deepEqual(problemsOf(variant(drText, (d) => d.setIn(['networks', 0, 'dockerRange'], '192.168.150.200/26'))), [
      'labs/bad.yaml: networks[0].dockerRange: 192.168.150.200/26 has host bits set; did you mean 192.168.150.192/26?',
    ]);
  });

  test('leading zeros, which some tools read as octal', () => {
    assert.deepEqual(problemsOf(variant(drText, (d) => d.setIn(['networks', 0, 'subnet'], '192.168.150.000/24'))), [
      'labs/bad.yaml: networks[0].subnet: 192.168.150.000/24 is not a valid IPv4 CIDR',
      "labs/bad.yaml: service.vip: 192.168.150.100 is on none of the lab's networks",
    ]);
  });

  test('the gateway inside the subnet, and not its network or broadcast address', () => {
    assert.deepEqual(problemsOf(variant(drText, (d) => d.setIn(['networks', 0, 'gateway'], '192.168.151.1'))), [
      'labs/bad.yaml: networks[0].gateway: 192.168.151.1 is outside the subnet 192.168.150.0/24',
    ]);
    assert.deepEqual(problemsOf(variant(drText, (d) => d.setIn(['networks', 0, 'gateway'], '192.168.150.255'))), [
      'labs/bad.yaml: networks[0].gateway: 192.168.150.255 is the network or broadcast address of 192.168.150.0/24',
    ]);
  });

  test('the dockerRange inside the subnet', () => {
    assert.deepEqual(problemsOf(variant(drText, (d) => d.setIn(['networks', 0, 'dockerRange'], '192.168.151.192/26'))), [
      'labs/bad.yaml: networks[0].dockerRange: 192.168.151.192/26 is not inside the subnet 192.168.150.0/24',
    ]);
  });

  test('a network that holds an earlier one, and one inside an earlier one', () => {
    assert.deepEqual(problemsOf(variant(natText, (d) => d.setIn(['networks', 1, 'subnet'], '192.168.0.0/16'))), [
      'labs/bad.yaml: networks[1].subnet: 192.168.0.0/16 overlaps network front (192.168.151.0/24)',
    ]);
    assert.deepEqual(problemsOf(variant(natText, (d) => d.setIn(['networks', 0, 'subnet'], '192.168.0.0/16'))), [
      'labs/bad.yaml: networks[1].subnet: 192.168.152.0/24 overlaps network front (192.168.0.0/16)',
    ]);
  });
});

describe('weights', () => {
  test('every real server at weight 0 sends the requests nowhere', () => {
    const text = variant(drText, (d) => {
      d.setIn(['nodes', 2, 'weight'], 0);
      d.setIn(['nodes', 3, 'weight'], 0);
    });
    assert.deepEqual(problemsOf(text), [
      'labs/bad.yaml: nodes: needs at least one real server with a weight above 0; with every weight 0, IPVS sends the requests nowhere',
    ]);
  });

  test('weight 0 on some drains them, and is accepted', () => {
    const lab = parseLab(
      variant(drText, (d) => d.setIn(['nodes', 3, 'weight'], 0)),
      'labs/bad.yaml',
    );
    assert.deepEqual(
      lab.nodes.map((n) => n.weight),
      [undefined, undefined, 1, 0],
    );
  });

  test('a real server without a weight has weight 1', () => {
    parseLab(
      variant(drText, (d) => {
        d.deleteIn(['nodes', 2, 'weight']);
        d.setIn(['nodes', 3, 'weight'], 0);
      }),
      'labs/bad.yaml',
    );
  });
});

describe('every rule runs in linear time', () => {
  test('the rules themselves are linear: 200k nodes checked in a moment', () => {
    const nodes: LabNode[] = [
      { name: 'client', role: 'client', addresses: { lan: '10.0.0.2' } },
      { name: 'director', role: 'director', addresses: { lan: '10.0.0.3' } },
    ];
    for (let i = 256; nodes.length < 200_000; i++)
      nodes.push({ name: `rs${i}`, role: 'real', addresses: { lan: `10.${i >> 16}.${(i >> 8) & 255}.${i & 255}` }, weight: 1 });
    nodes.push({ ...nodes[2], name: 'rs256' }); // one problem at the very end: a duplicate name
    const lab: Lab = {
      name: 'big',
      title: 'big',
      mode: 'dr',
      scheduler: 'rr',
      service: { vip: '10.0.0.4', port: 80 },
      networks: [{ name: 'lan', subnet: '10.0.0.0/8', gateway: '10.0.0.1', dockerRange: '10.255.255.0/24' }],
      nodes,
      file: 'big.lvslab.yaml',
    };
    const { value, ms } = timed(() => semanticProblems(lab));
    assert.deepEqual(value, [
      { field: 'networks[0].subnet', message: '10.0.0.0/8 is too large for a lab network; use a prefix from /16 to /29' },
      { field: 'nodes[200000].name', message: 'duplicate node name rs256' },
      { field: 'nodes[200000].addresses.lan', message: '10.0.1.0 is already used by rs256' },
    ]);
    // About 0.3 s here; the quadratic duplicate checks this replaces took minutes.
    assert.ok(ms < 2000, `took ${ms} ms`);
  });
});
