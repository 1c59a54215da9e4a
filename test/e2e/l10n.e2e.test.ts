// LVS Lab in real VS Code with the display language 简体中文 (issue 12). code-server runs with `--locale zh-cn`;
// VS Code switches its display language only when a language pack for it is installed, and the official one
// comes from a marketplace this machine cannot reach, so the test builds the smallest honest pack: an
// extension contributing the zh-cn localization with no translations of VS Code itself (VS Code's own
// words stay English), installed the way a user does it (Extensions: Install from VSIX…), then the page is
// loaded again. Our extension then gets vscode.env.language 'zh-cn', package.nls.zh-cn.json and
// l10n/bundle.l10n.zh-cn.json: the activity bar, the Lab view, the palette, the quick pick, the notification
// and the live panel are in Chinese. Screenshot: test/e2e/screenshots/zh-cn.png (LVSLAB_E2E_UPDATE_SCREENSHOTS=1).
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { cli } from '../support/cli';
import { ensureEngine } from '../support/engine';
import { packageExtension, REPO_ROOT, startCodeServer, t, type CodeServerSession } from './harness';

const FIXTURE = path.join(REPO_ROOT, 'test', 'fixtures', 'zhcn.lvslab.yaml');
// The lab's identity is its file's path: a fixed workspace, so a lab left by an earlier run is the same lab.
const WORKSPACE = path.join(tmpdir(), 'lvslab-e2e-zhcn');
const LAB_FILE = path.join(WORKSPACE, 'zhcn.lvslab.yaml');
const CHINESE = /[\u4e00-\u9fff]/;

/** A language pack that makes zh-cn a display language and translates nothing of VS Code. */
async function buildLanguagePack(dir: string): Promise<string> {
  mkdirSync(path.join(dir, 'translations'), { recursive: true });
  const manifest = {
    name: 'lvslab-test-zh-cn',
    displayName: 'zh-cn display language (LVS Lab test)',
    description: 'Makes zh-cn a display language for the LVS Lab e2e test; translates nothing of VS Code itself.',
    version: '0.0.1',
    publisher: 'lvslab-e2e',
    license: 'MIT',
    repository: { type: 'git', url: 'https://example.invalid/lvslab-test-zh-cn.git' },
    engines: { vscode: '^1.100.0' },
    categories: ['Language Packs'],
    contributes: {
      localizations: [
        {
          languageId: 'zh-cn',
          languageName: 'Chinese Simplified',
          localizedLanguageName: '中文(简体)',
          translations: [{ id: 'vscode', path: './translations/main.i18n.json' }],
        },
      ],
    },
  };
  writeFileSync(path.join(dir, 'package.json'), JSON.stringify(manifest, null, 2));
  writeFileSync(path.join(dir, 'translations', 'main.i18n.json'), JSON.stringify({ version: '1.0.0', contents: {} }));
  writeFileSync(path.join(dir, 'README.md'), '# zh-cn display language for the LVS Lab e2e test\n');
  writeFileSync(path.join(dir, 'LICENSE'), 'MIT\n');
  return packageExtension(dir, { out: path.join(dir, 'lvslab-test-zh-cn.vsix') });
}

describe('LVS Lab in VS Code with the display language 简体中文', { timeout: 30 * 60_000 }, () => {
  let vs: CodeServerSession;
  let env: NodeJS.ProcessEnv;
  let packDir: string;
  let pack: string;

  before(async () => {
    const dockerHost = await ensureEngine();
    env = { ...process.env, DOCKER_HOST: dockerHost };
    mkdirSync(WORKSPACE, { recursive: true });
    copyFileSync(FIXTURE, LAB_FILE);
    await cli(['down', '--lab', LAB_FILE], env);
    const out = path.join(REPO_ROOT, '.test-output');
    mkdirSync(out, { recursive: true });
    const vsix = await packageExtension(REPO_ROOT, {
      out: path.join(out, 'lvs-lab-zhcn.vsix'),
      extraArgs: ['--no-rewrite-relative-links', '--allow-missing-repository'],
    });
    packDir = mkdtempSync(path.join(tmpdir(), 'lvslab-zh-cn-pack-'));
    pack = await buildLanguagePack(packDir);
    vs = await startCodeServer({ vsix, dockerHost, name: 'zh-cn', workspace: WORKSPACE, args: ['--locale', 'zh-cn'] });
    await switchToChinese();
  });

  /** Installs the pack as a user does (Extensions: Install from VSIX…), then loads the page again. */
  async function switchToChinese(): Promise<void> {
    // --locale alone, no pack: VS Code keeps English, and so does the extension.
    await vs.openView('LVS Lab');
    await vs.runCommand('Extensions: Install from VSIX...');
    // The simple file dialog (the files are on the server): a path typed into its box.
    const box = vs.page.locator('.quick-input-widget .quick-input-box input');
    await vs.waitFor(async () => ((await box.inputValue().catch(() => '')).startsWith('/') ? true : undefined), t(30_000), 'the VSIX file dialog');
    // The dialog lists the folder of the path typed; Enter counts once that listing shows the file.
    await vs.waitFor(
      async () => {
        const q = await vs.quickInput();
        if (!q.visible) return true;
        if (q.value !== pack) await box.fill(pack);
        else if (q.items.includes(path.basename(pack))) await box.press('Enter');
        await vs.page.waitForTimeout(1000);
        return undefined;
      },
      t(60_000),
      'the VSIX file dialog to take the path',
    );
    await vs.waitForNotification(/Completed installing extension/i, t(120_000));
    await vs.page.reload();
    await vs.page.locator('.monaco-workbench').waitFor({ state: 'visible', timeout: t(120_000) });
    await vs.page.locator('.part.activitybar').waitFor({ state: 'visible', timeout: t(60_000) });
  }

  after(async () => {
    await vs?.stop();
    await cli(['down', '--lab', LAB_FILE], env);
    if (packDir) rmSync(packDir, { recursive: true, force: true });
  });

  test('the activity bar, the Lab view and its welcome text are Chinese', async () => {
    await vs.openView('LVS 实验室');
    const headers = await vs.waitFor(
      async () => {
        const titles = (await vs.page.locator('.part.sidebar .pane-header .title').allTextContents()).map((s) => s.trim());
        return titles.includes('实验') && titles.includes('连接') ? titles : undefined;
      },
      t(60_000),
      'the views 实验 and 连接',
    );
    assert.ok(headers.includes('实验'));
    // No lab yet: the Lab view's welcome text, from package.nls.zh-cn.json.
    const welcome = await vs.waitFor(
      async () => {
        const text = (await vs.page.locator('.part.sidebar .welcome-view-content').allTextContents()).join(' ');
        return /没有正在运行的实验/.test(text) ? text : undefined;
      },
      t(60_000),
      'the Lab view to say 没有正在运行的实验',
    );
    assert.match(welcome, /启动实验/);
  });

  test('the palette offers the commands in Chinese, and Start Lab asks, starts and reports in Chinese', async () => {
    assert.equal(await vs.paletteOffers('LVS 实验室: 启动实验'), true);
    assert.equal(await vs.paletteOffers('LVS Lab: Start Lab'), false);
    await vs.runCommand('LVS 实验室: 启动实验');
    await vs.answerQuickInput('zhcn.lvslab.yaml', { expectPrompt: /启动哪个实验/ });
    // The runtime bundle: "LVS 实验室：<title> 已启动 — 11 步中已完成 11 步。"
    const up = await vs.waitForNotification(/LVS 实验室：直接路由实验（简体中文界面测试） 已启动 — (\d+) 步中已完成 \1 步/, t(20 * 60_000));
    assert.match(up, /已启动/);
    // The status bar item counts the steps in Chinese too.
    await vs.waitFor(
      async () => (/LVS zhcn: \d+\/\d+ 步/.test((await vs.page.locator('.part.statusbar').textContent()) ?? '') ? true : undefined),
      t(30_000),
      'the status bar to say LVS zhcn: n/n 步',
    );
    await vs.clearNotifications();
  });

  test('the live panel opens from the Chinese palette with a Chinese title, told the language zh-cn, in Chinese', async () => {
    // The lab the previous test started (up is idempotent: run alone, this test starts it here).
    assert.equal((await cli(['up', '--lab', LAB_FILE], env)).code, 0);
    await vs.runCommand('LVS 实验室: 打开实时面板');
    const frame = await vs.webviewFrame('LVS 实验室：实时面板', { timeout: t(60_000) });
    // The page is told the language (vscode.env.language) and carries the zh-cn bundle: its words come out Chinese.
    assert.match(await frame.evaluate(() => document.documentElement.lang), /^zh-cn$/i);
    const chinese = await vs.waitFor(
      async () => {
        const text =
          (await frame
            .locator('body')
            .innerText({ timeout: 1000 })
            .catch(() => '')) ?? '';
        const lines = text.split('\n').filter((line) => CHINESE.test(line));
        return lines.length > 0 ? lines : undefined;
      },
      t(60_000),
      'Chinese words in the live panel',
    );
    console.error(`[zh-cn] Chinese lines in the live panel: ${JSON.stringify(chinese.slice(0, 20))}`);
    // The director's table arrives (the panel reads the running lab), then the whole window is the README's picture.
    await vs.waitFor(
      async () =>
        (
          (await frame
            .locator('body')
            .textContent({ timeout: 1000 })
            .catch(() => '')) ?? ''
        ).includes('10.94.0.100') || undefined,
      t(120_000),
      'the VIP in the live panel',
    );
    await vs.openView('LVS 实验室');
    await vs.expandAll({ view: '实验' });
    await vs.screenshot('zh-cn', { readme: true });
  });

  test('the walkthrough opens from the Chinese palette with its steps in Chinese, the lab steps done before it opened ticked', async () => {
    await vs.runCommand('LVS 实验室: 跟着实验手册学 LVS（演练）');
    const title = await vs.waitFor(
      async () =>
        (
          await vs.page
            .locator('button.getting-started-step[data-step-id$="#labArp"] .step-title')
            .first()
            .textContent({ timeout: 1000 })
            .catch(() => null)
        )?.trim() || undefined,
      t(60_000),
      "the walkthrough's ARP step",
    );
    assert.equal(title, '真实服务器的 ARP 设置（修改内核）');
    // The lab was done before the walkthrough first opened: its steps tick from the nodes' checks all the same.
    const arp = vs.page.locator('button.getting-started-step[data-step-id$="#labArp"]').first();
    await vs.waitFor(async () => (await arp.getAttribute('aria-checked')) === 'true', t(20_000), 'the ARP step ticked');
    // The picture: the ARP step open (ticked: the lab's steps are done) with its media drawn.
    await vs.page.locator('button.getting-started-step[data-step-id$="#labArp"]').first().click();
    await vs.page.waitForTimeout(2000);
    await vs.screenshot('walkthrough-zh-cn', { readme: true });
  });
});
