// Exercise mode in VS Code (issue 12): start a lab with the steps left to the learner, show a step's
// answer when stuck, and the summary a teacher reads (the lab checker, with how each step got done).
import * as l10n from '@vscode/l10n';
import * as vscode from 'vscode';
import { summaryMarkdown } from '../exerciseSummary';
import type { TreeNode } from '../treeModel';
import { LAB_KEY, pickLab } from './lifecycle';
import { register, withProgress, type CommandContext } from './ui';

export function registerExercise(ctx: CommandContext): void {
  const c = ctx.lab;

  register(ctx, 'lvsLab.startExercise', async () => {
    const lab = await pickLab(ctx.extension);
    if (!lab) return;
    c.setLab(lab);
    await ctx.extension.workspaceState.update(LAB_KEY, lab.file);
    const { steps: states } = await withProgress(ctx, l10n.t('starting {0} as an exercise', lab.name), true, (report, signal) =>
      c.service.up(report, signal, { exercise: true }),
    );
    await c.refresh();
    const left = states.filter((s) => s.status !== 'done').length;
    void vscode.window.showInformationMessage(
      l10n.t(
        'LVS Lab: {0} is an exercise — {1} steps are yours. Open a shell in a node and type them; each turns done when the node matches.',
        lab.title,
        left,
      ),
    );
  });

  register(ctx, 'lvsLab.showAnswer', async (arg?: TreeNode | string) => {
    let id = typeof arg === 'string' ? arg : arg?.kind === 'step' ? arg.ref : undefined;
    if (!id) {
      await c.refresh();
      const open = c.service.steps().filter((s) => c.status?.steps.find((x) => x.id === s.id)?.status !== 'done');
      const picked = await vscode.window.showQuickPick(
        open.map((s) => ({ label: s.goal, description: s.id, id: s.id })),
        { title: l10n.t('LVS Lab: Show Answer'), placeHolder: l10n.t('Which step? (the summary will say it needed the answer)') },
      );
      id = picked?.id;
    }
    if (!id) return;
    const step = await c.service.showAnswer(id);
    await c.refresh();
    void vscode.window.showInformationMessage(l10n.t('LVS Lab: {0} — type: {1}', step.id, (step.answer ?? []).join('  ⏎  ')));
  });

  register(ctx, 'lvsLab.exerciseSummary', async () => {
    const grade = await withProgress(ctx, l10n.t('checking every step on its node'), false, () => c.service.check());
    await c.refresh();
    const doc = await vscode.workspace.openTextDocument({ language: 'markdown', content: summaryMarkdown(grade, c.service.current.title) });
    await vscode.window.showTextDocument(doc, { preview: false });
  });
}
