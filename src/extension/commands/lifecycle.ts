// Start, reset and destroy the lab.
import { existsSync } from 'node:fs';
import * as l10n from '@vscode/l10n';
import * as vscode from 'vscode';
import { messageOf } from '../../core/engine';
import { LAB_FILE_GLOB, listLabs, resolveLab } from '../../core/labLoader';
import { readSettings } from '../settings';
import { register, summarize, withProgress, type CommandContext } from './ui';

export const LAB_KEY = 'lvsLab.currentLab';

export function registerLifecycle(ctx: CommandContext): void {
  const c = ctx.lab;

  register(ctx, 'lvsLab.start', async () => {
    const lab = await pickLab(ctx.extension);
    if (!lab) return;
    c.setLab(lab);
    await ctx.extension.workspaceState.update(LAB_KEY, lab.file);
    const { steps: states } = await withProgress(ctx, l10n.t('starting {0}', lab.name), true, (report, signal) => c.service.up(report, signal));
    await c.refresh();
    const done = states.filter((s) => s.status === 'done').length;
    if (summarize(ctx, states))
      void vscode.window.showInformationMessage(l10n.t('LVS Lab: {0} is up — {1} of {2} steps done.', lab.title, done, states.length));
  });

  register(ctx, 'lvsLab.reset', async () => {
    const r = await withProgress(ctx, l10n.t('resetting {0}', c.lab.name), false, (report) => c.service.reset(report));
    c.clearLastLoad();
    await c.refresh();
    void vscode.window.showInformationMessage(
      l10n.t('LVS Lab: {0} reset — {1} nodes undone in place, {2} recreated; steps as on a fresh lab.', c.lab.name, r.inPlace, r.recreated),
    );
  });

  register(ctx, 'lvsLab.destroy', async () => {
    const destroy = l10n.t({ message: 'Destroy', args: [], comment: ['button: remove the lab'] });
    const ok = await vscode.window.showWarningMessage(l10n.t("Remove the {0} lab's containers and networks?", c.lab.name), { modal: true }, destroy);
    if (ok !== destroy) return;
    await withProgress(ctx, l10n.t('removing {0}', c.lab.name), false, (report) => c.service.down(report));
    c.clearLastLoad();
    await c.refresh();
  });
}

/** The shipped labs and the workspace's lab files, the preferred one first. */
export async function pickLab(extension: vscode.ExtensionContext) {
  const preferred = readSettings().lab;
  const labsDir = vscode.Uri.joinPath(extension.extensionUri, 'labs');
  const shipped = listLabs(labsDir.fsPath).map((name) => ({ name, path: vscode.Uri.joinPath(labsDir, `${name}.yaml`).fsPath }));
  const own = (await vscode.workspace.findFiles(LAB_FILE_GLOB, '**/node_modules/**', 50)).map((u) => ({
    name: vscode.workspace.asRelativePath(u),
    path: u.fsPath,
  }));
  const choices = [...shipped, ...own].map((l) => {
    try {
      const lab = resolveLab(l.path);
      return {
        label: l.name,
        description: `${lab.mode.toUpperCase()} · ${lab.scheduler} · VIP ${lab.service.vip}:${lab.service.port}`,
        detail: lab.title,
        path: l.path,
      };
    } catch (e) {
      return { label: l.name, description: `$(error) ${l10n.t('invalid')}`, detail: messageOf(e).split('\n')[0], path: l.path };
    }
  });
  const first = choices.findIndex((x) => x.label === preferred || x.path === preferred);
  if (first > 0) choices.unshift(...choices.splice(first, 1));
  if (!choices.some((x) => x.label === preferred || x.path === preferred) && existsSync(preferred)) {
    choices.unshift({ label: preferred, description: l10n.t('from settings'), detail: '', path: preferred });
  }
  const picked =
    choices.length === 1 ? choices[0] : await vscode.window.showQuickPick(choices, { title: l10n.t('LVS Lab: Start Lab'), placeHolder: l10n.t('Which lab?') });
  return picked ? resolveLab(picked.path) : undefined;
}
