// A VS Code terminal inside a node, around the service's interactive shell.
import * as l10n from '@vscode/l10n';
import * as vscode from 'vscode';
import { messageOf } from '../core/engine';
import type { ShellSession } from '../service/labService';

export function openNodeShell(node: string, open: () => Promise<ShellSession>): vscode.Terminal {
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
