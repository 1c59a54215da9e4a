// The status bar item: the lab's state and, after a load test, its distribution.
import * as l10n from '@vscode/l10n';
import * as vscode from 'vscode';
import type { Operation } from '../service/labService';
import type { LabController } from './labController';

export function createStatusBar(controller: LabController): vscode.Disposable {
  const item = vscode.window.createStatusBarItem('lvsLab.status', vscode.StatusBarAlignment.Left, 50);
  item.name = l10n.t('LVS Lab');
  item.command = 'lvsLab.openPanel';
  const update = () => {
    const c = controller;
    const steps = c.status?.steps ?? [];
    const done = steps.filter((s) => s.status === 'done').length;
    const state = c.busy
      ? `$(sync~spin) ${operationWord(c.busy)}…`
      : c.dockerState === 'unreachable'
        ? l10n.t('Docker unreachable')
        : c.labState === 'none'
          ? l10n.t({ message: 'not running', args: [], comment: ['the lab, in the status bar'] })
          : l10n.t('{0}/{1} steps', done, steps.length);
    const dist = c.lastLoad?.summary.backends.map((b) => `${b.backend} ${b.count}`).join(' / ');
    item.text = `$(server-environment) LVS ${c.lab.name}: ${state}${dist ? ` · ${dist}` : ''}`;
    const tip = new vscode.MarkdownString(`**${c.lab.title}**\n\n${state}`);
    if (c.lastLoad) {
      const s = c.lastLoad.summary;
      const last = s.latencyMs
        ? l10n.t('Last load test: {0}/{1} ok, p50 {2} ms, p99 {3} ms', s.ok, s.total, s.latencyMs.p50, s.latencyMs.p99)
        : l10n.t('Last load test: {0}/{1} ok', s.ok, s.total);
      tip.appendMarkdown(`\n\n${last}`);
    }
    tip.appendMarkdown(`\n\n${l10n.t('Click to open the live panel.')}`);
    item.tooltip = tip;
    item.show();
  };
  const sub = controller.onDidChange(update);
  update();
  return vscode.Disposable.from(item, sub);
}

/** What the lab is busy with, as the status bar says it. */
function operationWord(op: Operation): string {
  const words: Record<Operation, string> = {
    start: l10n.t({ message: 'starting', args: [], comment: ['the lab is busy: starting'] }),
    step: l10n.t({ message: 'running a step', args: [], comment: ['the lab is busy'] }),
    steps: l10n.t({ message: 'running steps', args: [], comment: ['the lab is busy'] }),
    reset: l10n.t({ message: 'resetting', args: [], comment: ['the lab is busy'] }),
    destroy: l10n.t({ message: 'removing', args: [], comment: ['the lab is busy: removing its containers'] }),
    'load test': l10n.t({ message: 'load test', args: [], comment: ['the lab is busy'] }),
    change: l10n.t({ message: 'changing', args: [], comment: ['the lab is busy: changing the virtual service'] }),
    trace: l10n.t({ message: 'tracing', args: [], comment: ['the lab is busy: tracing a request'] }),
    experiment: l10n.t({ message: 'experiment', args: [], comment: ['the lab is busy: an ARP or L4 experiment'] }),
    drill: l10n.t({ message: 'drill', args: [], comment: ['the lab is busy: a failure drill'] }),
    check: l10n.t({ message: 'checking', args: [], comment: ['the lab is busy: checking'] }),
  };
  return words[op];
}
