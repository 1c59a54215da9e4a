// Issue 8: lab files a network person would accept, and nothing else reaches Docker.
// Each case below was accepted (or failed naming no file) before the rule it tests.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { parseDocument } from 'yaml';
import schema from '../../labs/lab.schema.json';
import { LAB_LIMITS, LabError, loadLab, parseLab, resolveLab } from '../../src/core/labLoader';
import { semanticProblems } from '../../src/core/labRules';
import type { Lab, LabNode } from '../../src/core/lab';

const labsDir = join(__dirname, '..', '..', 'labs');
const shipped = (name: string) => readFileSync(join(labsDir, `${name}.yaml`), 'utf8');
const drText = shipped('dr');
const natText = shipped('nat');
const tmp = mkdtempSync(join(tmpdir(), 'lvslab-validation-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

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

/** dr.yaml with real servers added until it has `count` nodes (addresses from 192.168.150.20 on, wrapping into 10.x beyond the /24). */
function drWithNodes(count: number, flow = false): string {
  const lines = [drText.trimEnd()];
  for (let i = 4; i < count; i++) {
    const ip = `192.168.150.${20 + (i % 150)}`;
    lines.push(
      flow ? `  - { name: rs${i}, role: real, addresses: { lan: ${ip} } }` : `  - name: rs${i}\n    role: real\n    addresses: { lan: ${ip} }\n    weight: 1`,
    );
  }
  return `${lines.join('\n')}\n`;
}

describe('limits: sizes checked before any other work', () => {
  test('the schema says the limits LAB_LIMITS names', () => {
    assert.equal(schema.properties.nodes.maxItems, LAB_LIMITS.nodes);
    assert.equal(schema.properties.networks.maxItems, LAB_LIMITS.networks);
    assert.equal(schema.properties.nodes.items.properties.addresses.maxProperties, LAB_LIMITS.networks);
  });

  test(`more than ${LAB_LIMITS.nodes} nodes`, () => {
    parseLab(drWithNodes(LAB_LIMITS.nodes), 'labs/bad.yaml');
    assert.deepEqual(problemsOf(drWithNodes(LAB_LIMITS.nodes + 1)), [
      `labs/bad.yaml: nodes: has ${LAB_LIMITS.nodes + 1} nodes; at most ${LAB_LIMITS.nodes} are allowed`,
    ]);
  });

  test(`more than ${LAB_LIMITS.networks} networks`, () => {
    const text = variant(natText, (d) =>
      d.addIn(['networks'], { name: 'extra', subnet: '192.168.160.0/24', gateway: '192.168.160.1', dockerRange: '192.168.160.192/26' }),
    );
    assert.deepEqual(problemsOf(text), [`labs/bad.yaml: networks: has 3 networks; at most ${LAB_LIMITS.networks} are allowed`]);
  });

  test('a 14 MB file with 200k nodes is refused in well under a second, before it is parsed', () => {
    const text = drWithNodes(200_000);
    assert.ok(text.length > 10_000_000, `${text.length} bytes`);
    const file = join(tmp, 'huge.lvslab.yaml');
    writeFileSync(file, text);
    const read = timed(() => refusal(() => loadLab(file)));
    assert.match(read.value.message, new RegExp(`^${file}: \\(file\\): is 1\\d\\.\\d MiB; a lab file may be at most 256 KiB$`));
    assert.ok(read.ms < 250, `loadLab took ${read.ms} ms`);
    const parsed = timed(() => problemsOf(text));
    assert.match(parsed.value.join('\n'), /^labs\/bad\.yaml: \(file\): is 1\d\.\d MiB; a lab file may be at most 256 KiB$/);
    assert.ok(parsed.ms < 250, `parseLab took ${parsed.ms} ms`);
  });

  test('as many nodes as fit in the size limit are refused quickly, by the count alone', () => {
    let count = 1000;
    while (Buffer.byteLength(drWithNodes(count * 2, true)) <= LAB_LIMITS.fileBytes) count *= 2;
    const text = drWithNodes(count, true);
    const { value, ms } = timed(() => problemsOf(text));
    assert.deepEqual(value, [`labs/bad.yaml: nodes: has ${count} nodes; at most ${LAB_LIMITS.nodes} are allowed`]);
    assert.ok(ms < 1000, `took ${ms} ms`);
  });

  test('a YAML alias bomb is refused quickly, naming the file', () => {
    const lines = ['a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]'];
    for (let i = 1; i < 10; i++)
      lines.push(
        `a${i}: &a${i} [${Array(9)
          .fill(`*a${i - 1}`)
          .join(', ')}]`,
      );
    const file = join(tmp, 'bomb.lvslab.yaml');
    writeFileSync(file, `${lines.join('\n')}\n`);
    const { value, ms } = timed(() => refusal(() => loadLab(file)));
    assert.deepEqual(value.message.split('\n'), [
      `${file}: (file): YAML: aliases expand too much (at most ${LAB_LIMITS.aliasCount} uses); write the values out instead of repeating *anchors`,
    ]);
    assert.ok(ms < 250, `took ${ms} ms`);
  });

  test('a few aliases are fine', () => {
    const text = drText
      .replace('addresses: { lan: 192.168.150.12 }\n    weight: 1', 'addresses: { lan: 192.168.150.12 }\n    weight: &w 1')
      .replace(/weight: 1\s*$/, 'weight: *w\n');
    assert.equal(parseLab(text, 'labs/bad.yaml').nodes[3].weight, 1);
  });

  test('an alias to no anchor names the file', () => {
    assert.deepEqual(problemsOf(variant(drText, () => undefined).replace('weight: 1', 'weight: *w')), [
      'labs/bad.yaml: (file): YAML: Unresolved alias (the anchor must be set before the alias): w',
    ]);
  });
});

describe("a user lab may not take a shipped lab's name", () => {
  test('a copy of dr.yaml outside the shipped labs is refused', () => {
    const file = join(tmp, 'my.lvslab.yaml');
    writeFileSync(file, drText);
    assert.deepEqual(refusal(() => loadLab(file)).message.split('\n'), [`${file}: name: the name dr belongs to a shipped lab; give this lab another name`]);
    assert.deepEqual(problemsOf(natText, 'mine/nat.lvslab.yaml'), [
      'mine/nat.lvslab.yaml: name: the name nat belongs to a shipped lab; give this lab another name',
    ]);
  });

  test('renamed, it is accepted', () => {
    const file = join(tmp, 'renamed.lvslab.yaml');
    writeFileSync(file, drText.replace('name: dr', 'name: my-dr'));
    assert.equal(resolveLab(file).name, 'my-dr');
  });

  test('the shipped labs themselves still validate, by name and by path', () => {
    for (const name of ['dr', 'nat', 'tun']) {
      assert.equal(resolveLab(name).name, name);
      assert.equal(loadLab(join(labsDir, `${name}.yaml`)).name, name);
    }
  });
});

describe('every error names the file and the field', () => {
  test('a directory', () => {
    const dir = join(tmp, 'dir.lvslab.yaml');
    mkdirSync(dir);
    assert.deepEqual(refusal(() => loadLab(dir)).message.split('\n'), [`${dir}: (file): is a directory, not a lab file`]);
    assert.deepEqual(refusal(() => resolveLab(dir)).message.split('\n'), [`${dir}: (file): is a directory, not a lab file`]);
  });

  test('a missing file', () => {
    const file = join(tmp, 'missing.lvslab.yaml');
    assert.deepEqual(refusal(() => loadLab(file)).message.split('\n'), [`${file}: (file): does not exist`]);
    assert.deepEqual(refusal(() => resolveLab(file)).message.split('\n'), [`${file}: (file): does not exist`]);
  });

  test('a path through a file', () => {
    const file = join(tmp, 'plain.txt');
    writeFileSync(file, 'x');
    const through = join(file, 'lab.yaml');
    assert.deepEqual(refusal(() => loadLab(through)).message.split('\n'), [`${through}: (file): does not exist (a part of its path is not a directory)`]);
  });

  test('a file with many problems lists the first 20 and counts the rest', () => {
    const text = variant(drText, (d) => {
      for (let i = 0; i < 4; i++) for (const field of ['colour', 'size', 'shape', 'smell', 'mood', 'age']) d.setIn(['nodes', i, field], 'x');
    });
    const lines = problemsOf(text);
    assert.equal(lines.length, 21);
    assert.equal(lines[0], 'labs/bad.yaml: nodes[0].colour: is not a known field');
    assert.equal(lines[20], 'labs/bad.yaml: (file): and 4 more problems');
  });

  test('an unreadable file', { skip: process.getuid?.() === 0 && 'root reads every file' }, async () => {
    const { chmodSync } = await import('node:fs');
    const file = join(tmp, 'secret.lvslab.yaml');
    writeFileSync(file, drText);
    chmodSync(file, 0o000);
    assert.deepEqual(refusal(() => loadLab(file)).message.split('\n'), [`${file}: (file): cannot be read: permission denied`]);
  });
});
