// Live changes to the running virtual service: scheduler, a real server's weight, persistence, health checks.
// Each becomes the lab's desired state (recorded on the director); Reset returns to the lab file.
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
    const note = r.commands.length === 0 ? ' (it already was so)' : '';
    void vscode.window.showInformationMessage(`LVS Lab: ${describeSettings(r.desired)}${note}. Reset returns to the lab file.`);
  };

  register(ctx, 'lvsLab.changeScheduler', async (arg?: string) => {
    const now = c.service.current.scheduler;
    const picked = typeof arg === 'string' ? arg : await pickScheduler(ctx, now);
    if (!picked) return;
    await apply({ kind: 'scheduler', scheduler: picked as Scheduler }, `scheduler ${picked}`);
  });

  register(ctx, 'lvsLab.setWeight', async (arg?: TreeNode | string) => {
    const reals = realServers(c.service.current);
    const fromTree = typeof arg === 'string' ? arg : arg?.kind === 'node' ? arg.ref : undefined;
    const node =
      fromTree ??
      (
        await vscode.window.showQuickPick(
          reals.map((n) => ({ label: n.name, description: `weight ${n.weight ?? 1}` })),
          { title: 'LVS Lab: Set Weight', placeHolder: 'Which real server?' },
        )
      )?.label;
    if (!node) return;
    const current = reals.find((n) => n.name === node)?.weight ?? 1;
    const text = await vscode.window.showInputBox({
      title: `LVS Lab: weight of ${node}`,
      value: String(current),
      prompt: `0 to ${CHANGE_LIMITS.maxWeight}; 0 sends it no new connections (existing ones stay).`,
      validateInput: (v) => (/^\d+$/.test(v) && Number(v) <= CHANGE_LIMITS.maxWeight ? undefined : `A whole number from 0 to ${CHANGE_LIMITS.maxWeight}.`),
    });
    if (text === undefined) return;
    await apply({ kind: 'weight', node, weight: Number(text) }, `weight of ${node} to ${text}`);
  });

  register(ctx, 'lvsLab.setPersistence', async () => {
    const current = c.service.current.service.persistence;
    const text = await vscode.window.showInputBox({
      title: 'LVS Lab: Persistence',
      value: current ? String(current) : '',
      placeHolder: 'off',
      prompt: `Seconds a client's connections stick to the real server it reached first (1 to ${CHANGE_LIMITS.maxPersistenceSeconds}); empty or "off" turns it off.`,
      validateInput: (v) => (/^(|off|\d+)$/.test(v.trim()) && Number(v) <= CHANGE_LIMITS.maxPersistenceSeconds ? undefined : 'Seconds, or off.'),
    });
    if (text === undefined) return;
    const seconds = /^\d+$/.test(text.trim()) ? Number(text.trim()) : 0;
    await apply({ kind: 'persistence', seconds }, seconds ? `persistence ${seconds} s` : 'persistence off');
  });

  register(ctx, 'lvsLab.setHealthChecks', async () => {
    const hc = c.service.current.service.healthCheck;
    const D = HEALTH_DEFAULTS;
    const items: Array<vscode.QuickPickItem & { on: boolean }> = [
      {
        on: true,
        label: hc ? '$(check) On' : 'On',
        description: hc ? `every ${hc.interval} s` : `HTTP GET ${D.path} every ${D.interval} s`,
        detail: 'keepalived on the director checks each real server; one that fails leaves the table until it answers.',
      },
      { on: false, label: hc ? 'Off' : '$(check) Off', description: 'plain IPVS', detail: 'Plain IPVS keeps sending to a real server that does not answer.' },
    ];
    const picked = await vscode.window.showQuickPick(items, { title: 'LVS Lab: Health Checks (keepalived)', placeHolder: hc ? 'Now on' : 'Now off' });
    if (!picked) return;
    if (!picked.on) return apply({ kind: 'health', check: null }, 'health checks off');
    const L = HEALTH_LIMITS;
    const text = await vscode.window.showInputBox({
      title: 'LVS Lab: Health Checks — interval',
      value: String(hc?.interval ?? D.interval),
      prompt: `Seconds between two checks of a real server (${L.minInterval} to ${L.maxInterval}).`,
      validateInput: (v) =>
        /^\d+$/.test(v) && Number(v) >= L.minInterval && Number(v) <= L.maxInterval ? undefined : `A whole number from ${L.minInterval} to ${L.maxInterval}.`,
    });
    if (text === undefined) return;
    await apply({ kind: 'health', check: { ...hc, interval: Number(text) } }, `health checks every ${text} s`);
  });
}

/** Every IPVS scheduler with its one-line explanation; the ones the running kernel lacks are marked and refused. */
async function pickScheduler(ctx: CommandContext, now: Scheduler): Promise<Scheduler | undefined> {
  const qp = vscode.window.createQuickPick<vscode.QuickPickItem & { scheduler: Scheduler }>();
  qp.title = 'LVS Lab: Change Scheduler';
  qp.placeholder = `Now ${now}. Which scheduler? (the kernel is asked which it has…)`;
  qp.matchOnDetail = true;
  const items = (have?: Record<Scheduler, boolean>) =>
    SCHEDULERS.map((s) => ({
      scheduler: s,
      label: s === now ? `$(check) ${s}` : s,
      description: `${SCHEDULER_INFO[s].name}${have && !have[s] ? ' — missing in this kernel' : ''}`,
      detail: SCHEDULER_INFO[s].explanation,
    }));
  qp.items = items();
  qp.busy = true;
  let missing: Record<Scheduler, boolean> | undefined;
  ctx.lab.service
    .schedulers()
    .then((have) => {
      qp.items = items(have);
      qp.placeholder = `Now ${now}. Which scheduler?`;
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
    void vscode.window.showWarningMessage(`LVS Lab: the running kernel has no ${picked} scheduler (module ip_vs_${picked}); pick another.`);
    return undefined;
  }
  return picked;
}
