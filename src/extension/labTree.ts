// The Lab view: turns the tree model into VS Code tree items.
import * as vscode from 'vscode';
import type { LabController } from './labController';
import { buildTree, type TreeNode } from './treeModel';

export class LabTreeProvider implements vscode.TreeDataProvider<TreeNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<TreeNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly subscription: vscode.Disposable;

  constructor(private readonly controller: LabController) {
    this.subscription = controller.onDidChange(() => this.changed.fire(undefined));
  }

  getChildren(element?: TreeNode): TreeNode[] {
    if (element) return element.children;
    const c = this.controller;
    // While Docker is unreachable or has no IPVS, the welcome view says what to do.
    if (c.dockerState === 'unreachable' || c.dockerState === 'noIpvs') return [];
    if (c.status && c.labState === 'none') return [];
    return buildTree(c.service.current, c.service.steps(), c.status, c.statusError);
  }

  getTreeItem(node: TreeNode): vscode.TreeItem {
    return toTreeItem(node);
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}

export function toTreeItem(node: TreeNode): vscode.TreeItem {
  const collapsed =
    node.kind === 'lab' || node.kind === 'node' || node.kind === 'step' ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.None;
  const item = new vscode.TreeItem(node.label, node.children.length ? collapsed : vscode.TreeItemCollapsibleState.None);
  item.id = node.id;
  item.description = node.description;
  item.contextValue = node.contextValue;
  item.iconPath = new vscode.ThemeIcon(node.icon.id, node.icon.color ? new vscode.ThemeColor(node.icon.color) : undefined);
  if (node.tooltip) item.tooltip = new vscode.MarkdownString(node.tooltip);
  item.accessibilityInformation = { label: [node.label, node.description].filter(Boolean).join(', ') };
  return item;
}
