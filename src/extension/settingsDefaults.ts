// The extension's settings with their defaults: the one table readSettings (./settings.ts) falls back on.
// package.json's contributes.configuration must give every key the same default; test/unit/facts.test.ts
// checks that both list the same keys with the same defaults. No `vscode` import, so tests can read it.

import { LOAD_DEFAULTS } from '../core/loadTest';

/** Setting (under `lvsLab.`) -> its default. */
export const SETTING_DEFAULTS = {
  dockerHost: '',
  lab: 'dr',
  refreshIntervalMs: 2000,
  'loadTest.requests': LOAD_DEFAULTS.requests,
  'loadTest.concurrency': LOAD_DEFAULTS.concurrency,
  'loadTest.clients': LOAD_DEFAULTS.clients,
  'loadTest.hold': LOAD_DEFAULTS.hold,
  execTimeoutSeconds: 30,
} satisfies Record<string, string | number | boolean>;

export type SettingKey = keyof typeof SETTING_DEFAULTS;

/** The section package.json's keys start with: `lvsLab.dockerHost` is `dockerHost` here. */
export const SETTINGS_SECTION = 'lvsLab';
