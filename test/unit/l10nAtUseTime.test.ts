// The localization contract's "at use time" (issue 12): l10n.t runs when a text is shown, never while a module
// loads, or it stays English (the webview configures l10n from the page, the host from vscode.l10n.bundle, both
// after the modules are imported). Read from the syntax tree: a call outside every function and class member
// body runs at load.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, test } from 'node:test';
import ts from 'typescript';

const root = join(__dirname, '..', '..');

function sources(dir: string): string[] {
  return readdirSync(join(root, dir), { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && /\.ts$/.test(e.name) && !e.name.endsWith('.d.ts'))
    .map((e) => join(e.parentPath, e.name))
    .filter((f) => !relative(root, f).startsWith('webview/dev/'));
}

/** Runs only when called or when an instance is made: function bodies, and instance fields (set in the constructor). */
const deferred = (n: ts.Node) => ts.isFunctionLike(n) || (ts.isPropertyDeclaration(n) && !n.modifiers?.some((m) => m.kind === ts.SyntaxKind.StaticKeyword));

/** The `l10n.t(…)` calls of a source file that run while it loads. */
function callsIn(sf: ts.SourceFile): ts.CallExpression[] {
  const found: ts.CallExpression[] = [];
  const visit = (n: ts.Node, inDeferred: boolean): void => {
    const here = inDeferred || deferred(n);
    if (!here && ts.isCallExpression(n) && /^(vscode\.)?l10n\.t$/.test(n.expression.getText(sf))) found.push(n);
    n.forEachChild((c) => visit(c, here));
  };
  visit(sf, false);
  return found;
}

/** Those calls in a file, as "file:line". */
function callsAtLoad(file: string): string[] {
  const sf = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  return callsIn(sf).map((c) => `${relative(root, file)}:${sf.getLineAndCharacterOfPosition(c.getStart(sf)).line + 1}`);
}

describe('l10n.t at use time', () => {
  test('the check sees a call at load: a module-level const is reported, one in a function is not', () => {
    const sf = (text: string) => callsIn(ts.createSourceFile('probe.ts', text, ts.ScriptTarget.Latest, true)).length;
    assert.equal(sf("const X = l10n.t('a'); const Y = { a: l10n.t('b') };"), 2);
    assert.equal(sf("const X = () => l10n.t('a'); class C { x = l10n.t('b'); f() { return l10n.t('c'); } }"), 0);
    assert.equal(sf("class C { static x = l10n.t('b'); }"), 1);
  });

  // The webviews' modules (src/cli/main.ts, an entry point that configures l10n in a module it imports first,
  // builds its commander program at load on purpose).
  test('no l10n.t in webview/ runs while its module loads', () => {
    assert.deepEqual(sources('webview').flatMap(callsAtLoad), []);
  });
});
