// Lab files a user writes (*.lvslab.yaml): diagnostics, completion and hover in the editor, and New Lab….
import type * as vscode from 'vscode';
import { register, type CommandContext } from '../commands/ui';
import { watchLabFiles } from './diagnostics';
import { registerEditorHelp } from './editorHelp';
import { newLab, NEW_LAB_COMMAND } from './newLab';

export function registerLabFiles(ctx: CommandContext, labsDir: string): void {
  const subscriptions: vscode.Disposable[] = ctx.extension.subscriptions;
  subscriptions.push(watchLabFiles(labsDir), registerEditorHelp());
  register(ctx, NEW_LAB_COMMAND, () => newLab(labsDir));
}
