// Run the handbook's steps: the next one, one picked, or all.
import * as vscode from 'vscode';
import type { StepState } from '../../core/engine';
import type { TreeNode } from '../treeModel';
import { register, summarize, withProgress, type CommandContext } from './ui';

const STATUS_WORD: Record<StepState['status'], string> = {
  done: '$(pass-filled) done',
  pending: '$(circle-large-outline) pending',
  failed: '$(error) failed',
  drifted: '$(warning) drifted',
};

export function registerSteps(ctx: CommandContext): void {
  const c = ctx.lab;

  const runStep = async (id: string) => {
    const state = await withProgress(ctx, `running ${id}`, false, () => c.service.runStep(id));
    await c.refresh();
    if (state.status === 'failed') throw new Error(`${state.id} failed: ${state.detail}`);
    void vscode.window.showInformationMessage(`LVS Lab: ${state.id} ${state.skipped ? 'was already done' : 'done'} — ${state.detail}`);
  };

  register(ctx, 'lvsLab.runNextStep', async () => {
    await c.refresh();
    const next = c.status?.steps.find((s) => s.status !== 'done');
    if (!next) return void vscode.window.showInformationMessage('LVS Lab: every step is done.');
    await runStep(next.id);
  });

  register(ctx, 'lvsLab.runStep', async (arg?: TreeNode | string) => {
    const fromTree = typeof arg === 'string' ? arg : arg?.kind === 'step' ? arg.ref : undefined;
    if (fromTree) return runStep(fromTree);
    await c.refresh();
    const status = new Map(c.status?.steps.map((s) => [s.id, s]));
    const picked = await vscode.window.showQuickPick(
      c.service.steps().map((s) => ({
        label: s.title,
        description: `${s.id} · ${STATUS_WORD[status.get(s.id)?.status ?? 'pending']}`,
        detail: s.commands.join('  ⏎  '),
        id: s.id,
      })),
      { title: 'LVS Lab: Run Step', placeHolder: 'Which step? (done steps run nothing)', matchOnDescription: true, matchOnDetail: true },
    );
    if (picked) await runStep(picked.id);
  });

  register(ctx, 'lvsLab.runAllSteps', async () => {
    const states = await withProgress(ctx, 'running every step', true, (report, signal) =>
      c.service.runAllSteps((s) => report(`${s.id}: ${s.notRun ? 'not run' : s.status}`), signal),
    );
    await c.refresh();
    if (summarize(ctx, states)) void vscode.window.showInformationMessage('LVS Lab: every step is done.');
  });
}
