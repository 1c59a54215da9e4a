// What every command shares: registration with one error path, progress
// notifications that can be cancelled, and the summary of a run of steps.
import * as vscode from 'vscode';
import { messageOf, type StepState } from '../../core/engine';
import type { LabController } from '../labController';

export interface CommandContext {
  extension: vscode.ExtensionContext;
  lab: LabController;
}

export type Report = (message: string) => void;

/** Registers a command whose failures reach the user as one sentence, the detail in the log. */
export function register(ctx: CommandContext, id: string, fn: (...args: never[]) => unknown): void {
  ctx.extension.subscriptions.push(
    vscode.commands.registerCommand(id, async (...args: never[]) => {
      try {
        await fn(...args);
      } catch (e) {
        if (e instanceof Error && e.name === 'AbortError') return void vscode.window.showInformationMessage('LVS Lab: cancelled.');
        ctx.lab.log.error(`${id}: ${messageOf(e)}`);
        showError(ctx, messageOf(e));
      }
    }),
  );
}

export function showError(ctx: CommandContext, message: string): void {
  void vscode.window.showErrorMessage(`LVS Lab: ${message}`, 'Show Logs').then((a) => a && ctx.lab.log.show());
}

/** Long work under a progress notification; each report also goes to the log. */
export function withProgress<T>(ctx: CommandContext, title: string, cancellable: boolean, work: (report: Report, signal: AbortSignal) => Promise<T>) {
  return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `LVS Lab: ${title}`, cancellable }, (progress, token) => {
    const abort = new AbortController();
    token.onCancellationRequested(() => abort.abort());
    return work((message) => {
      ctx.lab.log.info(message);
      progress.report({ message });
    }, abort.signal);
  });
}

/** Shows the failed steps, if any; true when none failed. */
export function summarize(ctx: CommandContext, states: StepState[]): boolean {
  const failed = states.filter((s) => s.status === 'failed');
  if (failed.length) showError(ctx, failed.map((f) => `${f.id} failed: ${f.detail}`).join('; '));
  return failed.length === 0;
}
