/**
 * Proves the e2e harness against real code-server, independently of the LVS Lab extension:
 * a throwaway extension (generated below, packaged with vsce, installed with
 * `code-server --install-extension`) contributes an activity-bar view with a tree, a command that
 * shows a notification and opens a webview panel, and a command asking an input box + quick pick.
 *
 *   node --import tsx --test --test-reporter=spec test/e2e/smoke.e2e.test.ts
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fsp from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { packageExtension, startCodeServer, t, type CodeServerSession } from './harness';

const FAKE_DOCKER_HOST = 'tcp://127.0.0.1:2375';

async function writeSmokeExtension(dir: string): Promise<void> {
  const pkg = {
    name: 'e2e-smoke',
    displayName: 'E2E Smoke',
    description: 'Throwaway extension used to prove the LVS Lab e2e harness.',
    publisher: 'lvslab-e2e',
    version: '0.0.1',
    license: 'MIT',
    repository: { type: 'git', url: 'https://example.invalid/e2e-smoke.git' },
    engines: { vscode: '^1.100.0' },
    main: './extension.js',
    activationEvents: [],
    contributes: {
      commands: [
        { command: 'e2eSmoke.hello', title: 'Hello', category: 'E2E Smoke' },
        { command: 'e2eSmoke.ask', title: 'Ask', category: 'E2E Smoke' },
      ],
      configuration: {
        title: 'E2E Smoke',
        properties: { 'e2eSmoke.greeting': { type: 'string', default: 'default greeting' } },
      },
      viewsContainers: {
        activitybar: [{ id: 'e2eSmoke', title: 'E2E Smoke', icon: 'media/icon.svg' }],
      },
      views: { e2eSmoke: [{ id: 'e2eSmoke.nodes', name: 'Nodes' }] },
    },
  };
  const extensionJs = String.raw`
const vscode = require('vscode');

const state = { answers: undefined };

class Nodes {
  constructor() { this._em = new vscode.EventEmitter(); this.onDidChangeTreeData = this._em.event; }
  refresh() { this._em.fire(undefined); }
  getTreeItem(e) { return e; }
  getChildren(e) {
    if (!e) {
      const root = new vscode.TreeItem('cluster', vscode.TreeItemCollapsibleState.Collapsed);
      root.id = 'cluster';
      root.description = '4 nodes';
      const rows = [root];
      if (state.answers) {
        const lt = new vscode.TreeItem('load test');
        lt.id = 'loadtest';
        lt.description = state.answers.n + ' requests';
        rows.push(lt);
      }
      return rows;
    }
    return ['node01', 'node02', 'node03', 'client'].map((n) => {
      const it = new vscode.TreeItem(n);
      it.id = n;
      it.description = 'running';
      it.tooltip = n + ' is running';
      it.iconPath = new vscode.ThemeIcon('pass');
      return it;
    });
  }
}

function html(webview) {
  const nonce = String(Date.now());
  const greeting = vscode.workspace.getConfiguration('e2eSmoke').get('greeting');
  return '<!DOCTYPE html><html><head><meta charset="utf-8">' +
    '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; style-src \'unsafe-inline\'; script-src \'nonce-' + nonce + '\';">' +
    '<style>body{font-family:sans-serif;padding:1em} h1{color:#4ec9b0}</style></head><body>' +
    '<h1 id="greeting">Hello from the smoke webview</h1>' +
    '<p id="docker">DOCKER_HOST=' + (process.env.DOCKER_HOST || '(unset)') + '</p>' +
    '<p id="setting">setting=' + greeting + '</p>' +
    '<p id="answers">no answers yet</p>' +
    '<script nonce="' + nonce + '">' +
    'window.addEventListener("message", (ev) => { const m = ev.data;' +
    ' if (m && m.type === "answers") document.getElementById("answers").textContent = "answers: " + m.n + " requests x " + m.c; });' +
    '</script></body></html>';
}

function activate(context) {
  const nodes = new Nodes();
  let panel;
  context.subscriptions.push(
    vscode.window.registerTreeDataProvider('e2eSmoke.nodes', nodes),
    vscode.commands.registerCommand('e2eSmoke.hello', () => {
      vscode.window.showInformationMessage('Hello from the E2E smoke extension');
      if (panel) { panel.reveal(); return; }
      panel = vscode.window.createWebviewPanel('e2eSmoke.panel', 'E2E Smoke Panel', vscode.ViewColumn.One, { enableScripts: true });
      panel.onDidDispose(() => { panel = undefined; });
      panel.webview.html = html(panel.webview);
    }),
    vscode.commands.registerCommand('e2eSmoke.ask', async () => {
      const n = await vscode.window.showInputBox({
        title: 'E2E Smoke: load test',
        prompt: 'How many requests?',
        value: '10',
        validateInput: (v) => (/^[0-9]+$/.test(v) ? undefined : 'Enter a whole number'),
      });
      if (n === undefined) return;
      const c = await vscode.window.showQuickPick(['1', '4', '8'], { title: 'E2E Smoke: concurrency', placeHolder: 'Concurrency' });
      if (c === undefined) return;
      state.answers = { n, c };
      nodes.refresh();
      if (panel) panel.webview.postMessage({ type: 'answers', n, c });
      vscode.window.showInformationMessage('Answers: ' + n + ' requests x ' + c, 'Clear').then((b) => {
        if (b === 'Clear') { state.answers = undefined; nodes.refresh(); }
      });
    }),
  );
}

module.exports = { activate, deactivate() {} };
`;
  const icon =
    '<svg xmlns="http://www.w3.org/2000/svg" width="24" height="24" viewBox="0 0 24 24">' +
    '<circle cx="12" cy="12" r="9" fill="none" stroke="currentColor" stroke-width="2"/></svg>';
  await fsp.mkdir(path.join(dir, 'media'), { recursive: true });
  await fsp.writeFile(path.join(dir, 'package.json'), JSON.stringify(pkg, null, 2));
  await fsp.writeFile(path.join(dir, 'extension.js'), extensionJs);
  await fsp.writeFile(path.join(dir, 'media', 'icon.svg'), icon);
  await fsp.writeFile(path.join(dir, 'README.md'), '# E2E Smoke\n\nThrowaway extension for the LVS Lab e2e harness.\n');
  await fsp.writeFile(path.join(dir, 'LICENSE'), 'MIT License\n');
}

let vs: CodeServerSession | undefined;
let extDir = '';
const timings: Record<string, number> = {};
const time = async <T>(name: string, fn: () => Promise<T>): Promise<T> => {
  const s = Date.now();
  try {
    return await fn();
  } finally {
    timings[name] = Date.now() - s;
  }
};

before(async () => {
  extDir = await fsp.mkdtemp(path.join(os.tmpdir(), 'lvslab-e2e-smoke-ext-'));
  await writeSmokeExtension(extDir);
  const vsix = await time('vsce package', () => packageExtension(extDir));
  vs = await time('code-server start (install vsix + boot + workbench)', () =>
    startCodeServer({
      name: 'smoke',
      vsix,
      dockerHost: FAKE_DOCKER_HOST,
      settings: { 'e2eSmoke.greeting': 'greeting from settings.json' },
    }),
  );
});

after(async () => {
  const url = vs?.url;
  await vs?.stop();
  if (extDir) await fsp.rm(extDir, { recursive: true, force: true });
  console.error('[e2e] timings (ms):', JSON.stringify(timings));
  if (url) {
    // stop() must leave nothing listening.
    const alive = await fetch(`${url}/healthz`).then(
      () => true,
      () => false,
    );
    assert.equal(alive, false, `code-server still answers on ${url} after stop()`);
  }
});

test('activity bar view + tree rows', { timeout: t(180_000) }, async () => {
  const s = vs!;
  await s.step('open view', () => time('openView', () => s.openView('E2E Smoke')));
  const rows = await time('first tree rows', () =>
    s.waitFor(
      async () => {
        const r = await s.treeItems({ view: 'Nodes' });
        return r.some((x) => x.label === 'cluster') ? r : undefined;
      },
      t(60_000),
      'tree row "cluster"',
    ),
  );
  assert.equal(rows[0].expanded, false);
  assert.equal(rows[0].description, '4 nodes');

  await s.step('expand all', () => time('expandAll', () => s.expandAll({ view: 'Nodes' })));
  const expanded = await s.treeItems({ view: 'Nodes' });
  assert.deepEqual(
    expanded.map((r) => [r.label, r.description, r.level, r.icon]),
    [
      ['cluster', '4 nodes', 1, ''],
      ['node01', 'running', 2, 'pass'],
      ['node02', 'running', 2, 'pass'],
      ['node03', 'running', 2, 'pass'],
      ['client', 'running', 2, 'pass'],
    ],
  );
});

test('command from F1 → notification + webview panel (nested frames)', { timeout: t(180_000) }, async () => {
  const s = vs!;
  await s.step('run Hello', () => time('runCommand Hello', () => s.runCommand('E2E Smoke: Hello')));
  const note = await s.waitForNotification(/Hello from the E2E smoke extension/, t(60_000));
  assert.match(note, /Hello from the E2E smoke extension/);

  const frame = await s.step('find webview', () => time('webviewFrame', () => s.webviewFrame('E2E Smoke Panel')));
  const greeting = await frame.locator('#greeting').textContent();
  assert.equal(greeting, 'Hello from the smoke webview');
  const text = await s.webviewText('E2E Smoke Panel');
  assert.match(text, new RegExp(`DOCKER_HOST=${FAKE_DOCKER_HOST.replace(/[.:/]/g, '\\$&')}`));
  assert.match(text, /setting=greeting from settings\.json/);
});

test('input box + quick pick answers reach the extension, tree and live webview', { timeout: t(180_000) }, async () => {
  const s = vs!;
  await s.step('run Ask', () => s.runCommand('E2E Smoke: Ask'));
  // Validation errors are reported, not swallowed.
  await assert.rejects(s.answerQuickInput('forty', { expectPrompt: /How many requests/, timeout: t(10_000) }), /Enter a whole number/);
  // After a rejection the prompt line shows the validation message; match the title instead.
  await s.step('answer requests', () => s.answerQuickInput('40', { expectPrompt: /load test/ }));
  await s.step('answer concurrency', () => s.answerQuickInput('4', { expectPrompt: /Concurrency/ }));
  await s.waitForNotification(/Answers: 40 requests x 4/, t(30_000));

  await s.waitFor(async () => /answers: 40 requests x 4/.test(await s.webviewText('E2E Smoke Panel')), t(30_000), 'webview to show the answers');
  const rows = await s.waitFor(
    async () => {
      const r = await s.treeItems({ view: 'Nodes' });
      return r.find((x) => x.label === 'load test');
    },
    t(30_000),
    'tree row "load test"',
  );
  assert.equal(rows.description, '40 requests');

  const shot = await s.screenshot('smoke', { readme: true });
  console.error(`[e2e] screenshot: ${shot}`);

  // Notification buttons reach the extension.
  await s.clickNotificationButton(/Answers: 40 requests x 4/, 'Clear');
  await s.waitFor(async () => !(await s.treeItems({ view: 'Nodes' })).some((x) => x.label === 'load test'), t(30_000), 'tree row "load test" to go away');
  assert.deepEqual(s.externalRequests, [], 'the browser tried to reach hosts other than 127.0.0.1');
});
