// The status bar item: the lab's state and, after a load test, its distribution.
import * as vscode from 'vscode';
import type { LabController } from './labController';

export function createStatusBar(controller: LabController): vscode.Disposable {
  const item = vscode.window.createStatusBarItem('lvsLab.status', vscode.StatusBarAlignment.Left, 50);
  item.name = 'LVS Lab';
  item.command = 'lvsLab.openPanel';
  const update = () => {
    const c = controller;
    const steps = c.status?.steps ?? [];
    const done = steps.filter((s) => s.status === 'done').length;
    const state = c.busy
      ? `$(sync~spin) ${c.busy}…`
      : c.dockerState === 'unreachable'
        ? 'Docker unreachable'
        : c.labState === 'none'
          ? 'not running'
          : `${done}/${steps.length} steps`;
    const dist = c.lastLoad?.summary.backends.map((b) => `${b.backend} ${b.count}`).join(' / ');
    item.text = `$(server-environment) LVS ${c.lab.name}: ${state}${dist ? ` · ${dist}` : ''}`;
    const tip = new vscode.MarkdownString(`**${c.lab.title}**\n\n${state}`);
    if (c.lastLoad) {
      const s = c.lastLoad.summary;
      tip.appendMarkdown(`\n\nLast load test: ${s.ok}/${s.total} ok` + (s.latencyMs ? `, p50 ${s.latencyMs.p50} ms, p99 ${s.latencyMs.p99} ms` : ''));
    }
    tip.appendMarkdown('\n\nClick to open the live panel.');
    item.tooltip = tip;
    item.show();
  };
  const sub = controller.onDidChange(update);
  update();
  return vscode.Disposable.from(item, sub);
}
