// Issue 10: a lab file's problems in the editor, from the CLI's own validation, each at its line and column.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { parseDocument } from 'yaml';
import { LAB_LIMITS, LabError, listLabs, parseLab } from '../../src/core/labLoader';
import { labFileProblems, type LocatedProblem, type TextRange } from '../../src/core/labFileProblems';

const labsDir = join(__dirname, '..', '..', 'labs');
const shipped = (name: string) => readFileSync(join(labsDir, `${name}.yaml`), 'utf8');
const drText = shipped('dr');
const natText = shipped('nat');
/** A lab file in a workspace, outside labs/: it may not take a shipped lab's name. */
const USER_FILE = '/workspace/my.lvslab.yaml';
/** dr.yaml under a name of the user's own, so only the edit under test is wrong. */
const myDr = drText.replace(/^name: dr$/m, 'name: mydr');

/** The text a range covers. */
function covered(text: string, { start, end }: TextRange): string {
  const lines = text.split('\n');
  if (start.line === end.line) return lines[start.line].slice(start.character, end.character);
  return [lines[start.line].slice(start.character), ...lines.slice(start.line + 1, end.line), lines[end.line].slice(0, end.character)].join('\n');
}

/** The 0-based line of the first line of `text` that contains `needle`. */
function lineOf(text: string, needle: string): number {
  const line = text.split('\n').findIndex((l) => l.includes(needle));
  assert.ok(line >= 0, `no line contains ${needle}`);
  return line;
}

function only(problems: LocatedProblem[]): LocatedProblem {
  assert.equal(problems.length, 1, JSON.stringify(problems));
  return problems[0];
}

/** What the CLI prints for the same text, without the file name in front. */
function cliProblems(text: string, file = USER_FILE): string[] {
  try {
    parseLab(text, file, labsDir);
  } catch (e) {
    assert.ok(e instanceof LabError, String(e));
    return e.message.split('\n').map((line) => line.slice(`${file}: `.length).replace(/^\(file\): /, ''));
  }
  return [];
}

describe('lab file problems: the same validation as the CLI, placed in the text', () => {
  test('the shipped labs have none in labs/, and as a user file each is told its name is taken, at the name', () => {
    for (const name of listLabs(labsDir)) {
      const text = shipped(name);
      assert.deepEqual(labFileProblems(text, join(labsDir, `${name}.yaml`), labsDir), [], name);
      const p = only(labFileProblems(text, USER_FILE, labsDir));
      assert.equal(p.message, `name: the name ${name} belongs to a shipped lab; give this lab another name`);
      assert.equal(p.range.start.line, lineOf(text, `name: ${name}`));
      assert.equal(covered(text, p.range), name);
    }
  });

  test('every message is the line the CLI prints, for edits of every kind', () => {
    const edits = [
      myDr.replace('scheduler: rr', 'scheduler: fastest'),
      myDr.replace('  vip: 192.168.150.100\n', ''),
      myDr.replace('mode: dr\n', 'mode: nat\n'),
      myDr.replace('192.168.150.13 }', '192.168.150.12 }').replace('port: 80', 'port: 0'),
      myDr.replace('role: director', 'role: real'),
      myDr.replace('scheduler: rr', 'scheduler: [rr'),
      'name: [broken\n',
      '',
    ];
    for (const text of edits) {
      const cli = cliProblems(text);
      assert.ok(cli.length > 0, text);
      assert.deepEqual(
        labFileProblems(text, USER_FILE, labsDir).map((p) => p.message.replace(/^YAML: .*/, 'YAML')),
        cli.map((m) => m.replace(/^YAML: .*/, 'YAML')),
      );
    }
  });

  test('a wrong value is marked on the value', () => {
    const text = myDr.replace('scheduler: rr', 'scheduler: fastest');
    const p = only(labFileProblems(text, USER_FILE, labsDir));
    assert.match(p.message, /^scheduler: must be one of rr, wrr/);
    assert.deepEqual(p.range, { start: { line: lineOf(text, 'scheduler:'), character: 11 }, end: { line: lineOf(text, 'scheduler:'), character: 18 } });
  });

  test("an address in a flow map is marked on the address, in its node's line", () => {
    const text = myDr.replace('addresses: { lan: 192.168.150.13 }', 'addresses: { lan: 10.0.0.13 }');
    const p = only(labFileProblems(text, USER_FILE, labsDir));
    assert.equal(p.message, 'nodes[3].addresses.lan: 10.0.0.13 is outside network lan (192.168.150.0/24)');
    assert.equal(p.range.start.line, lineOf(text, '10.0.0.13'));
    assert.equal(covered(text, p.range), '10.0.0.13');
  });

  test('an unknown field is marked on its key, even one whose name holds a dot', () => {
    const typo = myDr.replace('scheduler: rr', 'schedular: rr');
    const p = labFileProblems(typo, USER_FILE, labsDir).find((x) => x.message.startsWith('schedular'));
    assert.equal(p?.message, 'schedular: is not a known field');
    assert.equal(covered(typo, p.range), 'schedular');

    const dotted = myDr.replace('    role: director\n', '    role: director\n    ip.forward: 1\n');
    const q = only(labFileProblems(dotted, USER_FILE, labsDir));
    assert.equal(q.message, 'nodes[1].ip.forward: is not a known field');
    assert.deepEqual([q.range.start.line, covered(dotted, q.range)], [lineOf(dotted, 'ip.forward'), 'ip.forward']);
  });

  test('a missing field is marked on the nearest parent there is, else at the start of the file', () => {
    const noVip = myDr.replace('  vip: 192.168.150.100\n', '');
    const p = only(labFileProblems(noVip, USER_FILE, labsDir));
    assert.equal(p.message, 'service.vip: is missing');
    assert.equal(covered(noVip, p.range), 'service');

    const noRole = myDr.replace('    role: director\n', '');
    const r = only(labFileProblems(noRole, USER_FILE, labsDir));
    assert.equal(r.message, 'nodes[1].role: is missing');
    // The item has no key of its own: its first line.
    assert.equal(covered(noRole, r.range), 'name: node01');

    const noMode = myDr.replace('mode: dr\n', '');
    const m = only(labFileProblems(noMode, USER_FILE, labsDir));
    assert.equal(m.message, 'mode: is missing');
    assert.deepEqual(m.range, { start: { line: 0, character: 0 }, end: { line: 0, character: noMode.indexOf('\n') } });
  });

  test("a rule about a whole list is marked on the list's key; NAT's rule about a node on that node's addresses", () => {
    const noDirector = myDr.replace('role: director', 'role: real');
    const p = only(labFileProblems(noDirector, USER_FILE, labsDir));
    assert.equal(p.message, 'nodes: needs exactly one director, found 0');
    assert.deepEqual([p.range.start.line, covered(noDirector, p.range)], [lineOf(noDirector, 'nodes:'), 'nodes']);

    const nat = natText.replace('name: nat', 'name: mynat').replace('addresses: { back: 192.168.152.12 }', 'addresses: { front: 192.168.151.12 }');
    const q = labFileProblems(nat, USER_FILE, labsDir).find((x) => x.message.startsWith('nodes[2].addresses:'));
    assert.ok(q, 'no problem about nodes[2].addresses');
    assert.deepEqual([q.range.start.line, covered(nat, q.range)], [lineOf(nat, '192.168.151.12'), 'addresses']);
  });

  test('a YAML syntax error keeps the place the parser gives it, without "at line …" in the message', () => {
    const text = myDr.replace('  port: 80', '  port: [80');
    const errors = parseDocument(text).errors;
    assert.ok(errors.length > 0);
    const problems = labFileProblems(text, USER_FILE, labsDir);
    assert.equal(problems.length, errors.length);
    problems.forEach((p, i) => {
      const [start] = errors[i].linePos!;
      assert.deepEqual(p.range.start, { line: start.line - 1, character: start.col - 1 });
      assert.match(p.message, /^YAML: /);
      assert.doesNotMatch(p.message, /at line \d+/);
    });
  });

  test('a file over the size limit is one problem at the start, and is not parsed', () => {
    const text = `${myDr}#${'x'.repeat(LAB_LIMITS.fileBytes)}\n`;
    const p = only(labFileProblems(text, USER_FILE, labsDir));
    assert.match(p.message, /a lab file may be at most 256 KiB$/);
    assert.deepEqual(p.range.start, { line: 0, character: 0 });
  });
});
