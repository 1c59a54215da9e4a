// Issue 10: the lab file "New Lab…" writes, and the names it accepts.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import schema from '../../labs/lab.schema.json';
import { cidrsOverlap } from '../../src/core/lab';
import { checkLab, LAB_FILE_SUFFIX, listLabs, resolveLab } from '../../src/core/labLoader';
import { labFileName, labNameProblem, labTemplate } from '../../src/core/labTemplate';

const labsDir = join(__dirname, '..', '..', 'labs');
const shippedNames = listLabs(labsDir);

/** The template's lines between `start` (a top-level key) and the next top-level key; the top-level lines for ''. */
function section(text: string, start: string): string[] {
  const lines = text.split('\n');
  if (!start) return lines.filter((l) => !/^\s/.test(l));
  const from = lines.findIndex((l) => l.startsWith(`${start}:`));
  const to = lines.findIndex((l, i) => i > from && /^[^\s#]/.test(l));
  return lines.slice(from + 1, to < 0 ? undefined : to);
}

/** Whether `field` is explained in these lines: a `# field: …` comment, or the field's line right under a comment. */
function commented(lines: string[], field: string): boolean {
  const key = new RegExp(`^\\s*(- )?${field.replace('$', '\\$')}:`);
  return lines.some((l, i) => new RegExp(`^\\s*# ${field}:`).test(l) || (key.test(l) && /^\s*#/.test(lines[i - 1] ?? '')));
}

describe('the New Lab template', () => {
  test('validates clean through the same checkLab as the CLI, as a lab file in a workspace', () => {
    for (const name of ['mylab', 'a', 'web-3', 'x'.repeat(24)]) {
      const file = `/workspace/${labFileName(name)}`;
      const { lab, problems } = checkLab(labTemplate(name), file, labsDir);
      assert.deepEqual(problems, [], name);
      assert.equal(lab?.name, name);
    }
  });

  test('is the shipped DR lab in shape: mode, scheduler, roles and weights', () => {
    const dr = resolveLab('dr', labsDir);
    const lab = checkLab(labTemplate('mylab'), '/workspace/mylab.lvslab.yaml', labsDir).lab!;
    assert.deepEqual(
      [lab.mode, lab.scheduler, lab.nodes.map((n) => [n.name, n.role, n.weight])],
      [dr.mode, dr.scheduler, dr.nodes.map((n) => [n.name, n.role, n.weight])],
    );
  });

  test("runs beside the shipped labs: its subnet overlaps none of theirs, and its title is the lab's own", () => {
    const lab = checkLab(labTemplate('mylab'), '/workspace/mylab.lvslab.yaml', labsDir).lab!;
    for (const name of shippedNames) {
      for (const theirs of resolveLab(name, labsDir).networks) {
        for (const mine of lab.networks) assert.ok(!cidrsOverlap(mine.subnet, theirs.subnet), `${mine.subnet} overlaps ${name}'s ${theirs.subnet}`);
      }
    }
    assert.match(lab.title, /^mylab /);
  });

  test('explains every field of the schema (but $schema, which is for editors)', () => {
    const text = labTemplate('mylab');
    const objects: [string, Record<string, unknown>][] = [
      ['', schema.properties],
      ['service', schema.properties.service.properties],
      ['networks', schema.properties.networks.items.properties],
      ['nodes', schema.properties.nodes.items.properties],
    ];
    for (const [at, props] of objects) {
      for (const field of Object.keys(props).filter((f) => f !== '$schema')) {
        assert.ok(commented(section(text, at), field), `${at || 'top level'}: ${field} is not explained`);
      }
    }
  });

  test('the file name ends in the lab file suffix', () => {
    assert.equal(labFileName('mylab'), `mylab${LAB_FILE_SUFFIX}`);
  });
});

describe('the names New Lab accepts', () => {
  test("the schema's name pattern: a lowercase letter, then letters, digits or dashes, 24 at most", () => {
    for (const good of ['a', 'lab2', 'my-lab', 'x'.repeat(24)]) assert.equal(labNameProblem(good, shippedNames), undefined, good);
    for (const bad of ['', '2lab', 'My', 'my lab', 'my_lab', 'lab.x', '-a', 'x'.repeat(25)]) {
      assert.equal(labNameProblem(bad, shippedNames), 'Use a lowercase letter, then lowercase letters, digits or dashes (at most 24 characters).', bad);
      assert.ok(!new RegExp(schema.properties.name.pattern).test(bad), `${bad} passes the schema`);
    }
  });

  test("a shipped lab's name is refused, naming it", () => {
    assert.deepEqual(shippedNames, ['dr', 'nat', 'tun']);
    for (const name of shippedNames) assert.equal(labNameProblem(name, shippedNames), `${name} is a shipped lab. Choose another name.`);
  });
});

describe('the New Lab command', () => {
  const root = join(__dirname, '..', '..');
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
    contributes: { commands: { command: string; title: string; category: string }[] };
  };

  test('package.json contributes it as "LVS Lab: New Lab…", the id the extension registers', () => {
    const source = readFileSync(join(root, 'src/extension/labFiles/newLab.ts'), 'utf8');
    const id = /NEW_LAB_COMMAND = '([^']+)'/.exec(source)?.[1];
    assert.equal(id, 'lvsLab.newLab');
    const contributed = pkg.contributes.commands.find((c) => c.command === id);
    const nls = JSON.parse(readFileSync(join(root, 'package.nls.json'), 'utf8')) as Record<string, string>;
    const english = (value = '') => nls[value.replace(/^%(.*)%$/, '$1')];
    assert.deepEqual([english(contributed?.category), english(contributed?.title)], ['LVS Lab', 'New Lab…']);
    assert.match(readFileSync(join(root, 'src/extension/labFiles/index.ts'), 'utf8'), /register\(ctx, NEW_LAB_COMMAND,/);
  });
});
