/**
 * End-to-end harness: real VS Code (code-server from npm) driven by playwright-core through
 * Debian's Chromium.
 *
 *   const vs = await startCodeServer({ vsix, dockerHost, settings });
 *   try {
 *     await vs.openView('LVS Lab');
 *     await vs.runCommand('LVS Lab: Start Lab');
 *     await vs.waitFor(async () => (await vs.treeItems()).some(r => r.label === 'node01'), 300_000, 'node01 in tree');
 *     const frame = await vs.webviewFrame('LVS Lab');
 *   } finally {
 *     await vs.stop();
 *   }
 *
 * Everything code-server writes (user data, extensions, XDG dirs, HOME) lives in one temp folder
 * that stop() deletes. Artifacts (screenshots, code-server log, browser console) go to
 * LVSLAB_E2E_OUT (default <repo>/.test-output/e2e/<run-id>/).
 */
import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import * as fs from 'node:fs';
import * as fsp from 'node:fs/promises';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Browser, BrowserContext, Frame, Page } from 'playwright-core';

export const E2E_DIR = path.resolve(__dirname);
export const REPO_ROOT = path.resolve(E2E_DIR, '..', '..');
export const CACHE_DIR = process.env.LVSLAB_CACHE || path.join(os.homedir(), '.cache', 'lvslab');
/** Stable screenshot folder kept in the repo (README images). Written only on request. */
export const README_SCREENSHOT_DIR = path.join(E2E_DIR, 'screenshots');

const TIMEOUT_MULT = Number(process.env.LVSLAB_E2E_TIMEOUT_MULT || '1') || 1;
/** Scale a timeout by LVSLAB_E2E_TIMEOUT_MULT (slow machines / emulated Docker VM). */
export const t = (ms: number): number => Math.round(ms * TIMEOUT_MULT);

// ---------------------------------------------------------------------------------------------
// Tool resolution: prefer the repo's node_modules (devDependencies), else the cache that
// setup.sh fills ($LVSLAB_CACHE/e2e-tools), so the harness works before package.json has them.
// ---------------------------------------------------------------------------------------------
const TOOLS_DIR = path.join(CACHE_DIR, 'e2e-tools');

function resolveTool(spec: string): string {
  const errors: string[] = [];
  for (const base of [REPO_ROOT, TOOLS_DIR]) {
    try {
      return createRequire(path.join(base, 'package.json')).resolve(spec);
    } catch (e) {
      errors.push(`${base}: ${(e as Error).message.split('\n')[0]}`);
    }
  }
  throw new Error(`cannot resolve ${spec} (run: bash test/e2e/setup.sh)\n  ${errors.join('\n  ')}`);
}

function loadPlaywright(): typeof import('playwright-core') {
  return createRequire(__filename)(resolveTool('playwright-core')) as typeof import('playwright-core');
}

let setupResult: string | undefined;
/** Runs setup.sh (idempotent, ~0.2 s when everything is installed); returns the code-server bin. */
export async function ensureSetup(): Promise<string> {
  if (process.env.LVSLAB_CODE_SERVER) return process.env.LVSLAB_CODE_SERVER;
  if (setupResult) return setupResult;
  const out = await run('bash', [path.join(E2E_DIR, 'setup.sh')], { timeoutMs: 30 * 60_000, stderrToParent: true });
  const bin = out.stdout.trim().split('\n').pop()!.trim();
  if (!bin || !fs.existsSync(bin)) throw new Error(`setup.sh did not print a code-server path (got ${JSON.stringify(bin)})`);
  setupResult = bin;
  return bin;
}

// ---------------------------------------------------------------------------------------------
// Small process helpers
// ---------------------------------------------------------------------------------------------
interface RunOpts {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  timeoutMs?: number;
  stderrToParent?: boolean;
}

export function run(cmd: string, args: string[], opts: RunOpts = {}): Promise<{ stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      cmd,
      args,
      { cwd: opts.cwd, env: opts.env ?? process.env, timeout: opts.timeoutMs ?? 120_000, maxBuffer: 64 * 1024 * 1024 },
      (err, stdout, stderr) => {
        if (err) {
          reject(new Error(`${cmd} ${args.join(' ')} failed: ${err.message}\n--- stdout\n${stdout}\n--- stderr\n${stderr}`));
        } else resolve({ stdout: String(stdout), stderr: String(stderr) });
      },
    );
    child.stdin?.end();
    if (opts.stderrToParent) child.stderr?.on('data', (d: Buffer) => process.stderr.write(d));
  });
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Thrown inside a waitFor() callback to stop waiting at once (a definite failure). */
export class AbortWait extends Error {}

// ---------------------------------------------------------------------------------------------
// Packaging
// ---------------------------------------------------------------------------------------------
/** `vsce package --no-dependencies` for the extension in `dir`; returns the .vsix path. */
export async function packageExtension(dir: string, opts: { out?: string; extraArgs?: string[] } = {}): Promise<string> {
  const out = opts.out ?? path.join(dir, `${path.basename(dir)}.vsix`);
  const vsceMain = resolveTool('@vscode/vsce/vsce');
  await run(process.execPath, [vsceMain, 'package', '--no-dependencies', '-o', out, ...(opts.extraArgs ?? [])], {
    cwd: dir,
    timeoutMs: t(180_000),
  });
  if (!fs.existsSync(out)) throw new Error(`vsce did not produce ${out}`);
  return out;
}

// ---------------------------------------------------------------------------------------------
// The session
// ---------------------------------------------------------------------------------------------
export interface StartOptions {
  /** .vsix to install (or several). */
  vsix?: string | string[];
  /** Passed to code-server (and so to the extension host) as DOCKER_HOST. */
  dockerHost?: string;
  /** User settings.json content (merged over the harness defaults). */
  settings?: Record<string, unknown>;
  /** Folder to open; default: an empty temp folder. */
  workspace?: string;
  /** Extra environment for code-server / the extension host. */
  env?: Record<string, string>;
  /** Extra code-server arguments (e.g. ['--locale', 'zh-cn']). */
  args?: string[];
  /** Artifact dir (screenshots, logs). Default LVSLAB_E2E_OUT or .test-output/e2e/<run-id>. */
  outDir?: string;
  /** Name used in the default artifact dir. */
  name?: string;
  /** Browser viewport. */
  viewport?: { width: number; height: number };
  /**
   * Make code-server's outbound HTTP(S) fail locally (HTTP(S)_PROXY=127.0.0.1:9, NO_PROXY for
   * 127.0.0.1/localhost and the Docker host). Default true.
   */
  blockExternalHttp?: boolean;
}

export interface TreeRow {
  label: string;
  description: string;
  ariaLabel: string;
  /** Title of the view pane the row is in (e.g. "Nodes"). */
  view: string;
  level: number;
  /** true/false for collapsible rows, undefined for leaves. */
  expanded?: boolean;
  selected: boolean;
  tooltip: string;
  /** Codicon id of the row's icon when it is a ThemeIcon (e.g. "pass", "loading"), else "". */
  icon: string;
}

export interface QuickInputState {
  visible: boolean;
  title: string;
  placeholder: string;
  value: string;
  message: string;
  items: string[];
}

export interface CodeServerSession {
  url: string;
  page: Page;
  browser: Browser;
  context: BrowserContext;
  outDir: string;
  tmpDir: string;
  workspace: string;
  /** Requests the browser attempted to anything other than 127.0.0.1/localhost. */
  externalRequests: string[];
  stop(): Promise<void>;
  /** PNG of the whole window into outDir; with { readme: true } also into test/e2e/screenshots/
   *  when LVSLAB_E2E_UPDATE_SCREENSHOTS=1. Returns the outDir path. */
  screenshot(name: string, opts?: { readme?: boolean }): Promise<string>;
  runCommand(title: string, opts?: { timeout?: number }): Promise<void>;
  /** Whether the command palette offers a command with exactly this title (looked for over ~5 s; disabled ones are not offered). */
  paletteOffers(title: string): Promise<boolean>;
  quickInput(): Promise<QuickInputState>;
  answerQuickInput(text: string, opts?: { timeout?: number; expectPrompt?: RegExp }): Promise<QuickInputState>;
  openView(viewContainerTitle: string, opts?: { timeout?: number }): Promise<void>;
  treeItems(opts?: { view?: string }): Promise<TreeRow[]>;
  /** Hovers the side bar's tree row with this label and clicks its inline action with this title. */
  clickTreeAction(label: string, action: string, opts?: { timeout?: number }): Promise<void>;
  expandAll(opts?: { view?: string; timeout?: number }): Promise<void>;
  webviewFrame(title?: string, opts?: { timeout?: number }): Promise<Frame>;
  webviewText(title?: string): Promise<string>;
  notifications(): Promise<string[]>;
  waitForNotification(re: RegExp, timeout?: number): Promise<string>;
  clearNotifications(): Promise<void>;
  /** Clicks a button (e.g. "Open Panel") on the visible toast whose message matches. */
  clickNotificationButton(message: RegExp, button: string, timeout?: number): Promise<void>;
  waitFor<T>(fn: () => Promise<T | undefined | null | false> | T | undefined | null | false, timeout: number, what?: string): Promise<T>;
  /** Runs fn; on failure takes failure-<name>.png and appends its path (+ context) to the error. */
  step<T>(name: string, fn: () => Promise<T>): Promise<T>;
  logs(): { codeServer: string; console: string };
}

const DEFAULT_SETTINGS: Record<string, unknown> = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'security.workspace.trust.enabled': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoUpdate': false,
  'extensions.autoCheckUpdates': false,
  'extensions.ignoreRecommendations': true,
  'git.enabled': false,
  'git.autoRepositoryDetection': false,
  'npm.fetchOnlinePackageInfo': false,
  'typescript.disableAutomaticTypeAcquisition': true,
  'chat.commandCenter.enabled': false,
  'window.dialogStyle': 'custom',
  // No animations: steadier screenshots and fewer half-drawn states.
  'workbench.reduceMotion': 'on',
};

let runCounter = 0;

export async function startCodeServer(opts: StartOptions = {}): Promise<CodeServerSession> {
  const started = Date.now();
  const bin = await ensureSetup();
  const runId = `${new Date().toISOString().replace(/[:.]/g, '-')}-${opts.name ?? 'session'}-${process.pid}-${runCounter++}`;
  const outDir = path.resolve(opts.outDir ?? process.env.LVSLAB_E2E_OUT ?? path.join(REPO_ROOT, '.test-output', 'e2e', runId));
  await fsp.mkdir(outDir, { recursive: true });

  const tmpDir = await fsp.mkdtemp(path.join(os.tmpdir(), 'lvslab-e2e-'));
  const dirs = {
    userData: path.join(tmpDir, 'user-data'),
    extensions: path.join(tmpDir, 'extensions'),
    home: path.join(tmpDir, 'home'),
    xdgConfig: path.join(tmpDir, 'xdg-config'),
    xdgData: path.join(tmpDir, 'xdg-data'),
    xdgCache: path.join(tmpDir, 'xdg-cache'),
    tmp: path.join(tmpDir, 'tmp'),
  };
  for (const d of Object.values(dirs)) await fsp.mkdir(d, { recursive: true });
  const workspace = opts.workspace ?? path.join(tmpDir, 'workspace');
  await fsp.mkdir(workspace, { recursive: true });
  await fsp.mkdir(path.join(dirs.userData, 'User'), { recursive: true });
  await fsp.writeFile(path.join(dirs.userData, 'User', 'settings.json'), JSON.stringify({ ...DEFAULT_SETTINGS, ...(opts.settings ?? {}) }, null, 2));

  const port = await freePort();
  const configYaml = path.join(tmpDir, 'config.yaml');
  await fsp.writeFile(configYaml, `bind-addr: 127.0.0.1:${port}\nauth: none\ncert: false\n`);

  const noProxy = ['127.0.0.1', 'localhost', '::1'];
  if (opts.dockerHost) {
    try {
      noProxy.push(new URL(opts.dockerHost.replace(/^tcp:/, 'http:')).hostname);
    } catch {
      /* unix socket etc. */
    }
  }
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    LANG: process.env.LANG ?? 'C.UTF-8',
    HOME: dirs.home,
    XDG_CONFIG_HOME: dirs.xdgConfig,
    XDG_DATA_HOME: dirs.xdgData,
    XDG_CACHE_HOME: dirs.xdgCache,
    TMPDIR: dirs.tmp,
    // No extension marketplace at all (code-server would default to open-vsx.org).
    EXTENSIONS_GALLERY: '{}',
    ...(opts.blockExternalHttp === false
      ? {}
      : {
          HTTP_PROXY: 'http://127.0.0.1:9',
          HTTPS_PROXY: 'http://127.0.0.1:9',
          http_proxy: 'http://127.0.0.1:9',
          https_proxy: 'http://127.0.0.1:9',
          NO_PROXY: noProxy.join(','),
          no_proxy: noProxy.join(','),
        }),
    ...(opts.dockerHost ? { DOCKER_HOST: opts.dockerHost } : {}),
    ...(opts.env ?? {}),
  };
  const commonArgs = ['--config', configYaml, '--user-data-dir', dirs.userData, '--extensions-dir', dirs.extensions];

  const cleanupTmp = async () => {
    if (process.env.LVSLAB_E2E_KEEP === '1') return;
    await fsp.rm(tmpDir, { recursive: true, force: true }).catch(() => undefined);
  };

  // Install the extension(s).
  const vsixes = opts.vsix ? (Array.isArray(opts.vsix) ? opts.vsix : [opts.vsix]) : [];
  try {
    for (const v of vsixes) {
      const r = await run(bin, [...commonArgs, '--install-extension', path.resolve(v)], { env, timeoutMs: t(180_000) });
      if (!/was successfully installed|is already installed/i.test(r.stdout + r.stderr)) {
        throw new Error(`installing ${v} did not report success:\n${r.stdout}\n${r.stderr}`);
      }
    }
  } catch (e) {
    await cleanupTmp();
    throw e;
  }

  // Start code-server in its own process group so stop() can kill everything it spawned.
  const csLogPath = path.join(outDir, 'code-server.log');
  const csLog = fs.createWriteStream(csLogPath);
  let csOutput = '';
  const child: ChildProcess = spawn(
    bin,
    [
      ...commonArgs,
      '--auth',
      'none',
      '--bind-addr',
      `127.0.0.1:${port}`,
      '--disable-telemetry',
      '--disable-update-check',
      '--disable-workspace-trust',
      '--disable-getting-started-override',
      '--disable-proxy',
      '--ignore-last-opened',
      ...(opts.args ?? []),
      workspace,
    ],
    { env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const onData = (d: Buffer) => {
    csLog.write(d);
    csOutput += d.toString();
    if (csOutput.length > 2_000_000) csOutput = csOutput.slice(-1_000_000);
  };
  child.stdout!.on('data', onData);
  child.stderr!.on('data', onData);
  let exited: number | string | null | undefined;
  child.on('exit', (code, sig) => (exited = code ?? sig));

  const killTree = async () => {
    if (child.pid === undefined || exited !== undefined) return;
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      /* gone */
    }
    for (let i = 0; i < 50 && exited === undefined; i++) await sleep(100);
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {
      /* gone */
    }
  };

  // If the test process exits without stop() (crash, Ctrl-C handled by playwright → process.exit),
  // still take code-server's whole process group down.
  const killOnExit = () => {
    if (child.pid !== undefined && exited === undefined) {
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        /* gone */
      }
    }
  };
  process.on('exit', killOnExit);

  const url = `http://127.0.0.1:${port}`;
  let browser: Browser | undefined;
  try {
    // Wait for the HTTP server.
    const deadline = Date.now() + t(120_000);
    for (;;) {
      if (exited !== undefined) throw new Error(`code-server exited (${exited}) during startup:\n${csOutput}`);
      try {
        const r = await fetch(`${url}/healthz`);
        if (r.ok) break;
      } catch {
        /* not yet */
      }
      if (Date.now() > deadline) throw new Error(`code-server did not answer on ${url} within ${t(120_000)} ms:\n${csOutput}`);
      await sleep(200);
    }

    const { chromium } = loadPlaywright();
    browser = await chromium.launch({
      executablePath: process.env.LVSLAB_CHROMIUM || '/usr/bin/chromium',
      headless: true,
      chromiumSandbox: false,
      // Chromium's crashpad and dconf write under HOME/XDG dirs: keep them in the temp folder.
      env: {
        PATH: process.env.PATH ?? '/usr/bin:/bin',
        HOME: dirs.home,
        XDG_CONFIG_HOME: dirs.xdgConfig,
        XDG_CACHE_HOME: dirs.xdgCache,
        XDG_DATA_HOME: dirs.xdgData,
        TMPDIR: dirs.tmp,
      },
      args: [
        '--disable-breakpad',
        '--disable-crash-reporter',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--disable-dev-shm-usage',
        '--disable-default-apps',
        '--disable-domain-reliability',
        '--no-first-run',
        '--disable-features=Translate,OptimizationHints,MediaRouter,DialMediaRouteProvider,AutofillServerCommunication',
        // Nothing but 127.0.0.1/localhost resolves: the browser cannot leave the machine.
        '--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE localhost , EXCLUDE 127.0.0.1',
      ],
    });
    const context = await browser.newContext({ viewport: opts.viewport ?? { width: 1440, height: 900 } });
    const externalRequests: string[] = [];
    context.on('request', (req) => {
      const u = req.url();
      if (/^(data|blob|about|chrome-extension|vscode-webview|vscode-resource):/.test(u)) return;
      try {
        const h = new URL(u).hostname;
        if (h === '127.0.0.1' || h === 'localhost' || h.endsWith('.localhost')) return;
      } catch {
        return;
      }
      externalRequests.push(u);
    });
    // tsx/esbuild (keepNames) wraps named inner functions in __name(...); functions we send to the
    // browser via evaluate()/addInitScript() need that helper to exist in every frame.
    await context.addInitScript({ content: 'globalThis.__name = globalThis.__name || ((f) => f);' });
    // Record every notification message ever shown (toasts disappear after a while).
    await context.addInitScript(() => {
      if (window.top !== window) return;
      const w = window as unknown as { __e2eNotifications: string[] };
      w.__e2eNotifications = [];
      const seen = new WeakSet<Element>();
      const scan = () => {
        document.querySelectorAll('.notification-list-item-message').forEach((el) => {
          const text = (el.textContent ?? '').trim();
          if (!seen.has(el) && text) {
            seen.add(el);
            if (w.__e2eNotifications[w.__e2eNotifications.length - 1] !== text) w.__e2eNotifications.push(text);
          }
        });
      };
      const start = () => new MutationObserver(scan).observe(document.documentElement, { childList: true, subtree: true, characterData: true });
      if (document.documentElement) start();
      else document.addEventListener('DOMContentLoaded', start);
    });
    const page = await context.newPage();
    page.setDefaultTimeout(t(30_000));
    let consoleLog = '';
    const consoleLogPath = path.join(outDir, 'browser-console.log');
    page.on('console', (m) => {
      const line = `[${m.type()}] ${m.text()}\n`;
      consoleLog += line;
      fs.appendFileSync(consoleLogPath, line);
    });
    page.on('pageerror', (e) => {
      const line = `[pageerror] ${e.message}\n`;
      consoleLog += line;
      fs.appendFileSync(consoleLogPath, line);
    });

    await page.goto(`${url}/?folder=${encodeURIComponent(workspace)}`, { timeout: t(120_000) });
    await page.locator('.monaco-workbench').waitFor({ state: 'visible', timeout: t(120_000) });
    await page.locator('.part.statusbar').waitFor({ state: 'visible', timeout: t(120_000) });
    await page.locator('.part.activitybar').waitFor({ state: 'visible', timeout: t(60_000) });

    const session = makeSession({ url, page, browser, context, outDir, tmpDir, workspace, externalRequests });
    const browserRef = browser;
    session.logs = () => ({ codeServer: csOutput, console: consoleLog });
    session.stop = async () => {
      await browserRef.close().catch(() => undefined);
      await killTree();
      process.off('exit', killOnExit);
      csLog.end();
      await cleanupTmp();
    };
    console.error(`[e2e] code-server ${url} ready in ${Date.now() - started} ms (artifacts: ${outDir})`);
    return session;
  } catch (e) {
    if (browser) {
      try {
        const pages = browser.contexts().flatMap((c) => c.pages());
        if (pages[0]) await pages[0].screenshot({ path: path.join(outDir, 'failure-startup.png') });
      } catch {
        /* ignore */
      }
      await browser.close().catch(() => undefined);
    }
    await killTree();
    process.off('exit', killOnExit);
    csLog.end();
    await cleanupTmp();
    throw e;
  }
}

// ---------------------------------------------------------------------------------------------
// Interaction helpers
// ---------------------------------------------------------------------------------------------
type SessionParts = Pick<CodeServerSession, 'url' | 'page' | 'browser' | 'context' | 'outDir' | 'tmpDir' | 'workspace' | 'externalRequests'>;

function makeSession(p: SessionParts): CodeServerSession {
  const { page, outDir } = p;
  const QI = '.quick-input-widget';

  const screenshot = async (name: string, o: { readme?: boolean } = {}) => {
    const file = path.join(outDir, `${name.replace(/[^\w.-]+/g, '_')}.png`);
    await page.screenshot({ path: file, timeout: t(30_000) });
    if (o.readme && process.env.LVSLAB_E2E_UPDATE_SCREENSHOTS === '1') {
      await fsp.mkdir(README_SCREENSHOT_DIR, { recursive: true });
      await fsp.copyFile(file, path.join(README_SCREENSHOT_DIR, path.basename(file)));
    }
    return file;
  };

  let failureShots = 0;
  const failureShot = async (what: string): Promise<string> => {
    try {
      return await screenshot(`failure-${String(++failureShots).padStart(2, '0')}-${what}`.slice(0, 100));
    } catch (e) {
      return `(screenshot failed: ${(e as Error).message})`;
    }
  };

  const describeUi = async (): Promise<string> => {
    try {
      const [qi, notes, rows] = await Promise.all([quickInput(), notifications(), treeItems().catch(() => [])]);
      const lines = [
        `  quick input: ${qi.visible ? JSON.stringify({ title: qi.title, placeholder: qi.placeholder, value: qi.value, message: qi.message, items: qi.items.slice(0, 10) }) : 'closed'}`,
        `  notifications seen: ${JSON.stringify(notes.slice(-10))}`,
        `  side bar rows: ${JSON.stringify(rows.slice(0, 30).map((r) => `${r.label}${r.description ? ` (${r.description})` : ''}`))}`,
      ];
      return lines.join('\n');
    } catch (e) {
      return `  (ui state unavailable: ${(e as Error).message})`;
    }
  };

  const waitFor = async <T>(
    fn: () => Promise<T | undefined | null | false> | T | undefined | null | false,
    timeout: number,
    what = 'condition',
  ): Promise<T> => {
    const deadline = Date.now() + timeout;
    let lastErr: unknown;
    let last: unknown;
    for (;;) {
      try {
        const v = await fn();
        last = v;
        if (v !== undefined && v !== null && v !== false) return v;
      } catch (e) {
        if (e instanceof AbortWait) throw e;
        lastErr = e;
      }
      if (Date.now() > deadline) break;
      await sleep(Math.min(500, Math.max(100, timeout / 100)));
    }
    const shot = await failureShot(what.replace(/\W+/g, '_'));
    const err = new Error(
      `timed out after ${timeout} ms waiting for ${what}` +
        (lastErr ? `\n  last error: ${(lastErr as Error).message ?? lastErr}` : '') +
        `\n  last value: ${safeJson(last)}` +
        `\n${await describeUi()}` +
        `\n  screenshot: ${shot}`,
    );
    throw err;
  };

  const step = async <T>(name: string, fn: () => Promise<T>): Promise<T> => {
    try {
      return await fn();
    } catch (e) {
      const err = e as Error;
      if (!/screenshot: /.test(err.message)) {
        const shot = await failureShot(name.replace(/\W+/g, '_'));
        err.message = `[step "${name}"] ${err.message}\n${await describeUi()}\n  screenshot: ${shot}`;
      } else {
        err.message = `[step "${name}"] ${err.message}`;
      }
      throw err;
    }
  };

  const quickInput = async (): Promise<QuickInputState> =>
    page.evaluate((sel) => {
      const w = document.querySelector<HTMLElement>(sel);
      const visible = !!w && w.style.display !== 'none' && w.offsetParent !== null;
      const input = w?.querySelector<HTMLInputElement>('.quick-input-box input');
      const txt = (s: string) => (w?.querySelector<HTMLElement>(s)?.textContent ?? '').trim();
      const items = Array.from(w?.querySelectorAll<HTMLElement>('.quick-input-list .monaco-list-row') ?? []).map((r) =>
        (r.querySelector('.label-name')?.textContent ?? r.getAttribute('aria-label') ?? '').trim(),
      );
      return {
        visible,
        title: txt('.quick-input-title'),
        placeholder: input?.getAttribute('placeholder') ?? '',
        value: input?.value ?? '',
        message: txt('.quick-input-message'),
        items: visible ? items : [],
      };
    }, QI);

  const quickRow = (label: string) =>
    page
      .locator(`${QI} .quick-input-list .monaco-list-row`)
      .filter({ has: page.locator('.label-name', { hasText: new RegExp(`^\\s*${escapeRe(label.trim())}\\s*$`, 'i') }) })
      .first();

  const waitQuickInputOpen = async (timeout: number) => waitFor(async () => ((await quickInput()).visible ? true : undefined), timeout, 'quick input to open');

  const openPalette = async () => {
    for (let attempt = 0; attempt < 3; attempt++) {
      await page.keyboard.press('Escape'); // close whatever quick input / menu is open
      if (attempt > 0) {
        // Focus may be inside a webview iframe or lost: click a neutral spot (status bar) first.
        await page
          .locator('.part.statusbar')
          .click({ position: { x: 5, y: 5 } })
          .catch(() => undefined);
      }
      await page.keyboard.press('F1');
      try {
        await page.locator(`${QI} .quick-input-box input`).waitFor({ state: 'visible', timeout: t(5_000) });
        const v = await page.locator(`${QI} .quick-input-box input`).inputValue();
        if (v.startsWith('>')) return;
      } catch {
        /* retry */
      }
    }
    await waitFor(() => undefined, 0, 'command palette (F1) to open');
  };

  const runCommand = async (title: string, o: { timeout?: number } = {}) => {
    const timeout = o.timeout ?? t(30_000);
    await openPalette();
    const input = page.locator(`${QI} .quick-input-box input`);
    await input.fill(`>${title}`);
    // Wait until the list shows the command (exact label, case-insensitive).
    const norm = (s: string) => s.replace(/\s+/g, ' ').trim().toLowerCase();
    const want = norm(title);
    // The palette lists the commands known when its text last changed: one an extension registers after
    // the palette opened (its host still starting) shows only once the text is typed again.
    let typedAt = Date.now();
    await waitFor(
      async () => {
        if ((await quickInput()).items.some((it) => norm(it) === want)) return true;
        if (Date.now() - typedAt > 3_000) {
          await input.fill('>');
          await input.fill(`>${title}`);
          typedAt = Date.now();
        }
        return undefined;
      },
      timeout,
      `command "${title}" in the command palette`,
    );
    // Click the row by its label (not by index: the list may re-render between read and click).
    await quickRow(title).click();
    // Done when the palette closed, or another quick input (the command's own) replaced it.
    await waitFor(
      async () => {
        const qi = await quickInput();
        return !qi.visible || !qi.value.startsWith('>') ? true : undefined;
      },
      timeout,
      `command palette to close after "${title}"`,
    );
  };

  const paletteOffers = async (title: string) => {
    await openPalette();
    const input = page.locator(`${QI} .quick-input-box input`);
    await input.fill(`>${title}`);
    const norm = (s: string) => s.replace(/\s+/g, ' ').trim().toLowerCase();
    // The palette filters as it is typed: give the list a moment to settle before reading it, and type
    // again (a command registered since shows only then, see runCommand) before calling it not offered.
    let offered = false;
    for (let i = 0; i < 3 && !offered; i++) {
      if (i > 0) {
        await input.fill('>');
        await input.fill(`>${title}`);
      }
      await page.waitForTimeout(1500);
      offered = (await quickInput()).items.some((it) => norm(it) === norm(title));
    }
    await page.keyboard.press('Escape');
    return offered;
  };

  const answerQuickInput = async (text: string, o: { timeout?: number; expectPrompt?: RegExp } = {}) => {
    const timeout = o.timeout ?? t(60_000);
    await waitQuickInputOpen(timeout);
    const before = await quickInput();
    if (o.expectPrompt) {
      const hay = [before.title, before.placeholder, before.message].join(' | ');
      if (!o.expectPrompt.test(hay)) {
        await waitFor(
          async () => {
            const q = await quickInput();
            return o.expectPrompt!.test([q.title, q.placeholder, q.message].join(' | ')) ? true : undefined;
          },
          timeout,
          `quick input prompt matching ${o.expectPrompt}`,
        );
      }
    }
    const state = await quickInput();
    const input = page.locator(`${QI} .quick-input-box input`);
    const norm = (s: string) => s.replace(/\s+/g, ' ').trim().toLowerCase();
    const itemIdx = state.items.findIndex((it) => norm(it) === norm(text));
    if (itemIdx >= 0) {
      // A quick pick containing the answer: click the row.
      await quickRow(state.items[itemIdx]).click();
    } else {
      await input.fill(text);
      if (state.items.length > 0) {
        // Filtered quick pick: wait for the match to be the focused row, then accept.
        await waitFor(
          async () => ((await quickInput()).items.some((it) => norm(it).includes(norm(text))) ? true : undefined),
          timeout,
          `quick pick item "${text}"`,
        );
      }
      await page.keyboard.press('Enter');
    }
    // Wait for the input to close or move on to the next question.
    await waitFor(
      async () => {
        const q = await quickInput();
        if (!q.visible) return true;
        if (q.title !== state.title || q.placeholder !== state.placeholder || q.message !== state.message) {
          // Validation error messages keep title/placeholder but change message: report them.
          if (q.title === state.title && q.placeholder === state.placeholder && q.value === text && q.message) {
            throw new AbortWait(`quick input rejected ${JSON.stringify(text)}: ${q.message}`);
          }
          return true;
        }
        return q.value !== text && q.value === '' ? true : undefined;
      },
      timeout,
      `quick input to accept "${text}"`,
    );
    return state;
  };

  const openView = async (title: string, o: { timeout?: number } = {}) => {
    const timeout = o.timeout ?? t(60_000);
    const item = page.locator(
      `.part.activitybar .action-item:has(a.action-label[aria-label="${cssEsc(title)}"]), ` +
        `.part.activitybar .action-item:has(a.action-label[aria-label^="${cssEsc(title)} ("])`,
    );
    try {
      // The icon appears once the extension's contributions are registered (a few s after load).
      await item.first().waitFor({ state: 'visible', timeout: Math.min(timeout, t(20_000)) });
      const checked = await item.first().evaluate((el) => el.classList.contains('checked'));
      if (!checked) await item.first().click();
    } catch {
      // Not in the activity bar (overflow, or moved): the generated "View: Show <title>" command.
      await runCommand(`View: Show ${title}`, { timeout });
    }
    await waitFor(
      async () => {
        const t2 = await page
          .locator('.part.sidebar .composite.title h2')
          .first()
          .textContent({ timeout: 1000 })
          .catch(() => '');
        return (t2 ?? '').trim().toLowerCase().startsWith(title.toLowerCase()) ? true : undefined;
      },
      timeout,
      `side bar to show "${title}"`,
    );
  };

  const treeItems = async (o: { view?: string } = {}): Promise<TreeRow[]> =>
    page.evaluate((viewFilter) => {
      const out: TreeRow[] = [];
      const panes = Array.from(document.querySelectorAll<HTMLElement>('.part.sidebar .pane'));
      for (const pane of panes) {
        const view = (pane.querySelector('.pane-header .title')?.textContent ?? '').trim();
        if (viewFilter && view.toLowerCase() !== viewFilter.toLowerCase()) continue;
        for (const row of Array.from(pane.querySelectorAll<HTMLElement>('.monaco-list-row[role="treeitem"]'))) {
          const labelEl = row.querySelector('.label-name');
          const descEl = row.querySelector('.label-description');
          const exp = row.getAttribute('aria-expanded');
          out.push({
            label: (labelEl?.textContent ?? '').trim(),
            description: (descEl?.textContent ?? '').trim(),
            ariaLabel: row.getAttribute('aria-label') ?? '',
            view,
            level: Number(row.getAttribute('aria-level') ?? '1'),
            expanded: exp === null ? undefined : exp === 'true',
            selected: row.getAttribute('aria-selected') === 'true',
            tooltip: (row.querySelector<HTMLElement>('.monaco-icon-label')?.title ?? row.title ?? '').trim(),
            icon: ((row.querySelector('.custom-view-tree-node-item-icon')?.className ?? '').match(/codicon-([\w-]+)/) ?? ['', ''])[1],
          });
        }
      }
      return out;
    }, o.view ?? '');

  const clickTreeAction = async (label: string, action: string, o: { timeout?: number } = {}) => {
    const row = page
      .locator('.part.sidebar .monaco-list-row[role="treeitem"]')
      .filter({ has: page.locator('.label-name', { hasText: new RegExp(`^\\s*${escapeRe(label)}\\s*$`) }) })
      .first();
    await row.hover({ timeout: o.timeout ?? t(10_000) });
    await row.locator(`.action-label[aria-label="${cssEsc(action)}"]`).click({ timeout: o.timeout ?? t(10_000) });
  };

  const expandAll = async (o: { view?: string; timeout?: number } = {}) => {
    const timeout = o.timeout ?? t(30_000);
    const deadline = Date.now() + timeout;
    const panes = page.locator('.part.sidebar .pane').filter({
      has: o.view ? page.locator('.pane-header .title', { hasText: o.view }) : page.locator('.pane-header'),
    });
    const collapsed = panes.locator('.monaco-list-row[role="treeitem"][aria-expanded="false"]');
    const loading = panes.locator('.monaco-list-row[role="treeitem"] .monaco-tl-twistie.codicon-tree-item-loading');
    const allRows = panes.locator('.monaco-list-row[role="treeitem"]');
    let lastCount = -1;
    let stableSince = Date.now();
    while (Date.now() < deadline) {
      if ((await collapsed.count()) > 0) {
        await collapsed.first().locator('.monaco-tl-twistie').click();
        stableSince = Date.now();
        continue;
      }
      // Children load asynchronously: done when nothing is loading and the row count is stable.
      const n = await allRows.count();
      if (n !== lastCount || (await loading.count()) > 0) {
        lastCount = n;
        stableSince = Date.now();
      } else if (Date.now() - stableSince >= 500) {
        return;
      }
      await sleep(100);
    }
    await waitFor(() => undefined, 0, `all tree rows${o.view ? ` in "${o.view}"` : ''} to expand`);
  };

  const webviewFrame = async (title?: string, o: { timeout?: number } = {}): Promise<Frame> => {
    const timeout = o.timeout ?? t(60_000);
    if (title) {
      // Activate the editor tab with this title (webview panels live in editor tabs).
      const tab = page.locator(`.tabs-container .tab:has(.label-name:text-is("${cssEsc(title)}"))`);
      await waitFor(async () => ((await tab.count()) > 0 ? true : undefined), timeout, `editor tab "${title}"`);
      const active = await tab.first().evaluate((el) => el.classList.contains('active'));
      if (!active) await tab.first().click();
    }
    // A titled webview is an editor tab's: a webview view (the side bar's Connections) is skipped. Webview
    // iframes are laid over the workbench, not inside their part, so the part is told by position.
    const editor = title ? await page.locator('.part.editor').first().boundingBox() : null;
    const inEditor = (b: { x: number; y: number; width: number; height: number }) =>
      !editor ||
      (b.x + b.width / 2 >= editor.x &&
        b.x + b.width / 2 <= editor.x + editor.width &&
        b.y + b.height / 2 >= editor.y &&
        b.y + b.height / 2 <= editor.y + editor.height);
    return waitFor(
      async () => {
        for (const handle of await page.$$('iframe.webview.ready')) {
          if (!(await handle.isVisible())) continue;
          const box = await handle.boundingBox();
          if (!box || box.width < 2 || box.height < 2 || !inEditor(box)) continue;
          const outer = await handle.contentFrame();
          if (!outer) continue;
          const innerHandle = await outer.$('iframe#active-frame');
          if (!innerHandle) continue;
          const inner = await innerHandle.contentFrame();
          if (!inner) continue;
          const ready = await inner.evaluate(() => document.readyState !== 'loading' && !!document.body).catch(() => false);
          if (ready) return inner;
        }
        return undefined;
      },
      timeout,
      `visible webview${title ? ` "${title}"` : ''} with an #active-frame`,
    );
  };

  const webviewText = async (title?: string) => {
    const f = await webviewFrame(title);
    return f.evaluate(() => document.body.innerText);
  };

  const notifications = async (): Promise<string[]> =>
    page.evaluate(() => {
      const w = window as unknown as { __e2eNotifications?: string[] };
      const current = Array.from(document.querySelectorAll('.notification-list-item-message')).map((e) => (e.textContent ?? '').trim());
      const all = [...(w.__e2eNotifications ?? [])];
      for (const c of current) if (c && !all.includes(c)) all.push(c);
      return all;
    });

  const waitForNotification = async (re: RegExp, timeout = t(60_000)) =>
    waitFor(async () => (await notifications()).find((n) => re.test(n)), timeout, `notification matching ${re}`);

  const clearNotifications = async () => {
    await runCommand('Notifications: Clear All Notifications');
  };

  const clickNotificationButton = async (message: RegExp, button: string, timeout = t(60_000)) => {
    const btn = await waitFor(
      async () => {
        for (const toast of await page.locator('.notifications-toasts .notification-toast').all()) {
          const msg =
            (await toast
              .locator('.notification-list-item-message')
              .textContent()
              .catch(() => '')) ?? '';
          if (!message.test(msg)) continue;
          const b = toast.locator('.notification-list-item-buttons-container .monaco-button', { hasText: button });
          if ((await b.count()) > 0) return b.first();
        }
        return undefined;
      },
      timeout,
      `notification ${message} with button "${button}"`,
    );
    await btn.click();
  };

  const session: CodeServerSession = {
    ...p,
    stop: () => Promise.resolve(),
    screenshot,
    runCommand,
    paletteOffers,
    quickInput,
    answerQuickInput,
    openView,
    treeItems,
    clickTreeAction,
    expandAll,
    webviewFrame,
    webviewText,
    notifications,
    waitForNotification,
    clearNotifications,
    clickNotificationButton,
    waitFor,
    step,
    logs: () => ({ codeServer: '', console: '' }),
  };
  return session;
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function cssEsc(s: string): string {
  return s.replace(/\\/g, '\\\\').replace(/"/g, '\\"');
}

function safeJson(v: unknown): string {
  try {
    const s = JSON.stringify(v);
    return s === undefined ? String(v) : s.length > 2000 ? `${s.slice(0, 2000)}…` : s;
  } catch {
    return String(v);
  }
}
