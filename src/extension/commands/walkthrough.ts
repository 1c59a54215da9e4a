// The walkthrough's buttons (issue 12): open it, start the handbook's DR lab with its steps left to the learner,
// and run one walkthrough step's plan steps. Pressing a button completes nothing: the step completes when its
// check passes on the nodes (see ../walkthroughProgress.ts).
import * as l10n from '@vscode/l10n';
import * as vscode from 'vscode';
import { resolveLab } from '../../core/labLoader';
import { goalSteps, RUN_GOAL_COMMAND, START_COMMAND, WALKTHROUGH_ID, WALKTHROUGH_STEPS } from '../../core/walkthrough';
import { WalkthroughProgress } from '../walkthroughProgress';
import { LAB_KEY } from './lifecycle';
import { register, showError, withProgress, type CommandContext } from './ui';

export const OPEN_WALKTHROUGH_COMMAND = 'lvsLab.walkthrough.open';

export function registerWalkthrough(ctx: CommandContext): void {
  const c = ctx.lab;
  const progress = new WalkthroughProgress(c);
  ctx.extension.subscriptions.push(progress);

  register(ctx, OPEN_WALKTHROUGH_COMMAND, () =>
    progress.open(() => vscode.commands.executeCommand('workbench.action.openWalkthrough', `${ctx.extension.extension.id}#${WALKTHROUGH_ID}`, false)),
  );

  register(ctx, START_COMMAND, async () => {
    // The handbook's lab is DR: the lab in use when it is a DR lab (a lab file of the workspace, or the setting's), else the shipped one.
    const lab = c.lab.mode === 'dr' ? c.lab : resolveLab('dr', vscode.Uri.joinPath(ctx.extension.extensionUri, 'labs').fsPath);
    c.setLab(lab);
    await ctx.extension.workspaceState.update(LAB_KEY, lab.file);
    await withProgress(ctx, l10n.t('starting {0}, its steps left to you', lab.name), true, (report, signal) => c.service.up(report, signal, { steps: false }));
    await c.refresh();
    const steps = c.status?.steps ?? [];
    void vscode.window.showInformationMessage(
      l10n.t(
        'LVS Lab: {0} is up. Its steps are yours: {1} of {2} done. Run each from the walkthrough, or type it in a node shell.',
        lab.title,
        steps.filter((s) => s.status === 'done').length,
        steps.length,
      ),
    );
  });

  register(ctx, RUN_GOAL_COMMAND, async (stepId?: string) => {
    const step = WALKTHROUGH_STEPS.find((s) => s.id === stepId);
    if (step?.completion?.by !== 'steps') throw new Error(l10n.t('The walkthrough has no lab step "{0}".', String(stepId)));
    await c.refresh();
    if (c.labState !== 'running') {
      const start = l10n.t('Start the Lab');
      const pick = await vscode.window.showWarningMessage(l10n.t('LVS Lab: the lab is not running. Start it first (the step "Start the lab").'), start);
      if (pick === start) await vscode.commands.executeCommand(START_COMMAND);
      return;
    }
    const ids = goalSteps(c.service.current, c.status?.steps ?? [], step.completion.goal);
    if (ids.length === 0) throw new Error(l10n.t("The lab {0} has no such step: the walkthrough follows the handbook's DR lab.", c.lab.name));
    const states = await withProgress(ctx, l10n.t('running {0}', ids.join(', ')), false, async (report) => {
      const done = [];
      for (const id of ids) {
        report(id);
        done.push(await c.service.runStep(id));
      }
      return done;
    });
    await c.refresh();
    const failed = states.filter((s) => s.status === 'failed');
    if (failed.length) return showError(ctx, failed.map((f) => l10n.t('{0} failed: {1}', f.id, f.detail)).join('; '));
    void vscode.window.showInformationMessage(l10n.t('LVS Lab: ran {0}; the walkthrough ticks the step when its check passes on the node.', ids.join(', ')));
  });
}
