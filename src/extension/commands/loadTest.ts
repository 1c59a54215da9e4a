// The live panel and load tests, from the palette or from the panel's own form.
import * as vscode from 'vscode';
import { messageOf } from '../../core/engine';
import { LOAD_LIMITS } from '../../core/loadTest';
import { LivePanel } from '../livePanel';
import { readSettings } from '../settings';
import { register, showError, withProgress, type CommandContext } from './ui';

const LAST_LOAD_KEY = 'lvsLab.lastLoadTest';

export function registerLoadTest(ctx: CommandContext): void {
  const c = ctx.lab;
  const openPanel = () => LivePanel.show(ctx.extension, c, (r, n) => void loadTest(r, n).catch((e: unknown) => showError(ctx, messageOf(e))));

  const loadTest = async (requests: number, concurrency: number) => {
    const panel = openPanel();
    panel.post({ type: 'loadStarted', requests, concurrency });
    await ctx.extension.workspaceState.update(LAST_LOAD_KEY, { requests, concurrency });
    try {
      const result = await withProgress(ctx, `load test, ${requests} requests`, false, async (report) => {
        let last = -1;
        return c.service.loadTest({ requests, concurrency }, (done, total) => {
          panel.post({ type: 'loadProgress', done, total });
          const tenth = Math.floor((done / total) * 10);
          if (tenth !== last) report(`${done}/${total}`);
          last = tenth;
        });
      });
      c.setLastLoad(result);
      panel.post({ type: 'loadResult', requests, concurrency, stats: result.summary });
      const dist = result.summary.backends.map((b) => `${b.backend} ${b.count}`).join(', ');
      c.log.info(`Load test: ${result.summary.ok}/${result.summary.total} ok — ${dist}`);
    } catch (e) {
      panel.post({ type: 'loadError', message: messageOf(e) });
      throw e;
    }
  };

  register(ctx, 'lvsLab.openPanel', openPanel);

  register(ctx, 'lvsLab.loadTest', async (requests?: number, concurrency?: number) => {
    if (typeof requests !== 'number' || typeof concurrency !== 'number') {
      const s = readSettings();
      const last = ctx.extension.workspaceState.get<{ requests: number; concurrency: number }>(LAST_LOAD_KEY) ?? {
        requests: s.loadRequests,
        concurrency: s.loadConcurrency,
      };
      const r = await askInt('Requests to send to the VIP', last.requests, LOAD_LIMITS.maxRequests);
      if (r === undefined) return;
      const n = await askInt('Requests in flight at once (concurrency)', Math.min(last.concurrency, r), LOAD_LIMITS.maxConcurrency);
      if (n === undefined) return;
      [requests, concurrency] = [r, n];
    }
    await loadTest(requests, concurrency);
  });
}

async function askInt(prompt: string, value: number, max: number): Promise<number | undefined> {
  const text = await vscode.window.showInputBox({
    title: 'LVS Lab: Run Load Test',
    prompt,
    value: String(value),
    validateInput: (v) => (/^\d+$/.test(v.trim()) && +v >= 1 && +v <= max ? undefined : `A whole number from 1 to ${max}`),
  });
  return text === undefined ? undefined : Number(text.trim());
}
