// Issue 10: the extension's side of lab files (src/extension/labFiles) against a stand-in for the vscode
// API: when diagnostics are computed and cleared, what the providers hand the editor, what New Lab writes.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, mock, test } from 'node:test';
import { events, Position, Range, seen, Uri, user } from '../support/labFilesVscode';
import { labTemplate } from '../../src/core/labTemplate';
import { watchLabFiles, DEBOUNCE_MS } from '../../src/extension/labFiles/diagnostics';
import { registerEditorHelp } from '../../src/extension/labFiles/editorHelp';
import { newLab } from '../../src/extension/labFiles/newLab';

const labsDir = join(__dirname, '..', '..', 'labs');
const drText = readFileSync(join(labsDir, 'dr.yaml'), 'utf8');

/** A text document as the editor hands it over. */
function documentOf(path: string, text: string) {
  const lines = text.split('\n');
  const offsetAt = (p: Position) => lines.slice(0, p.line).reduce((n, l) => n + l.length + 1, 0) + p.character;
  const positionAt = (offset: number) => {
    let line = 0;
    while (line < lines.length - 1 && offset > lines[line].length) offset -= lines[line++].length + 1;
    return new Position(line, offset);
  };
  return { uri: Uri.file(path), isClosed: false, getText: () => text, offsetAt, positionAt };
}

describe('diagnostics of open lab files', () => {
  const mine = drText.replace('name: dr', 'name: mydr');
  const bad = mine.replace('scheduler: rr', 'scheduler: fastest');

  test('on open at once; on change once the typing has stopped for DEBOUNCE_MS; on close gone; other files and the git: side of a diff never', () => {
    mock.timers.enable({ apis: ['setTimeout'] });
    watchLabFiles(labsDir);
    const uri = 'file:///ws/my.lvslab.yaml';
    events.open.fire(documentOf('/ws/my.lvslab.yaml', bad));
    assert.deepEqual(
      seen.diagnostics.get(uri)?.map((d) => [d.message.split(':')[0], d.range.start.line, d.source]),
      [['scheduler', bad.split('\n').findIndex((l) => l.startsWith('scheduler')), 'LVS Lab']],
    );
    events.change.fire({ document: documentOf('/ws/my.lvslab.yaml', mine) });
    mock.timers.tick(DEBOUNCE_MS - 1);
    events.change.fire({ document: documentOf('/ws/my.lvslab.yaml', mine.replace('mode: dr', 'mode: gre')) });
    mock.timers.tick(DEBOUNCE_MS - 1);
    assert.equal(seen.diagnostics.get(uri)?.length, 1, 'checked again before the typing stopped');
    assert.match(seen.diagnostics.get(uri)![0].message, /^scheduler/);
    mock.timers.tick(1);
    assert.deepEqual(
      seen.diagnostics.get(uri)?.map((d) => d.message),
      ['mode: must be one of dr, nat, tun'],
    );
    events.close.fire(documentOf('/ws/my.lvslab.yaml', mine));
    assert.equal(seen.diagnostics.has(uri), false);
    events.open.fire(documentOf('/ws/other.yaml', bad));
    assert.equal(seen.diagnostics.has('file:///ws/other.yaml'), false);
    events.open.fire({ ...documentOf('/ws/my.lvslab.yaml', bad), uri: new Uri('git', '/ws/my.lvslab.yaml') });
    assert.equal(seen.diagnostics.has('git:///ws/my.lvslab.yaml'), false);
    mock.timers.reset();
  });
});

describe('completion and hover providers', () => {
  registerEditorHelp();
  const text = drText.replace('scheduler: rr', 'scheduler: w');
  const doc = documentOf('/ws/my.lvslab.yaml', text);
  const line = text.split('\n').findIndex((l) => l.startsWith('scheduler'));

  test('completion: snippet items that replace the word at the cursor', () => {
    const items = seen.providers.completion!.provideCompletionItems(doc, new Position(line, 12)) as {
      label: string;
      insertText: { value: string };
      range: Range;
    }[];
    assert.ok(items.some((i) => i.label === 'wrr' && i.insertText.value === 'wrr'));
    assert.deepEqual(items[0].range, new Range(line, 11, line, 12));
  });

  test('hover: the Markdown of the key under the cursor, over the key and its value', () => {
    const hover = seen.providers.hover!.provideHover(doc, new Position(line, 3)) as { contents: { value: string }; range: Range };
    assert.match(hover.contents.value, /^\*\*scheduler\*\* \(required/);
    assert.deepEqual(hover.range, new Range(line, 0, line, 12));
  });
});

describe('New Lab…', () => {
  beforeEach(() => {
    seen.files.clear();
    seen.opened = [];
    seen.inputBox = undefined;
    user.folders = [{ name: 'ws', uri: Uri.file('/ws') }];
  });

  test('writes the template as <name>.lvslab.yaml in the folder and opens it', async () => {
    user.answer = 'web';
    await newLab(labsDir);
    assert.equal(seen.files.get('/ws/web.lvslab.yaml'), labTemplate('web'));
    assert.deepEqual(seen.opened, ['/ws/web.lvslab.yaml']);
  });

  test('offers a free name, and the name box refuses a bad name, a shipped name and a file that exists', async () => {
    seen.files.set('/ws/mylab.lvslab.yaml', 'mine');
    user.answer = undefined;
    await newLab(labsDir);
    const box = seen.inputBox!;
    assert.equal(box.value, 'mylab-2');
    assert.match((await box.validateInput('My Lab'))!, /^Use a lowercase letter/);
    assert.equal(await box.validateInput('nat'), 'nat is a shipped lab. Choose another name.');
    assert.equal(await box.validateInput('mylab'), 'mylab.lvslab.yaml already exists in ws. Choose another name.');
    assert.equal(await box.validateInput('fresh'), undefined);
    assert.deepEqual([...seen.files.keys()], ['/ws/mylab.lvslab.yaml'], 'cancelled: nothing written');
  });

  test('never overwrites: a file that appeared meanwhile is refused and left as it was', async () => {
    seen.files.set('/ws/web.lvslab.yaml', 'mine');
    user.answer = 'web';
    await assert.rejects(newLab(labsDir), /^Error: web\.lvslab\.yaml already exists in ws\. Choose another name\.$/);
    assert.equal(seen.files.get('/ws/web.lvslab.yaml'), 'mine');
    assert.deepEqual(seen.opened, []);
  });

  test('asks which folder when there are several; with none, says to open one', async () => {
    user.folders = [
      { name: 'a', uri: Uri.file('/a') },
      { name: 'b', uri: Uri.file('/b') },
    ];
    user.answer = 'web';
    await newLab(labsDir);
    assert.deepEqual(seen.opened, ['/b/web.lvslab.yaml']);
    user.folders = [];
    await assert.rejects(newLab(labsDir), /Open a folder first/);
  });
});
