// The live panel and load tests, from the palette or from the panel's own form.
import * as l10n from '@vscode/l10n';
import * as vscode from 'vscode';
import { messageOf } from '../../core/engine';
import { LOAD_LIMITS } from '../../core/loadTest';
import { ConnectionsView } from '../connectionsView';
import { LivePanel } from '../livePanel';
import { loadResultMessage, type LoadRun } from '../loadMessages';
import { readSettings } from '../settings';
import { register, showError, withProgress, type CommandContext } from './ui';

const LAST_LOAD_KEY = 'lvsLab.lastLoadTest';

export function registerLoadTest(ctx: CommandContext): void {
  const c = ctx.lab;
  const isAbort = (e: unknown) => e instanceof Error && e.name === 'AbortError';
  // A run from the panel's form; one cancelled from its progress notification is shown in the panel only.
  const openPanel = () => LivePanel.show(ctx.extension, c, (run) => void loadTest(run).catch((e: unknown) => isAbort(e) || showError(ctx, messageOf(e))));

  const loadTest = async (run: LoadRun) => {
    // Someone watching the Connections view keeps their editor: the result shows there (and in an open panel).
    const panel = ConnectionsView.shown ? LivePanel.open : openPanel();
    panel?.post({ type: 'loadStarted', ...run });
    await ctx.extension.workspaceState.update(LAST_LOAD_KEY, run);
    try {
      // Cancelling stops curl and removes the held connections and the added addresses on the client.
      const result = await withProgress(ctx, l10n.t('load test, {0} requests', run.requests), true, async (report, signal) => {
        let last = -1;
        return c.service.loadTest(
          run,
          (done, total) => {
            panel?.post({ type: 'loadProgress', done, total });
            const tenth = Math.floor((done / total) * 10);
            if (tenth !== last) report(`${done}/${total}`);
            last = tenth;
          },
          signal,
        );
      });
      c.setLastLoad(result);
      panel?.post(loadResultMessage(result));
      const dist = result.summary.backends.map((b) => `${b.backend} ${b.count}`).join(', ');
      const p = result.prediction;
      const predicted = p ? `; predicted by ${p.scheduler}: ${p.matches ? 'matches' : 'does not match'}` : '';
      c.log.info(`Load test: ${result.summary.ok}/${result.summary.total} ok — ${dist}${predicted}`);
      for (const w of result.warnings) c.log.warn(`Load test: ${w}`);
    } catch (e) {
      panel?.post({ type: 'loadError', message: isAbort(e) ? l10n.t('cancelled; the client is cleaned up.') : messageOf(e) });
      throw e;
    }
  };

  register(ctx, 'lvsLab.openPanel', openPanel);

  register(ctx, 'lvsLab.loadTest', async (requests?: number, concurrency?: number) => {
    const s = readSettings();
    const saved = ctx.extension.workspaceState.get<Partial<LoadRun>>(LAST_LOAD_KEY) ?? {};
    // Client addresses and held connections: the last run's, else the settings (asked for in the panel's form).
    const last: LoadRun = {
      requests: saved.requests ?? s.loadRequests,
      concurrency: saved.concurrency ?? s.loadConcurrency,
      clients: saved.clients ?? s.loadClients,
      hold: saved.hold ?? s.loadHold,
    };
    if (typeof requests !== 'number' || typeof concurrency !== 'number') {
      const r = await askInt(l10n.t('Requests to send to the VIP'), last.requests, LOAD_LIMITS.maxRequests);
      if (r === undefined) return;
      const n = await askInt(l10n.t('Requests in flight at once (concurrency)'), Math.min(last.concurrency, r), LOAD_LIMITS.maxConcurrency);
      if (n === undefined) return;
      [requests, concurrency] = [r, n];
    }
    await loadTest({ requests, concurrency, clients: Math.min(last.clients, requests), hold: last.hold });
  });
}

async function askInt(prompt: string, value: number, max: number): Promise<number | undefined> {
  const text = await vscode.window.showInputBox({
    title: l10n.t('LVS Lab: Run Load Test'),
    prompt,
    value: String(value),
    validateInput: (v) => (/^\d+$/.test(v.trim()) && +v >= 1 && +v <= max ? undefined : l10n.t('A whole number from 1 to {0}', max)),
  });
  return text === undefined ? undefined : Number(text.trim());
}
