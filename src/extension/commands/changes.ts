// Live changes to the running virtual service: scheduler, a real server's weight, persistence, health checks.
// Each becomes the lab's desired state (recorded on the director); Reset returns to the lab file.
import * as l10n from '@vscode/l10n';
import * as vscode from 'vscode';
import { realServers, SCHEDULERS, type Scheduler } from '../../core/lab';
import { HEALTH_DEFAULTS, HEALTH_LIMITS } from '../../core/health';
import { CHANGE_LIMITS, describeSettings, type LabChange } from '../../core/labChanges';
import { SCHEDULER_INFO } from '../../core/schedulers/info';
import type { TreeNode } from '../treeModel';
import { register, withProgress, type CommandContext } from './ui';

export function registerChanges(ctx: CommandContext): void {
  const c = ctx.lab;

  const apply = async (change: LabChange, what: string) => {
    const r = await withProgress(ctx, what, false, () => c.service.change(change));
    await c.refresh();
    const settings = describeSettings(r.desired);
    void vscode.window.showInformationMessage(
      r.commands.length === 0
        ? l10n.t('LVS Lab: {0} (it already was so). Reset returns to the lab file.', settings)
        : l10n.t('LVS Lab: {0}. Reset returns to the lab file.', settings),
    );
  };

  register(ctx, 'lvsLab.changeScheduler', async (arg?: string) => {
    const now = c.service.current.scheduler;
    const picked = typeof arg === 'string' ? arg : await pickScheduler(ctx, now);
    if (!picked) return;
    await apply({ kind: 'scheduler', scheduler: picked as Scheduler }, l10n.t('scheduler {0}', picked));
  });

  register(ctx, 'lvsLab.setWeight', async (arg?: TreeNode | string) => {
    const reals = realServers(c.service.current);
    const fromTree = typeof arg === 'string' ? arg : arg?.kind === 'node' ? arg.ref : undefined;
    const node =
      fromTree ??
      (
        await vscode.window.showQuickPick(
          reals.map((n) => ({ label: n.name, description: l10n.t('weight {0}', n.weight ?? 1) })),
          { title: l10n.t('LVS Lab: Set Weight'), placeHolder: l10n.t('Which real server?') },
        )
      )?.label;
    if (!node) return;
    const current = reals.find((n) => n.name === node)?.weight ?? 1;
    const text = await vscode.window.showInputBox({
      title: l10n.t('LVS Lab: weight of {0}', node),
      value: String(current),
      prompt: l10n.t('0 to {0}; 0 sends it no new connections (existing ones stay).', CHANGE_LIMITS.maxWeight),
      validateInput: (v) =>
        /^\d+$/.test(v) && Number(v) <= CHANGE_LIMITS.maxWeight ? undefined : l10n.t('A whole number from 0 to {0}.', CHANGE_LIMITS.maxWeight),
    });
    if (text === undefined) return;
    await apply({ kind: 'weight', node, weight: Number(text) }, l10n.t('weight of {0} to {1}', node, text));
  });

  register(ctx, 'lvsLab.setPersistence', async () => {
    const current = c.service.current.service.persistence;
    const text = await vscode.window.showInputBox({
      title: l10n.t('LVS Lab: Persistence'),
      value: current ? String(current) : '',
      placeHolder: 'off',
      prompt: l10n.t(
        'Seconds a client\'s connections stick to the real server it reached first (1 to {0}); empty or "off" turns it off.',
        CHANGE_LIMITS.maxPersistenceSeconds,
      ),
      validateInput: (v) => (/^(|off|\d+)$/.test(v.trim()) && Number(v) <= CHANGE_LIMITS.maxPersistenceSeconds ? undefined : l10n.t('Seconds, or off.')),
    });
    if (text === undefined) return;
    const seconds = /^\d+$/.test(text.trim()) ? Number(text.trim()) : 0;
    await apply({ kind: 'persistence', seconds }, seconds ? l10n.t('persistence {0} s', seconds) : l10n.t('persistence off'));
  });

  register(ctx, 'lvsLab.setHealthChecks', async () => {
    const hc = c.service.current.service.healthCheck;
    const D = HEALTH_DEFAULTS;
    const on = l10n.t({ message: 'On', args: [], comment: ['health checks on'] });
    const off = l10n.t({ message: 'Off', args: [], comment: ['health checks off'] });
    const items: Array<vscode.QuickPickItem & { on: boolean }> = [
      {
        on: true,
        label: hc ? `$(check) ${on}` : on,
        description: hc ? l10n.t('every {0} s', hc.interval) : l10n.t('HTTP GET {0} every {1} s', D.path, D.interval),
        detail: l10n.t('keepalived on the director checks each real server; one that fails leaves the table until it answers.'),
      },
      {
        on: false,
        label: hc ? off : `$(check) ${off}`,
        description: l10n.t('plain IPVS'),
        detail: l10n.t('Plain IPVS keeps sending to a real server that does not answer.'),
      },
    ];
    const picked = await vscode.window.showQuickPick(items, {
      title: l10n.t('LVS Lab: Health Checks (keepalived)'),
      placeHolder: hc ? l10n.t('Now on') : l10n.t('Now off'),
    });
    if (!picked) return;
    if (!picked.on) return apply({ kind: 'health', check: null }, l10n.t('health checks off'));
    const L = HEALTH_LIMITS;
    const text = await vscode.window.showInputBox({
      title: l10n.t('LVS Lab: Health Checks — interval'),
      value: String(hc?.interval ?? D.interval),
      prompt: l10n.t('Seconds between two checks of a real server ({0} to {1}).', L.minInterval, L.maxInterval),
      validateInput: (v) =>
        /^\d+$/.test(v) && Number(v) >= L.minInterval && Number(v) <= L.maxInterval
          ? undefined
          : l10n.t('A whole number from {0} to {1}.', L.minInterval, L.maxInterval),
    });
    if (text === undefined) return;
    await apply({ kind: 'health', check: { ...hc, interval: Number(text) } }, l10n.t('health checks every {0} s', text));
  });
}

/** Every IPVS scheduler with its one-line explanation; the ones the running kernel lacks are marked and refused. */
async function pickScheduler(ctx: CommandContext, now: Scheduler): Promise<Scheduler | undefined> {
  const qp = vscode.window.createQuickPick<vscode.QuickPickItem & { scheduler: Scheduler }>();
  qp.title = l10n.t('LVS Lab: Change Scheduler');
  qp.placeholder = l10n.t('Now {0}. Which scheduler? (the kernel is asked which it has…)', now);
  qp.matchOnDetail = true;
  const items = (have?: Record<Scheduler, boolean>) =>
    SCHEDULERS.map((s) => ({
      scheduler: s,
      label: s === now ? `$(check) ${s}` : s,
      description: have && !have[s] ? l10n.t('{0} — missing in this kernel', SCHEDULER_INFO[s].name) : SCHEDULER_INFO[s].name,
      detail: SCHEDULER_INFO[s].explanation,
    }));
  qp.items = items();
  qp.busy = true;
  let missing: Record<Scheduler, boolean> | undefined;
  ctx.lab.service
    .schedulers()
    .then((have) => {
      qp.items = items(have);
      qp.placeholder = l10n.t('Now {0}. Which scheduler?', now);
      qp.busy = false;
      missing = have;
    })
    .catch((e: unknown) => {
      ctx.lab.log.warn(`Could not ask the kernel for its schedulers: ${e instanceof Error ? e.message : String(e)}`);
      qp.busy = false;
    });
  const picked = await new Promise<Scheduler | undefined>((resolve) => {
    qp.onDidAccept(() => resolve(qp.selectedItems[0]?.scheduler));
    qp.onDidHide(() => resolve(undefined));
    qp.show();
  });
  qp.dispose();
  if (picked && missing && !missing[picked]) {
    void vscode.window.showWarningMessage(l10n.t('LVS Lab: the running kernel has no {0} scheduler (module ip_vs_{0}); pick another.', picked));
    return undefined;
  }
  return picked;
}
