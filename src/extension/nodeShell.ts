// A VS Code terminal inside a node, around the service's interactive shell.
import * as l10n from '@vscode/l10n';
import * as vscode from 'vscode';
import { messageOf } from '../core/engine';
import type { ShellSession } from '../service/labService';

/**
 * A command typed in a node shell may do a step by hand: `onEnter` is told at each Enter, so the lab is read
 * again and the tree and the walkthrough show it (see recheckAfterTyping).
 */
export function openNodeShell(node: string, open: () => Promise<ShellSession>, onEnter?: () => void): vscode.Terminal {
  const write = new vscode.EventEmitter<string>();
  const close = new vscode.EventEmitter<number | void>();
  let shell: ShellSession | undefined;
  let size: vscode.TerminalDimensions | undefined;

  const pty: vscode.Pseudoterminal = {
    onDidWrite: write.event,
    onDidClose: close.event,
    open(dimensions) {
      size = dimensions;
      open().then(
        (s) => {
          shell = s;
          s.onData((text) => write.fire(text));
          s.onEnd(() => close.fire(0));
          if (size) s.resize(size.rows, size.columns);
        },
        (e: unknown) => {
          write.fire(`\r\n${l10n.t('Could not open a shell in {0}: {1}', node, messageOf(e))}\r\n`);
          close.fire(1);
        },
      );
    },
    close() {
      shell?.close();
    },
    handleInput(data) {
      shell?.write(data);
      if (data.includes('\r')) onEnter?.();
    },
    setDimensions(dimensions) {
      size = dimensions;
      shell?.resize(dimensions.rows, dimensions.columns);
    },
  };
  const terminal = vscode.window.createTerminal({ name: `LVS ${node}`, pty, iconPath: new vscode.ThemeIcon('vm') });
  terminal.show();
  return terminal;
}

/** Reads the lab again shortly after the last Enter and once more a little later (httpd takes a moment to start). */
export function recheckAfterTyping(refresh: () => Promise<void>, delaysMs: readonly number[] = [1500, 5000]): () => void {
  let timers: NodeJS.Timeout[] = [];
  return () => {
    for (const t of timers) clearTimeout(t);
    timers = delaysMs.map((ms) => setTimeout(() => void refresh(), ms));
  };
}
