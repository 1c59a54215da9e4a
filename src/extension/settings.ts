// The extension's settings (package.json contributes.configuration), read fresh each time.
import * as vscode from 'vscode';

export interface Settings {
  dockerHost: string;
  lab: string;
  refreshIntervalMs: number;
  loadRequests: number;
  loadConcurrency: number;
  execTimeoutMs: number;
}

export function readSettings(): Settings {
  const c = vscode.workspace.getConfiguration('lvsLab');
  return {
    dockerHost: c.get<string>('dockerHost', ''),
    lab: c.get<string>('lab', 'dr'),
    refreshIntervalMs: c.get<number>('refreshIntervalMs', 2000),
    loadRequests: c.get<number>('loadTest.requests', 60),
    loadConcurrency: c.get<number>('loadTest.concurrency', 6),
    execTimeoutMs: c.get<number>('execTimeoutSeconds', 30) * 1000,
  };
}
