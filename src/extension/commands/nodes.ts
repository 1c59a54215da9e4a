// A shell in a node, and a node's logs.
import * as l10n from '@vscode/l10n';
import * as vscode from 'vscode';
import { openNodeShell, recheckAfterTyping } from '../nodeShell';
import type { TreeNode } from '../treeModel';
import { register, type CommandContext } from './ui';

/** A node's role as the shell's quick pick names it (the same words as the webviews', webview/labText.ts). */
function roleWord(role: string): string {
  if (role === 'director') return l10n.t({ message: 'director', args: [], comment: ["a node's role: the LVS director (load balancer)"] });
  if (role === 'real') return l10n.t({ message: 'real server', args: [], comment: ["a node's role"] });
  if (role === 'client') return l10n.t({ message: 'client', args: [], comment: ["a node's role"] });
  return role;
}

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
