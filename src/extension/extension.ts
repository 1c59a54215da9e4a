// LVS Lab: the handbook's LVS lab in VS Code. Activation wires the one lab
// controller to the tree, the status bar and the commands.
import { existsSync } from 'node:fs';
import * as l10n from '@vscode/l10n';
import * as vscode from 'vscode';
import { messageOf } from '../core/engine';
import { setLanguage } from '../core/language';
import { isLabPath, resolveLab } from '../core/labLoader';
import { LAB_KEY, registerCommands } from './commands';
import { ConnectionsView } from './connectionsView';
import { LabController } from './labController';
import { registerLabFiles } from './labFiles';
import { LabTreeProvider } from './labTree';
import { LivePanel } from './livePanel';
import { createLog } from './log';
import { readSettings } from './settings';
import { createStatusBar } from './statusBar';
import { ExercisePoll } from './exercisePoll';

export function activate(context: vscode.ExtensionContext): void {
  // core, service and extension code all translate with @vscode/l10n, from the bundle VS Code picked.
  if (vscode.l10n.bundle) l10n.config({ contents: vscode.l10n.bundle });
  setLanguage(vscode.env.language);
  const log = createLog();
  const labsDir = vscode.Uri.joinPath(context.extensionUri, 'labs').fsPath;
  const initial = initialLab(context, labsDir, log);
  const controller = new LabController(initial, log);
  const tree = new LabTreeProvider(controller);
  const view = vscode.window.createTreeView('lvsLab.lab', { treeDataProvider: tree, showCollapseAll: true });

  context.subscriptions.push(
    log,
    controller,
    tree,
    view,
    createStatusBar(controller),
    new ExercisePoll(view, controller),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('lvsLab.dockerHost') || e.affectsConfiguration('lvsLab.execTimeoutSeconds')) {
        controller.connect();
        void controller.refresh();
      }
    }),
  );
  registerCommands(context, controller);
  // The Connections view's link to the panel: the panel opens (or comes forward) on the same data, filtered.
  const connections = new ConnectionsView(context.extensionUri, controller, (filter) => {
    void vscode.commands.executeCommand('lvsLab.openPanel').then(() => LivePanel.open?.showConnections(filter));
  });
  context.subscriptions.push(connections, vscode.window.registerWebviewViewProvider(ConnectionsView.viewId, connections));
  registerLabFiles({ extension: context, lab: controller }, labsDir);
  void controller.refresh();
}

/** The lab used last in this workspace, else the lvsLab.lab setting, else dr. */
function initialLab(context: vscode.ExtensionContext, labsDir: string, log: vscode.LogOutputChannel) {
  const remembered = context.workspaceState.get<string>(LAB_KEY);
  const setting = readSettings().lab;
  for (const candidate of [remembered, setting]) {
    if (!candidate) continue;
    try {
      if (isLabPath(candidate) && !existsSync(candidate)) continue;
      return resolveLab(candidate, labsDir);
    } catch (e) {
      log.warn(`Lab "${candidate}" cannot be used: ${messageOf(e)}`);
    }
  }
  return resolveLab('dr', labsDir);
}

export function deactivate(): void {}
