// Issue 10: completion and hover in lab files, from labs/lab.schema.json, on the shipped labs as a user edits them.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import schema from '../../labs/lab.schema.json';
import { SCHEDULER_INFO } from '../../src/core/schedulers';
import { labCompletions, labHover, type LabCompletions } from '../../src/core/labSchemaHelp';

const labsDir = join(__dirname, '..', '..', 'labs');
const drText = readFileSync(join(labsDir, 'dr.yaml'), 'utf8');
const natText = readFileSync(join(labsDir, 'nat.yaml'), 'utf8');

/** `text` with `|` marking the cursor: the text without it, and the cursor's offset. */
function cursor(marked: string): [string, number] {
  const at = marked.indexOf('|');
  assert.ok(at >= 0 && marked.indexOf('|', at + 1) < 0, 'mark the cursor with one |');
  return [marked.slice(0, at) + marked.slice(at + 1), at];
}

function complete(marked: string): LabCompletions {
  const [text, offset] = cursor(marked);
  const result = labCompletions(text, offset);
  assert.ok(result, `no completion at ${JSON.stringify(marked.slice(Math.max(0, offset - 30), offset + 1))}`);
  return result;
}

const labels = (c: LabCompletions) => c.items.map((i) => i.label);
/** The schema's fields of an object, less those already written. */
const fieldsBut = (props: object, present: string[]) => Object.keys(props).filter((k) => !present.includes(k));

describe('completion of values', () => {
  test("after `scheduler:` the schema's schedulers, each explained as the panel explains it", () => {
    const c = complete(drText.replace('scheduler: rr', 'scheduler: |'));
    assert.deepEqual(labels(c), schema.properties.scheduler.enum);
    const wrr = c.items.find((i) => i.label === 'wrr');
    assert.equal(wrr?.documentation, `${SCHEDULER_INFO.wrr.name}: ${SCHEDULER_INFO.wrr.explanation}`);
    assert.equal(wrr?.insertText, 'wrr');
  });

  test('a word begun is replaced whole; right after the colon a space comes first', () => {
    const [text, offset] = cursor(drText.replace('mode: dr', 'mode: n|a'));
    const c = labCompletions(text, offset)!;
    assert.deepEqual(labels(c), schema.properties.mode.enum);
    assert.equal(text.slice(c.replace[0], c.replace[1]), 'na');

    const tight = complete(drText.replace('mode: dr', 'mode:|'));
    assert.deepEqual(
      tight.items.map((i) => i.insertText),
      [' dr', ' nat', ' tun'],
    );
  });

  test("a node's role, in a new node typed at the end of the file", () => {
    const c = complete(`${drText}  - name: node04\n    role: |\n`);
    assert.deepEqual(labels(c), schema.properties.nodes.items.properties.role.enum);
    assert.equal(c.items[0].documentation, schema.properties.nodes.items.properties.role.description);
  });
});

describe('completion of fields', () => {
  test('on a new line in service: the fields service lacks, with what they mean', () => {
    const c = complete(drText.replace('  port: 80\n', '  port: 80\n  |\n'));
    const props = schema.properties.service.properties;
    assert.deepEqual(labels(c), fieldsBut(props, ['vip', 'port']));
    assert.equal(c.items.find((i) => i.label === 'persistence')?.documentation, props.persistence.description);
  });

  test('a key begun on a line is replaced whole, its colon kept when it has one', () => {
    const [text, offset] = cursor(drText.replace('  port: 80\n', '  port: 80\n  pe|rs\n'));
    const c = labCompletions(text, offset)!;
    assert.equal(text.slice(c.replace[0], c.replace[1]), 'pers');
    assert.equal(c.items.find((i) => i.label === 'persistence')?.insertText, 'persistence: $0');
  });

  test('in an empty file: every top-level field, the required ones first, lists and maps opened on the next line', () => {
    const c = complete('|');
    const required = schema.required;
    const offered = [...c.items].sort((x, y) => x.sortText.localeCompare(y.sortText)).map((i) => i.label);
    assert.deepEqual(offered.slice(0, required.length).sort(), [...required].sort());
    assert.deepEqual(labels(c).sort(), Object.keys(schema.properties).sort());
    const insert = Object.fromEntries(c.items.map((i) => [i.label, i.insertText]));
    assert.equal(insert.nodes, 'nodes:\n  - $0');
    assert.equal(insert.service, 'service:\n  $0');
    assert.equal(insert.mode, 'mode: $0');
    assert.equal(insert.$schema, '\\$schema: $0');
  });

  test("after `- ` in nodes: a node's fields", () => {
    const c = complete(`${drText}  - |\n`);
    assert.deepEqual(labels(c), Object.keys(schema.properties.nodes.items.properties));
    assert.deepEqual(
      c.items.filter((i) => i.detail?.startsWith('required')).map((i) => i.label),
      schema.properties.nodes.items.required,
    );
  });

  test("in a node's addresses: the lab's networks it has no address on yet", () => {
    const client = complete(natText.replace('addresses: { front: 192.168.151.10 }', 'addresses: { front: 192.168.151.10, | }'));
    assert.deepEqual(labels(client), ['back']);
    assert.equal(client.items[0].documentation, "The node's address on back (192.168.152.0/24).");
    const empty = complete(natText.replace('addresses: { front: 192.168.151.10 }', 'addresses: { | }'));
    assert.deepEqual(labels(empty), ['front', 'back']);
    const director = complete(
      natText.replace('addresses: { front: 192.168.151.11, back: 192.168.152.11 }', 'addresses: { front: 192.168.151.11, back: 192.168.152.11, | }'),
    );
    assert.deepEqual(labels(director), []);
  });

  test('nothing in a comment, nor under a key the schema does not know', () => {
    const [text, offset] = cursor(drText.replace('# The handbook', '# The hand|book'));
    assert.equal(labCompletions(text, offset), undefined);
    const [unknown, at] = cursor(drText.replace('mode: dr\n', 'mode: dr\nextra:\n  |\n'));
    assert.equal(labCompletions(unknown, at), undefined);
  });
});

describe('hover', () => {
  const hover = (marked: string) => labHover(...cursor(marked));

  test("a key shows the schema's description, whether it is required and what it holds", () => {
    const h = hover(drText.replace('  port: 80', '  po|rt: 80'));
    assert.equal(h?.markdown, `**port** (required, a whole number from 1 to 65535)\n\n${schema.properties.service.properties.port.description}`);
    const [text] = cursor(drText.replace('  port: 80', '  po|rt: 80'));
    assert.equal(text.slice(h.span[0], h.span[1]), 'port: 80');
  });

  test("a scheduler's value shows the scheduler too", () => {
    const h = hover(drText.replace('scheduler: rr', 'scheduler: r|r'));
    assert.ok(h);
    assert.ok(h.markdown.startsWith(`**scheduler** (required, one of ${schema.properties.scheduler.enum.join(', ')})`), h.markdown);
    assert.ok(h.markdown.endsWith(`\`rr\`: ${SCHEDULER_INFO.rr.name}: ${SCHEDULER_INFO.rr.explanation}`), h.markdown);
  });

  test("inside a list and a flow map: a node's name, a node's address", () => {
    const name = hover(drText.replace('  - name: node03', '  - na|me: node03'));
    // Word for word: lvslab-<lab>.<node> is not taken for HTML.
    assert.equal(name?.markdown, '**name** (required, text)\n\nNode name; its container is lvslab-\\<lab\\>.\\<node\\>.');
    assert.equal(schema.properties.nodes.items.properties.name.description, 'Node name; its container is lvslab-<lab>.<node>.');
    const address = hover(drText.replace('{ lan: 192.168.150.13 }', '{ lan: 192.168.1|50.13 }'));
    assert.equal(address?.markdown, `**lan** (an IPv4 address)\n\n${schema.properties.nodes.items.properties.addresses.additionalProperties.description}`);
  });

  test('nothing on a key the schema does not know, nor on a comment', () => {
    assert.equal(hover(drText.replace('mode: dr', 'mo|od: dr')), undefined);
    assert.equal(hover(drText.replace('# The handbook', '# The hand|book')), undefined);
  });
});
