// A shell in a node, and a node's logs.
import * as vscode from 'vscode';
import { openNodeShell } from '../nodeShell';
import type { TreeNode } from '../treeModel';
import { register, type CommandContext } from './ui';

export function registerNodes(ctx: CommandContext): void {
  const c = ctx.lab;

  register(ctx, 'lvsLab.openShell', async (arg?: TreeNode) => {
    await c.refresh();
    const running = c.status?.nodes.filter((n) => n.state === 'running') ?? [];
    const name =
      arg?.kind === 'node'
        ? arg.ref
        : (
            await vscode.window.showQuickPick(
              running.map((n) => ({ label: n.name, description: `${n.role} · ${Object.values(n.addresses).join(', ')}` })),
              { title: 'LVS Lab: Open Shell in Node' },
            )
          )?.label;
    if (!name) return;
    if (!running.some((n) => n.name === name)) throw new Error(`${name} is not running`);
    openNodeShell(name, () => c.service.openShell(name));
  });

  register(ctx, 'lvsLab.showLogs', async (arg?: TreeNode) => {
    if (arg?.kind !== 'node' || !arg.ref) return c.log.show();
    const text = await c.service.nodeLogs(arg.ref);
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument({ content: text, language: 'log' }), { preview: true });
  });
}
