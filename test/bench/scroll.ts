// Measurement (not a test): how smoothly the live panel's connection table scrolls through 100k entries.
// Serves the built panel (dist/webview, as the dev page does: webview/dev/serve.ts, its CSP, the fake host)
// to headless Debian Chromium, sends the Connections tab one snapshot of 100k entries (generated from the
// real `ipvsadm -Lnc` captures, parsed by the real parser: test/bench/parse.ts), scrolls the virtualized
// table from top to bottom over ~3 s, one step per frame, and times the frames with requestAnimationFrame.
// Prints the median fps and the worst frame next to the target (60 fps); then the same scroll while the
// host sends the 100k snapshot again every refresh interval (2 s), as the live panel does.
//
//   npm run bench:scroll         (builds dist/ in production mode first; ROWS=…, SCROLL_MS=…, CHROMIUM=…)
import { cpus, loadavg } from 'node:os';
import type { CDPSession, Page } from 'playwright-core';
import { parseIpvsadmConns } from '../../src/core/parsers';
import type { Conn } from '../../src/protocol/messages';
import { startDevServer } from '../../webview/dev/serve';
import { generateConnTable } from './parse';

const ROWS = Number(process.env.ROWS ?? 100_000);
const SCROLL_MS = Number(process.env.SCROLL_MS ?? 3000);
const REFRESH_MS = 2000;
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
const TARGET_FPS = 60;
const problems: string[] = [];

interface Scrolled {
  /** requestAnimationFrame timestamps while scrolling, ms. */
  frames: number[];
  /** aria-rowindex of the last row element at the end (ROWS + 1: the bottom was reached and drawn). */
  lastRowIndex: number;
  renderedRows: number;
  refreshes: number;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
};

/** Sends the 100k snapshot (kept in the page as __benchSnapshot) and waits until it is shown and painted. */
async function applySnapshot(page: Page): Promise<number> {
  return page.evaluate(async () => {
    const w = window as unknown as { __benchSnapshot: { readAt: string; conns: unknown[] } };
    const started = performance.now();
    window.devHost.send({ ...w.__benchSnapshot, readAt: new Date().toISOString() });
    const total = String(w.__benchSnapshot.conns.length);
    const shown = () => document.querySelector('[data-testid="conn-count-total"]')?.textContent;
    while (shown() !== total) {
      if (performance.now() - started > 120_000) throw new Error(`the panel still shows ${shown()} entries after 2 min`);
      await new Promise((r) => setTimeout(r, 5));
    }
    await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
    return performance.now() - started;
  });
}

/** Scrolls the connection table top to bottom in `durationMs`, setting scrollTop in every frame. */
async function scroll(page: Page, durationMs: number, refreshMs: number): Promise<Scrolled> {
  return page.evaluate(
    async ({ durationMs, refreshMs }) => {
      const w = window as unknown as { __benchSnapshot: object };
      const el = document.querySelector<HTMLElement>('[data-testid="conn-table"]');
      if (!el) throw new Error('no connection table');
      el.scrollTop = 0;
      // Settle for a few frames first.
      for (let i = 0; i < 10; i++) await new Promise((r) => requestAnimationFrame(r));
      const max = el.scrollHeight - el.clientHeight;
      const frames: number[] = [];
      let refreshes = 0;
      // As the host does while the panel is visible: a new reading every refresh interval.
      const timer =
        refreshMs > 0 ? setInterval(() => (refreshes++, window.devHost.send({ ...w.__benchSnapshot, readAt: new Date().toISOString() })), refreshMs) : 0;
      await new Promise<void>((done) => {
        let t0 = -1;
        const step = (t: number) => {
          if (t0 < 0) t0 = t;
          frames.push(t);
          const f = Math.min(1, (t - t0) / durationMs);
          el.scrollTop = Math.round(max * f);
          if (f < 1) requestAnimationFrame(step);
          // Two frames more, so the last scroll is rendered and timed too.
          else requestAnimationFrame((t1) => (frames.push(t1), requestAnimationFrame((t2) => (frames.push(t2), done()))));
        };
        requestAnimationFrame(step);
      });
      clearInterval(timer);
      const rows = el.querySelectorAll('.vt-window .vt-row');
      return {
        frames,
        lastRowIndex: Number(rows[rows.length - 1]?.getAttribute('aria-rowindex') ?? 0),
        renderedRows: rows.length,
        refreshes,
      };
    },
    { durationMs, refreshMs },
  );
}

/** Main-thread time (tasks, script, layout, style) from Chromium's own counters, in ms. */
async function mainThread(cdp: CDPSession): Promise<Record<'task' | 'script' | 'layout' | 'style', number>> {
  const { metrics } = await cdp.send('Performance.getMetrics');
  const get = (name: string) => (metrics.find((m) => m.name === name)?.value ?? 0) * 1000;
  return { task: get('TaskDuration'), script: get('ScriptDuration'), layout: get('LayoutDuration'), style: get('RecalcStyleDuration') };
}

function report(title: string, s: Scrolled, before: Awaited<ReturnType<typeof mainThread>>, after: Awaited<ReturnType<typeof mainThread>>) {
  const intervals = s.frames.slice(1).map((t, i) => t - s.frames[i]);
  const spanMs = s.frames[s.frames.length - 1] - s.frames[0];
  const medianFps = 1000 / median(intervals);
  const meanFps = (intervals.length * 1000) / spanMs;
  const worstFrameMs = Math.max(...intervals);
  const slowFrames = intervals.filter((d) => d > (1000 / TARGET_FPS) * 1.5).length;
  const reachedEnd = s.lastRowIndex === ROWS + 1;
  const busy = (k: keyof typeof before) => (after[k] - before[k]) / intervals.length;
  const verdict = medianFps >= TARGET_FPS * 0.95 && reachedEnd ? 'at target' : 'BELOW TARGET';
  console.log(`${title}: top to bottom in ${(spanMs / 1000).toFixed(1)} s, ${intervals.length} frames${s.refreshes ? `, ${s.refreshes} refreshes` : ''}`);
  console.log(
    `  median ${medianFps.toFixed(1)} fps   mean ${meanFps.toFixed(1)} fps   worst frame ${worstFrameMs.toFixed(1)} ms   frames over 25 ms: ${slowFrames}   (target ${TARGET_FPS} fps: ${verdict})`,
  );
  console.log(
    `  main thread per frame: ${busy('task').toFixed(1)} ms busy (script ${busy('script').toFixed(1)}, layout ${busy('layout').toFixed(1)}, style ${busy('style').toFixed(1)}); ` +
      `${s.renderedRows} row elements; last row drawn: ${s.lastRowIndex}${reachedEnd ? '' : ' (NOT the last entry)'}`,
  );
  return { medianFps, meanFps, worstFrameMs, slowFrames, frames: intervals.length, refreshes: s.refreshes, reachedEnd };
}

async function main(): Promise<void> {
  const conns: Conn[] = parseIpvsadmConns(generateConnTable(ROWS)).map(({ peName: _n, peData: _d, ...c }) => c);
  const json = JSON.stringify(conns);

  const { chromium } = await import('playwright-core');
  const dev = await startDevServer(0);
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 820 }, deviceScaleFactor: 1 });
    // tsx compiles the functions below with esbuild's keepNames, which wraps named functions in __name().
    await page.addInitScript('globalThis.__name = (f) => f;');
    page.on('pageerror', (e: Error) => problems.push(`page error: ${e.message}`));
    page.on('crash', () => problems.push('the page crashed'));
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') problems.push(`console ${m.type()}: ${m.text()}`);
    });
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Performance.enable');
    // No periodic snapshots from the dev host: this script sends them.
    await page.goto(`${dev.url}?scene=big&live=0`);
    await page.waitForFunction(() => document.querySelector('[data-testid="conn-count-total"]')?.textContent === '3000');

    // The scene's snapshot with 100k entries in place of its 3000, as the host would send it.
    await page.evaluate((conns: string) => {
      const s = structuredClone(window.__LVS_DEV__.snapshots.big);
      s.conns = JSON.parse(conns) as typeof s.conns;
      (window as unknown as { __benchSnapshot: typeof s }).__benchSnapshot = s;
    }, json);
    const firstApplyMs = await applySnapshot(page);
    const applyMs = await applySnapshot(page);

    console.log(`connection table, ${ROWS.toLocaleString('en-US')} entries (headless ${CHROMIUM}, software rendering)`);
    console.log(`  a snapshot is validated, shown and painted in ${applyMs.toFixed(0)} ms (the first one: ${firstApplyMs.toFixed(0)} ms)`);
    let before = await mainThread(cdp);
    const still = report('scroll', await scroll(page, SCROLL_MS, 0), before, await mainThread(cdp));
    before = await mainThread(cdp);
    const live = report(
      `scroll while the host refreshes every ${REFRESH_MS / 1000} s`,
      await scroll(page, SCROLL_MS, REFRESH_MS),
      before,
      await mainThread(cdp),
    );
    console.log(`  (${cpus().length} CPUs, load average ${loadavg()[0].toFixed(2)})`);
    if (problems.length > 0) console.log(`  page problems:\n    ${problems.join('\n    ')}`);
    console.log(JSON.stringify({ bench: 'connTableScroll', rows: ROWS, targetFps: TARGET_FPS, applyMs, still, live }));
  } finally {
    await browser.close();
    await dev.close();
  }
}

main().catch((e: unknown) => {
  if (problems.length > 0) console.error(`page problems:\n  ${problems.join('\n  ')}`);
  console.error(e instanceof Error ? (e.stack ?? e.message) : e);
  process.exitCode = 1;
});
