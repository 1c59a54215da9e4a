// What every command shares: registration with one error path, progress
// notifications that can be cancelled, and the summary of a run of steps.
import * as l10n from '@vscode/l10n';
import * as vscode from 'vscode';
import { messageOf, type StepState } from '../../core/engine';
import { BusyError } from '../../service/labService';
import type { LabController } from '../labController';

export interface CommandContext {
  extension: vscode.ExtensionContext;
  lab: LabController;
}

export type Report = (message: string) => void;

/**
 * Registers a command whose failures reach the user as one sentence, the detail in the log.
 * When another window or terminal holds the lab, the user may wait for it and run the command then.
 */
export function register(ctx: CommandContext, id: string, fn: (...args: never[]) => unknown): void {
  const run = async (...args: never[]): Promise<void> => {
    try {
      await fn(...args);
    } catch (e) {
      if (e instanceof Error && e.name === 'AbortError') return void vscode.window.showInformationMessage(l10n.t('LVS Lab: cancelled.'));
      ctx.lab.log.error(`${id}: ${messageOf(e)}`);
      if (!(e instanceof BusyError)) return showError(ctx, messageOf(e));
      const wait = l10n.t('Wait, Then Run');
      const choice = await vscode.window.showWarningMessage(l10n.t('LVS Lab: {0}.', busyMessage(e)), wait);
      if (choice === wait && (await waitUntilIdle(ctx))) await run(...args);
    }
  };
  ctx.extension.subscriptions.push(vscode.commands.registerCommand(id, run));
}

/** Waits (cancellable, at most half an hour) until no operation holds the lab; false when cancelled. */
function waitUntilIdle(ctx: CommandContext): Thenable<boolean> {
  return withProgress(ctx, l10n.t('waiting for the other operation to finish'), true, async (_report, signal) => {
    const until = Date.now() + 30 * 60_000;
    while (!signal.aborted && Date.now() < until && (await ctx.lab.service.busy())) await new Promise((r) => setTimeout(r, 1000));
    return !signal.aborted;
  });
}

export function showError(ctx: CommandContext, message: string): void {
  void vscode.window.showErrorMessage(l10n.t('LVS Lab: {0}', message), showLogs()).then((a) => a && ctx.lab.log.show());
}

/** The button that opens the LVS Lab log. */
export const showLogs = (): string => l10n.t('Show Logs');

/** The busy error's sentence without the CLI's advice (the button waits instead). */
function busyMessage(e: BusyError): string {
  return e.message.replace(/, or run again with --wait$/, '');
}

/** Long work under a progress notification; each report also goes to the log. */
export function withProgress<T>(ctx: CommandContext, title: string, cancellable: boolean, work: (report: Report, signal: AbortSignal) => Promise<T>) {
  return vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: l10n.t('LVS Lab: {0}', title), cancellable },
    (progress, token) => {
      const abort = new AbortController();
      token.onCancellationRequested(() => abort.abort());
      return work((message) => {
        ctx.lab.log.info(message);
        progress.report({ message });
      }, abort.signal);
    },
  );
}

/** Shows the failed steps, if any; true when none failed. */
export function summarize(ctx: CommandContext, states: StepState[]): boolean {
  const failed = states.filter((s) => s.status === 'failed');
  if (failed.length) showError(ctx, failed.map((f) => l10n.t('{0} failed: {1}', f.id, f.detail)).join('; '));
  return failed.length === 0;
}
