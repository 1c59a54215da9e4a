// Run the handbook's steps: the next one, one picked, or all.
import * as l10n from '@vscode/l10n';
import * as vscode from 'vscode';
import type { StepState } from '../../core/engine';
import type { TreeNode } from '../treeModel';
import { register, summarize, withProgress, type CommandContext } from './ui';

const STATUS_ICON: Record<StepState['status'], string> = {
  done: '$(pass-filled)',
  pending: '$(circle-large-outline)',
  failed: '$(error)',
  drifted: '$(warning)',
};

/** A step's status in the user's language (asked at use time). */
function stepStatus(status: StepState['status']): string {
  const words: Record<StepState['status'], string> = {
    done: l10n.t({ message: 'done', args: [], comment: ["a step's status"] }),
    pending: l10n.t({ message: 'pending', args: [], comment: ["a step's status"] }),
    failed: l10n.t({ message: 'failed', args: [], comment: ["a step's status"] }),
    drifted: l10n.t({ message: 'drifted', args: [], comment: ["a step's status: it was done, and the node no longer matches"] }),
  };
  return words[status];
}

const statusWord = (status: StepState['status']) => `${STATUS_ICON[status]} ${stepStatus(status)}`;

export function registerSteps(ctx: CommandContext): void {
  const c = ctx.lab;

  const runStep = async (id: string) => {
    const state = await withProgress(ctx, l10n.t('running {0}', id), false, () => c.service.runStep(id));
    await c.refresh();
    if (state.status === 'failed') throw new Error(l10n.t('{0} failed: {1}', state.id, state.detail));
    void vscode.window.showInformationMessage(
      state.skipped ? l10n.t('LVS Lab: {0} was already done — {1}', state.id, state.detail) : l10n.t('LVS Lab: {0} done — {1}', state.id, state.detail),
    );
  };

  register(ctx, 'lvsLab.runNextStep', async () => {
    await c.refresh();
    const next = c.status?.steps.find((s) => s.status !== 'done');
    if (!next) return void vscode.window.showInformationMessage(l10n.t('LVS Lab: every step is done.'));
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
        description: `${s.id} · ${statusWord(status.get(s.id)?.status ?? 'pending')}`,
        detail: s.commands.join('  ⏎  '),
        id: s.id,
      })),
      { title: l10n.t('LVS Lab: Run Step'), placeHolder: l10n.t('Which step? (done steps run nothing)'), matchOnDescription: true, matchOnDetail: true },
    );
    if (picked) await runStep(picked.id);
  });

  register(ctx, 'lvsLab.runAllSteps', async () => {
    const states = await withProgress(ctx, l10n.t('running every step'), true, (report, signal) =>
      c.service.runAllSteps(
        (s) => report(`${s.id}: ${s.notRun ? l10n.t({ message: 'not run', args: [], comment: ["a step's status"] }) : stepStatus(s.status)}`),
        signal,
      ),
    );
    await c.refresh();
    if (summarize(ctx, states)) void vscode.window.showInformationMessage(l10n.t('LVS Lab: every step is done.'));
  });
}
