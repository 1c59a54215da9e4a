// The CLI's language (issue 12): --lang, else LC_ALL / LC_MESSAGES / LANG, else English; the built CLI
// then speaks it, from its own help on.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { bundlePath, chooseLanguage, cliLanguage, langOption, languageFromEnv } from '../../src/cli/lang';

const root = join(__dirname, '..', '..');
const CLI = join(root, 'dist', 'cli.js');
/** An environment with no locale at all but the ones given. */
const env = (vars: NodeJS.ProcessEnv): NodeJS.ProcessEnv => ({ PATH: process.env.PATH, ...vars });

describe('choosing the CLI language', () => {
  test('--lang beats LANG, both ways', () => {
    assert.equal(chooseLanguage(['--lang', 'en', 'status'], env({ LANG: 'zh_CN.UTF-8' })), 'en');
    assert.equal(chooseLanguage(['status', '--lang=zh-cn'], env({ LANG: 'en_US.UTF-8' })), 'zh-cn');
  });

  test('--lang takes its value in any case, and refuses one it does not know', () => {
    assert.equal(chooseLanguage(['--lang', 'ZH-CN'], env({})), 'zh-cn');
    assert.equal(langOption('ZH-CN'), 'zh-cn');
    assert.throws(() => langOption('fr'), /the languages are en, zh-cn/);
  });

  test('LANG=zh_CN.UTF-8 is Chinese', () => {
    assert.equal(languageFromEnv(env({ LANG: 'zh_CN.UTF-8' })), 'zh-cn');
    assert.equal(chooseLanguage(['status'], env({ LANG: 'zh_CN.UTF-8' })), 'zh-cn');
  });

  test('C, C.UTF-8, POSIX and en_US are English', () => {
    for (const LANG of ['C', 'C.UTF-8', 'POSIX', 'en_US.UTF-8', 'en_US']) assert.equal(languageFromEnv(env({ LANG })), 'en', LANG);
  });

  test('an unknown locale, an empty one or none is English', () => {
    for (const LANG of ['fr_FR.UTF-8', 'klingon', '', undefined]) assert.equal(languageFromEnv(env({ LANG })), 'en', String(LANG));
    assert.equal(chooseLanguage(['--lang', 'fr'], env({})), 'en');
  });

  test('LC_ALL beats LC_MESSAGES beats LANG, and an empty one does not count', () => {
    assert.equal(languageFromEnv(env({ LC_ALL: 'C', LC_MESSAGES: 'zh_CN.UTF-8', LANG: 'zh_CN.UTF-8' })), 'en');
    assert.equal(languageFromEnv(env({ LC_MESSAGES: 'zh_CN.UTF-8', LANG: 'en_US.UTF-8' })), 'zh-cn');
    assert.equal(languageFromEnv(env({ LC_ALL: '', LANG: 'zh_CN.UTF-8' })), 'zh-cn');
  });

  test('--json keeps the output English whatever the language, unless it comes after --', () => {
    assert.equal(cliLanguage(['status', '--json', '--lang', 'zh-cn'], env({ LANG: 'zh_CN.UTF-8' })), 'en');
    assert.equal(cliLanguage(['step', '--', '--json'], env({ LANG: 'zh_CN.UTF-8' })), 'zh-cn');
  });

  test('the Chinese bundle is found from the built CLI (dist/) and from the sources (src/cli/)', () => {
    const shipped = join(root, 'l10n', 'bundle.l10n.zh-cn.json');
    assert.equal(bundlePath('zh-cn', join(root, 'dist')), shipped);
    assert.equal(bundlePath('zh-cn', join(root, 'src', 'cli')), shipped);
    assert.equal(bundlePath('en', join(root, 'dist')), undefined);
  });
});

describe('the built CLI in Chinese', () => {
  const run = (args: string[], vars: NodeJS.ProcessEnv, cli = CLI) => {
    assert.ok(existsSync(CLI), 'dist/cli.js is built (npm run build)');
    const r = spawnSync(process.execPath, [cli, ...args], { env: env(vars), encoding: 'utf8', timeout: 30_000 });
    assert.equal(r.status, 0, r.stderr);
    return r.stdout;
  };

  test('--lang zh-cn --help describes the program and its commands in Chinese', () => {
    const help = run(['--lang', 'zh-cn', '--help'], { LANG: 'C.UTF-8' });
    assert.match(help, /^用法：/m);
    assert.match(help, /Docker 中的 LVS（IPVS）手册实验/);
    assert.match(help, /^\s+up\s+.*[\u4e00-\u9fff]/m);
    assert.doesNotMatch(help, /build the image if needed/);
  });

  test('LANG=zh_CN.UTF-8 alone gives the Chinese help, also of a subcommand', () => {
    assert.match(run(['--help'], { LANG: 'zh_CN.UTF-8' }), /^用法：/m);
    const load = run(['load', '--help'], { LANG: 'zh_CN.UTF-8' });
    assert.match(load, /请求数/);
  });

  test('LANG=C.UTF-8 and --lang en give the English help', () => {
    assert.match(run(['--help'], { LANG: 'C.UTF-8' }), /^Usage:.*\n\nThe LVS \(IPVS\) handbook lab in Docker/);
    assert.match(run(['--lang', 'en', '--help'], { LANG: 'zh_CN.UTF-8' }), /build the image if needed/);
  });

  test("--version and -V print package.json's version, and the Chinese help names the option", () => {
    const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };
    assert.equal(run(['--version'], { LANG: 'C.UTF-8' }), `${version}\n`);
    assert.equal(run(['-V'], { LANG: 'zh_CN.UTF-8' }), `${version}\n`);
    assert.match(run(['--help'], { LANG: 'zh_CN.UTF-8' }), /-V, --version\s+显示 lvs-lab 的版本/);
  });

  test("commander's own errors are translated too: an unknown command in Chinese, as it was in English", () => {
    const zh = spawnSync(process.execPath, [CLI, 'stats'], { env: env({ LANG: 'zh_CN.UTF-8' }), encoding: 'utf8', timeout: 30_000 });
    assert.equal(zh.status, 1);
    assert.match(zh.stderr, /^错误：未知命令 'stats'\n（你是想输入 status 吗？）/);
    const en = spawnSync(process.execPath, [CLI, 'stats'], { env: env({ LANG: 'C.UTF-8' }), encoding: 'utf8', timeout: 30_000 });
    assert.match(en.stderr, /^error: unknown command 'stats'\n\(Did you mean status\?\)/);
  });

  test('installed elsewhere (dist/cli.js with l10n/ beside dist/, as in the npm package) it still finds the Chinese', () => {
    const home = mkdtempSync(join(tmpdir(), 'lvslab-cli-'));
    try {
      mkdirSync(join(home, 'dist'));
      mkdirSync(join(home, 'l10n'));
      copyFileSync(CLI, join(home, 'dist', 'cli.js'));
      copyFileSync(join(root, 'l10n', 'bundle.l10n.zh-cn.json'), join(home, 'l10n', 'bundle.l10n.zh-cn.json'));
      assert.match(run(['--help'], { LANG: 'zh_CN.UTF-8' }, join(home, 'dist', 'cli.js')), /^用法：/m);
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  });
});
