// The webviews in the user's language (issue 12): the page carries VS Code's bundle as a JSON data block that no
// translation can break out of, under the same nonce-only CSP, and the webview's startup hands that block to
// @vscode/l10n before it draws.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import * as l10n from '@vscode/l10n';
import { L10N_BLOCK_ID } from '../../src/protocol/l10nBlock';
import { webviewPageHtml, type WebviewPage } from '../../src/extension/webviewPage';
import { configureL10n } from '../../webview/l10nSetup';

const root = join(__dirname, '..', '..');
const HOSTILE = 'a</script><script>alert(1)</script><!-- </SCRIPT > & \u2028 "q"';
const bundle = { Connections: '连接', 'Real server': '真实服务器', hostile: HOSTILE };
const page = (p: Partial<WebviewPage> = {}) =>
  webviewPageHtml({
    cspSource: 'https://x.vscode-cdn.net',
    nonce: 'bm9uY2U=',
    cssUri: 'https://x/main.css',
    jsUri: 'https://x/main.js',
    language: 'zh-cn',
    bundle,
    ...p,
  });

/** The data block's text as an HTML parser reads it: script data runs to the first `</script` (any case). */
function blockText(html: string): string | undefined {
  const open = `<script type="application/json" id="${L10N_BLOCK_ID}">`;
  const start = html.indexOf(open);
  if (start < 0) return undefined;
  const from = start + open.length;
  return html.slice(from, html.toLowerCase().indexOf('</script', from));
}

describe('webview page: translations as a data block', () => {
  test('the block gives back the bundle unchanged, a value holding </script> and <!-- included', () => {
    const text = blockText(page());
    assert.ok(text !== undefined);
    assert.deepEqual(JSON.parse(text), bundle);
    assert.ok(!/[<>]/.test(text), text);
  });

  test('a hostile value adds no element: the page has exactly its two script elements', () => {
    const html = page();
    assert.equal(html.toLowerCase().split('</script').length - 1, 2);
    assert.equal(html.split('<script').length - 1, 2);
    assert.ok(!html.includes('alert(1)</script>'));
  });

  test('the CSP stays nonce-only: no inline script allowed, the one executable script carries the nonce', () => {
    const html = page();
    const csp = /http-equiv="Content-Security-Policy" content="([^"]*)"/.exec(html)?.[1] ?? '';
    assert.match(csp, /script-src 'nonce-bm9uY2U='/);
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
    assert.match(html, /<script nonce="bm9uY2U=" src="https:\/\/x\/main\.js"><\/script>/);
  });

  test('<html lang> follows the display language; English: no block', () => {
    assert.match(page(), /<html lang="zh-CN">/);
    const en = page({ language: 'en', bundle: undefined });
    assert.match(en, /<html lang="en">/);
    assert.equal(blockText(en), undefined);
    assert.match(page({ language: '"><x' }), /<html lang="en">/);
  });
});

describe('webview startup: l10n from the page', () => {
  test('configureL10n with the block of the page makes l10n.t Chinese; without one it stays English', () => {
    assert.equal(configureL10n(undefined), false);
    assert.equal(l10n.t('Connections'), 'Connections');
    assert.equal(configureL10n(blockText(page())), true);
    assert.equal(l10n.t('Connections'), '连接');
    assert.equal(l10n.t('hostile'), HOSTILE);
    assert.equal(configureL10n('{not json'), false);
    l10n.config({ contents: {} });
    assert.equal(l10n.t('Connections'), 'Connections');
  });

  for (const [entry, app] of [
    ['main.ts', 'new App('],
    ['side.ts', 'new SideApp('],
  ] as const) {
    test(`webview/${entry} configures l10n from the page before it builds its view`, () => {
      const src = readFileSync(join(root, 'webview', entry), 'utf8');
      const setup = src.indexOf('setupL10n(document)');
      assert.ok(setup > 0 && setup < src.indexOf(app), src);
    });
  }
});
