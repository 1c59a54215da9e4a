// Every command run in a node, and its output, in the "LVS Lab" log channel.
import * as vscode from 'vscode';
import type { CommandLogger } from '../core/exec';
import { display } from '../core/step';

export function createLog(): vscode.LogOutputChannel {
  return vscode.window.createOutputChannel('LVS Lab', { log: true });
}

export function commandLogger(log: vscode.LogOutputChannel): CommandLogger {
  return (node, argv, result, routine) => {
    const cmd = `[${node}] $ ${display(argv)}`;
    if (result instanceof Error) return log.error(`${cmd} → ${result.message}`);
    const out = [result.stdout.trimEnd(), result.stderr.trimEnd()].filter(Boolean).join('\n');
    const line = `${cmd} → exit ${result.exitCode}${out ? `\n${out}` : ''}`;
    // The panel reads every node every few seconds: keep those at trace level.
    if (routine) log.trace(line);
    else if (result.exitCode === 0) log.info(line);
    else log.warn(line);
  };
}
