// A shell in a node, and a node's logs.
import * as l10n from '@vscode/l10n';
import * as vscode from 'vscode';
import { roleWord } from '../../core/lab';
import { openNodeShell, recheckAfterTyping } from '../nodeShell';
import type { TreeNode } from '../treeModel';
import { register, type CommandContext } from './ui';

export function registerNodes(ctx: CommandContext): void {
  const c = ctx.lab;
  const recheck = recheckAfterTyping(() => c.refresh());

  register(ctx, 'lvsLab.openShell', async (arg?: TreeNode) => {
    await c.refresh();
    const running = c.status?.nodes.filter((n) => n.state === 'running') ?? [];
    const name =
      arg?.kind === 'node'
        ? arg.ref
        : (
            await vscode.window.showQuickPick(
              running.map((n) => ({ label: n.name, description: `${roleWord(n.role)} · ${Object.values(n.addresses).join(', ')}` })),
              { title: l10n.t('LVS Lab: Open Shell in Node') },
            )
          )?.label;
    if (!name) return;
    if (!running.some((n) => n.name === name)) throw new Error(l10n.t('{0} is not running', name));
    openNodeShell(name, () => c.service.openShell(name), recheck);
  });

  register(ctx, 'lvsLab.showLogs', async (arg?: TreeNode) => {
    if (arg?.kind !== 'node' || !arg.ref) return c.log.show();
    const text = await c.service.nodeLogs(arg.ref);
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument({ content: text, language: 'log' }), { preview: true });
  });
}
