// LVS Lab: the handbook's LVS lab in VS Code. Activation wires the one lab
// controller to the tree, the status bar, the commands and Docker's event stream.
import { existsSync } from 'node:fs';
import * as vscode from 'vscode';
import { messageOf } from '../core/engine';
import { resolveLab } from '../core/labLoader';
import { registerCommands } from './commands';
import { restartable, watchContainers } from './dockerEvents';
import { LabController } from './labController';
import { LabTreeProvider } from './labTree';
import { createLog } from './log';
import { readSettings } from './settings';
import { createStatusBar } from './statusBar';

export function activate(context: vscode.ExtensionContext): void {
  const log = createLog();
  const labsDir = vscode.Uri.joinPath(context.extensionUri, 'labs').fsPath;
  const initial = initialLab(context, labsDir, log);
  const controller = new LabController(initial, log);
  const tree = new LabTreeProvider(controller);
  const view = vscode.window.createTreeView('lvsLab.lab', { treeDataProvider: tree, showCollapseAll: true });
  const events = restartable(() =>
    watchContainers(
      () => controller.docker,
      () => void controller.refresh(),
      log,
    ),
  );

  context.subscriptions.push(
    log,
    controller,
    tree,
    view,
    events,
    createStatusBar(controller),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('lvsLab.dockerHost') || e.affectsConfiguration('lvsLab.execTimeoutSeconds')) {
        controller.connect();
        events.restart();
        void controller.refresh();
      }
    }),
  );
  registerCommands(context, controller);
  void controller.refresh();
}

/** The lab used last in this workspace, else the lvsLab.lab setting, else dr. */
function initialLab(context: vscode.ExtensionContext, labsDir: string, log: vscode.LogOutputChannel) {
  const remembered = context.workspaceState.get<string>('lvsLab.currentLab');
  const setting = readSettings().lab;
  for (const candidate of [remembered, setting]) {
    if (!candidate) continue;
    try {
      if (/[\\/]|\.ya?ml$/.test(candidate) && !existsSync(candidate)) continue;
      return resolveLab(candidate, labsDir);
    } catch (e) {
      log.warn(`Lab "${candidate}" cannot be used: ${messageOf(e)}`);
    }
  }
  return resolveLab('dr', labsDir);
}

export function deactivate(): void {}
