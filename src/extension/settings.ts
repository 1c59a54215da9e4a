// The extension's settings (package.json contributes.configuration), read fresh each time.
import * as vscode from 'vscode';
import { SETTING_DEFAULTS, SETTINGS_SECTION, type SettingKey } from './settingsDefaults';

export interface Settings {
  dockerHost: string;
  lab: string;
  refreshIntervalMs: number;
  loadRequests: number;
  loadConcurrency: number;
  loadClients: number;
  loadHold: number;
  execTimeoutMs: number;
}

export function readSettings(): Settings {
  const c = vscode.workspace.getConfiguration(SETTINGS_SECTION);
  const get = <K extends SettingKey>(key: K) => c.get<(typeof SETTING_DEFAULTS)[K]>(key, SETTING_DEFAULTS[key]);
  return {
    dockerHost: get('dockerHost'),
    lab: get('lab'),
    refreshIntervalMs: get('refreshIntervalMs'),
    loadRequests: get('loadTest.requests'),
    loadConcurrency: get('loadTest.concurrency'),
    loadClients: get('loadTest.clients'),
    loadHold: get('loadTest.hold'),
    execTimeoutMs: get('execTimeoutSeconds') * 1000,
  };
}
