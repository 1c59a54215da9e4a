// The doctor and a manual refresh.
import * as l10n from '@vscode/l10n';
import * as vscode from 'vscode';
import { register, showError, showLogs, withProgress, type CommandContext } from './ui';

export function registerHelp(ctx: CommandContext): void {
  const c = ctx.lab;

  register(ctx, 'lvsLab.doctor', async () => {
    const report = await withProgress(ctx, l10n.t('checking Docker and IPVS'), false, () => c.service.doctor());
    const find = (k: string) => report.findings.find((f) => f.check === k);
    await c.setDockerState(find('docker')?.status === 'fail' ? 'unreachable' : find('ipvs')?.status === 'fail' ? 'noIpvs' : 'ok');
    for (const f of report.findings) c.log[f.status === 'fail' ? 'error' : f.status === 'warn' ? 'warn' : 'info'](`doctor ${f.check}: ${f.message}`);
    const problems = report.findings.filter((f) => f.status !== 'ok');
    const text = problems.map((f) => f.message).join(' — ');
    if (problems.length === 0) void vscode.window.showInformationMessage(l10n.t('LVS Lab: all good — {0}', report.findings.map((f) => f.message).join('; ')));
    else if (report.ok) void vscode.window.showWarningMessage(l10n.t('LVS Lab: {0}', text), showLogs()).then((a) => a && c.log.show());
    else showError(ctx, text);
    await c.refresh();
  });

  register(ctx, 'lvsLab.refresh', () => c.refresh());
}
