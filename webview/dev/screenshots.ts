// Opens the dev page in Debian's chromium (playwright-core), goes through every tab and scene, checks what
// matters (virtualization, scroll kept across updates, sorting, filters, load test, state restored after a
// reload, theme switch, no CSP violation, no console error) and saves screenshots to webview/dev/out/screenshots.
//   node esbuild.mjs && node --import tsx webview/dev/screenshots.ts
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { WebviewMessage } from '../../src/protocol/messages';
import { startDevServer } from './serve';

const OUT = join(__dirname, 'out', 'screenshots');
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';

async function main(): Promise<void> {
  mkdirSync(OUT, { recursive: true });
  // playwright-core is a dev tool: loaded only when this script runs.
  const { chromium } = await import('playwright-core');
  const dev = await startDevServer(0);
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--headless'],
  });
  const problems: string[] = [];
  const notes: string[] = [];
  const check = (ok: boolean, what: string) => (ok ? notes : problems).push(`${ok ? 'ok  ' : 'FAIL'} ${what}`);
  try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 820 }, deviceScaleFactor: 1 });
    const page = await context.newPage();
    // Runs before the page's own scripts, outside its CSP: records every violation.
    await page.addInitScript(() => {
      const w = window as unknown as { __csp: string[] };
      w.__csp = [];
      document.addEventListener('securitypolicyviolation', (e) => w.__csp.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`));
    });
    page.on('console', (m) => {
      // The pixel check below reads the canvas back, which Chromium comments on; that one is ours, not the panel's.
      if (/willReadFrequently/.test(m.text())) return;
      if (m.type() === 'error' || m.type() === 'warning') problems.push(`console ${m.type()}: ${m.text()}`);
    });
    page.on('pageerror', (e: Error) => problems.push(`page error: ${e.message}`));
    const shot = async (name: string) => {
      await page.waitForTimeout(350);
      await page.screenshot({ path: join(OUT, `${name}.png`) });
      notes.push(`screenshot ${join('webview/dev/out/screenshots', `${name}.png`)}`);
    };
    const csp: string[] = [];
    const collectCsp = async () => csp.push(...(await page.evaluate(() => (window as unknown as { __csp?: string[] }).__csp ?? [])));
    const tid = (id: string) => page.getByTestId(id);
    const text = async (id: string) => (await tid(id).textContent())?.trim();

    // --- Connections, a few thousand entries
    await page.goto(`${dev.url}?scene=big&live=0`);
    await tid('conn-count-FIN_WAIT').waitFor({ state: 'attached' });
    await page.waitForFunction(() => document.querySelector('[data-testid="conn-count-total"]')?.textContent === '3000');
    await shot('01-connections-big');
    const rendered = await page.locator('[data-testid="conn-table"] .vt-window .vt-row').count();
    check(rendered > 0 && rendered < 100, `virtualized: ${rendered} row elements for 3000 entries`);
    const table = page.locator('[data-testid="conn-table"]');
    await table.evaluate((el: HTMLElement) => (el.scrollTop = 36000));
    await page.waitForTimeout(100);
    // window.devHost (the fake host) is typed by the global declaration in harness.ts.
    await page.evaluate(() => window.devHost.tick());
    await page.waitForTimeout(200);
    const scrollTop = await table.evaluate((el: HTMLElement) => el.scrollTop);
    check(scrollTop === 36000, `scroll position kept across a data update (scrollTop ${scrollTop})`);
    const firstIndex = await page.locator('[data-testid="conn-table"] .vt-window .vt-row').first().getAttribute('aria-rowindex');
    check(Number(firstIndex) > 1400, `rows rendered where scrolled to (first aria-rowindex ${firstIndex})`);
    await shot('02-connections-scrolled');
    await table.evaluate((el: HTMLElement) => (el.scrollTop = 0));
    await page.locator('[data-testid="conn-table"] .vt-th[data-key="expire"] button').click();
    await page.locator('[data-testid="conn-table"] .vt-th[data-key="expire"] button').click();
    check(
      (await page.locator('[data-testid="conn-table"] .vt-th[data-key="expire"]').getAttribute('aria-sort')) === 'descending',
      'clicking Expire twice sorts descending (aria-sort)',
    );
    const expires = await page.locator('[data-testid="conn-table"] .vt-window .vt-row .vt-cell:nth-child(2)').allTextContents();
    check(
      expires.slice(0, 10).every((e: string, i: number, a: string[]) => i === 0 || e <= a[i - 1]),
      `expire column descending: ${expires.slice(0, 4).join(' ')}`,
    );
    await page.locator('.chip[data-state="ESTABLISHED"]').click();
    const shown = await text('conn-shown');
    check(/^Showing 408 of 3,000/.test(shown ?? ''), `state chip filters: "${shown}"`);
    check((await text('conn-dest-192.168.150.12')) === '1500' && (await text('conn-dest-192.168.150.12-ESTABLISHED')) === '272', 'per-destination counts');
    await shot('03-connections-filtered');
    await page.locator('.chip[data-state="ESTABLISHED"]').click();

    // --- Services
    await tid('tab-services').click();
    await shot('04-services');
    const active = await page.locator('tr[data-dest="192.168.150.12:80"] [data-field="activeConn"]').textContent();
    check(active === '272', `services: ActiveConn of node02 = ${active}`);

    // --- Sockets, node tabs
    await tid('tab-sockets').click();
    await shot('05-sockets-director');
    await tid('socket-tab-node02').click();
    await shot('06-sockets-node02');
    const socketRows = await page.locator('[data-testid="socket-table-node02"] .vt-window .vt-row').count();
    check(socketRows > 0 && socketRows < 100, `sockets virtualized too: ${socketRows} row elements for 1408 sockets`);

    // --- Load test
    await tid('tab-load').click();
    check((await tid('load-requests').evaluate((el: HTMLElement & { value: string }) => el.value)) === '60', 'load form prefilled from init.loadDefaults');
    await tid('load-requests').locator('input').fill('0');
    await tid('load-run').click();
    check(!(await tid('load-form-error').isHidden()), `invalid form refused: "${await text('load-form-error')}"`);
    await shot('07-load-invalid');
    await tid('load-requests').locator('input').fill('200');
    await tid('load-concurrency').locator('input').fill('10');
    await tid('load-run').click();
    await tid('load-progress').waitFor({ state: 'visible' });
    await page.waitForTimeout(400);
    await shot('08-load-running');
    await page.waitForFunction(() => document.querySelector('[data-testid="load-count-node02"]')?.textContent === '100');
    check((await text('load-count-node03')) === '100', 'load result per backend: node02 100, node03 100');
    await shot('09-load-result');
    const sentRun = await page.evaluate(() =>
      window.devHost.received.find((m): m is Extract<WebviewMessage, { type: 'runLoadTest' }> => m.type === 'runLoadTest'),
    );
    check(sentRun?.requests === 200 && sentRun?.concurrency === 10, `runLoadTest posted: ${JSON.stringify(sentRun)}`);

    // --- Theme switch: the chart re-reads its colours
    const pixel = async () =>
      tid('load-chart').evaluate((c: HTMLCanvasElement) => {
        const ctx = c.getContext('2d')!;
        // Middle of the first bar.
        const d = ctx.getImageData(Math.floor(c.width * 0.3), Math.floor(c.height * 0.6), 1, 1).data;
        return Array.from(d).join(',');
      });
    const before = await pixel();
    await page.evaluate(() => window.devHost.setTheme('light'));
    await page.waitForTimeout(600);
    const after = await pixel();
    check(before !== after, `chart redrawn on theme change (bar pixel ${before} -> ${after})`);
    await shot('10-load-light');
    await tid('tab-connections').click();
    await shot('11-connections-light');
    await page.evaluate(() => window.devHost.setTheme('dark'));

    // --- Pause / Resume
    await tid('pause-button').click();
    await page.waitForTimeout(150);
    check((await text('pause-button')) === 'Resume', 'Pause button turns into Resume');
    const pausedMsg = await page.evaluate(() => window.devHost.received.some((m) => m.type === 'setPaused' && m.paused));
    check(pausedMsg, 'setPaused {paused: true} posted');

    // --- Invalid messages are ignored with a warning (expected warning, removed from problems)
    const before2 = problems.length;
    await page.evaluate(() => window.devHost.send({ type: 'snapshot', readAt: 5 }));
    await page.waitForTimeout(100);
    const warned = problems.splice(before2).some((p) => p.includes('ignored a message'));
    check(warned, 'an invalid host message is ignored with console.warn');

    // --- Reload = panel hidden and shown again: state comes back
    await collectCsp();
    await page.reload();
    await tid('conn-count-total').waitFor({ state: 'attached' });
    await page.waitForTimeout(300);
    check((await page.locator('[data-testid="tab-connections"]').getAttribute('aria-selected')) === 'true', 'selected tab restored');
    check((await page.locator('[data-testid="conn-table"] .vt-th[data-key="expire"]').getAttribute('aria-sort')) === 'descending', 'sort restored');
    check((await text('load-count-node02')) === '100', 'last load result restored');
    check((await text('pause-button')) === 'Resume', 'paused restored (host said paused)');
    await tid('tab-load').click();
    await shot('12-load-restored');
    await tid('tab-connections').click();
    await tid('pause-button').click();

    // --- The handbook's SYN_RECV case
    await collectCsp();
    await page.goto(`${dev.url}?scene=broken&live=0`);
    await tid('syn-recv-hint').waitFor({ state: 'visible' });
    check((await text('conn-count-SYN_RECV')) === '3' && (await text('conn-dest-192.168.150.13-SYN_RECV')) === '3', 'SYN_RECV counted (3, all to node03)');
    await shot('13-connections-syn-recv');

    // --- Read errors
    await collectCsp();
    await page.goto(`${dev.url}?scene=errors&live=0`);
    await tid('read-error-node01').waitFor({ state: 'visible' });
    await shot('14-errors');
    await tid('tab-sockets').click();
    await tid('socket-tab-node03').click();
    await shot('15-errors-sockets');

    // --- A narrow panel (side by side with an editor)
    await page.setViewportSize({ width: 720, height: 820 });
    await collectCsp();
    await page.goto(`${dev.url}?scene=healthy&live=0`);
    await tid('tab-connections').click();
    await shot('16-narrow-connections');
    await tid('tab-services').click();
    await shot('17-narrow-services');

    await collectCsp();
    check(csp.length === 0, `no CSP violation on any page${csp.length ? `: ${csp.join('; ')}` : ''}`);
  } finally {
    await browser.close();
    await dev.close();
  }
  for (const n of notes) console.log(n);
  for (const p of problems) console.log(p);
  if (problems.length) {
    console.log(`${problems.length} problem(s)`);
    process.exitCode = 1;
  } else console.log('all checks passed');
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
