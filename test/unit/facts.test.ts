// One definition per fact: where a fact has to be restated (package.json, the lab JSON schema, the panel's
// texts), these tests fail when a copy disagrees with the definition in the code.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { HEALTH_DEFAULTS, HEALTH_LIMITS } from '../../src/core/health';
import { FORWARD_NAME, MODES, ROLES, SCHEDULERS } from '../../src/core/lab';
import { LAB_FILE_GLOB, LAB_FILE_SUFFIX } from '../../src/core/labLoader';
import { LOAD_LIMITS } from '../../src/core/loadTest';
import { IPVS_FORWARDS } from '../../src/core/parsers/ipvsadmList';
import { predict, SCHEDULER_INFO } from '../../src/core/schedulers';
import { SETTING_DEFAULTS, SETTINGS_SECTION } from '../../src/extension/settingsDefaults';
import { FORWARD_MODES, MODE_NAMES, SCHEDULER_NAMES } from '../../webview/labText';

const root = join(__dirname, '..', '..');
const readJson = (file: string): unknown => JSON.parse(readFileSync(join(root, file), 'utf8'));

interface SettingSchema {
  type: string;
  default: unknown;
  minimum?: number;
  maximum?: number;
  description?: string;
  markdownDescription?: string;
}
interface PackageJson {
  activationEvents: string[];
  contributes: {
    configuration: { properties: Record<string, SettingSchema> };
    yamlValidation: { fileMatch: string | string[]; url: string }[];
  };
}
interface LabSchema {
  properties: {
    mode: { enum: string[] };
    scheduler: { enum: string[] };
    nodes: { items: { properties: { role: { enum: string[] } } } };
    service: { properties: { healthCheck: { properties: Record<string, { default: unknown; minimum?: number; maximum?: number }> } } };
  };
}

const pkg = readJson('package.json') as PackageJson;
const settings = pkg.contributes.configuration.properties;
/** The English of a manifest %key% (package.nls.json). */
const nls = readJson('package.nls.json') as Record<string, string>;
const english = (value: string | undefined) => (value?.startsWith('%') ? nls[value.slice(1, -1)] : value);
const labSchema = readJson('labs/lab.schema.json') as LabSchema;
const sorted = (keys: Iterable<string>) => [...keys].sort();

describe('load-test limits (LOAD_LIMITS)', () => {
  test('package.json lvsLab.loadTest.requests ranges from 1 to LOAD_LIMITS.maxRequests', () => {
    const s = settings['lvsLab.loadTest.requests'];
    assert.deepEqual([s?.minimum, s?.maximum], [1, LOAD_LIMITS.maxRequests]);
  });

  test('package.json lvsLab.loadTest.concurrency ranges from 1 to LOAD_LIMITS.maxConcurrency', () => {
    const s = settings['lvsLab.loadTest.concurrency'];
    assert.deepEqual([s?.minimum, s?.maximum], [1, LOAD_LIMITS.maxConcurrency]);
  });

  test('package.json lvsLab.loadTest.clients ranges from 1 to LOAD_LIMITS.maxClients', () => {
    const s = settings['lvsLab.loadTest.clients'];
    assert.deepEqual([s?.minimum, s?.maximum], [1, LOAD_LIMITS.maxClients]);
  });

  test('package.json lvsLab.loadTest.hold ranges from 0 to LOAD_LIMITS.maxHold', () => {
    const s = settings['lvsLab.loadTest.hold'];
    assert.deepEqual([s?.minimum, s?.maximum], [0, LOAD_LIMITS.maxHold]);
  });
});

describe('health checks (HEALTH_DEFAULTS, HEALTH_LIMITS in src/core/health.ts)', () => {
  const props = labSchema.properties.service.properties.healthCheck.properties;
  test('labs/lab.schema.json healthCheck defaults are HEALTH_DEFAULTS', () => {
    assert.deepEqual(Object.fromEntries(Object.entries(props).map(([k, v]) => [k, v.default])), { ...HEALTH_DEFAULTS });
  });

  test('labs/lab.schema.json healthCheck ranges are HEALTH_LIMITS', () => {
    assert.deepEqual(
      [props.interval.minimum, props.interval.maximum, props.timeout.maximum, props.retries.maximum],
      [HEALTH_LIMITS.minInterval, HEALTH_LIMITS.maxInterval, HEALTH_LIMITS.maxTimeout, HEALTH_LIMITS.maxRetries],
    );
  });
});

describe('lab names (MODES, ROLES, SCHEDULERS, FORWARD_NAME in src/core/lab.ts)', () => {
  test('labs/lab.schema.json mode enum is MODES', () => {
    assert.deepEqual(labSchema.properties.mode.enum, [...MODES]);
  });

  test('labs/lab.schema.json scheduler enum is SCHEDULERS', () => {
    assert.deepEqual(labSchema.properties.scheduler.enum, [...SCHEDULERS]);
  });

  test('labs/lab.schema.json node role enum is ROLES', () => {
    assert.deepEqual(labSchema.properties.nodes.items.properties.role.enum, [...ROLES]);
  });

  test('webview MODE_NAMES has a text for exactly the MODES', () => {
    assert.deepEqual(sorted(Object.keys(MODE_NAMES)), sorted(MODES));
  });

  test('webview SCHEDULER_NAMES has a text for exactly the SCHEDULERS', () => {
    assert.deepEqual(sorted(Object.keys(SCHEDULER_NAMES)), sorted(SCHEDULERS));
  });

  test('every scheduler in SCHEDULERS has a model (src/core/schedulers predicts for it) and an explanation (SCHEDULER_INFO)', () => {
    assert.deepEqual(sorted(Object.keys(SCHEDULER_INFO)), sorted(SCHEDULERS));
    for (const scheduler of SCHEDULERS) {
      const p = predict({ scheduler, servers: [{ name: 'node02', weight: 1 }], vip: '192.168.150.100', requests: [{ source: '192.168.150.10' }] });
      assert.ok(p.basis.length > 0 && SCHEDULER_INFO[scheduler].explanation.length > 0, scheduler);
    }
  });

  test("webview FORWARD_MODES names every ipvsadm forwarding method, each mode's FORWARD_NAME as that mode", () => {
    assert.deepEqual(sorted(Object.keys(FORWARD_MODES)), sorted(IPVS_FORWARDS));
    for (const mode of MODES) assert.equal(FORWARD_MODES[FORWARD_NAME[mode]](), mode.toUpperCase(), mode);
  });
});

describe('lab file pattern (LAB_FILE_SUFFIX, LAB_FILE_GLOB in src/core/labLoader.ts)', () => {
  test('LAB_FILE_GLOB is every file ending in LAB_FILE_SUFFIX', () => {
    assert.equal(LAB_FILE_GLOB, `**/*${LAB_FILE_SUFFIX}`);
  });

  test('package.json activationEvents has workspaceContains:LAB_FILE_GLOB', () => {
    assert.ok(pkg.activationEvents.includes(`workspaceContains:${LAB_FILE_GLOB}`), pkg.activationEvents.join(', '));
  });

  test('package.json yamlValidation matches *LAB_FILE_SUFFIX to labs/lab.schema.json', () => {
    assert.deepEqual(pkg.contributes.yamlValidation, [{ fileMatch: `*${LAB_FILE_SUFFIX}`, url: './labs/lab.schema.json' }]);
  });

  test('package.json lvsLab.lab description names *LAB_FILE_SUFFIX files', () => {
    assert.ok(english(settings['lvsLab.lab']?.markdownDescription)?.includes(`\`*${LAB_FILE_SUFFIX}\``));
  });
});

describe('settings defaults (SETTING_DEFAULTS in src/extension/settingsDefaults.ts)', () => {
  const prefix = `${SETTINGS_SECTION}.`;

  test('package.json configuration properties are exactly the SETTING_DEFAULTS keys, under lvsLab.', () => {
    assert.deepEqual(sorted(Object.keys(settings)), sorted(Object.keys(SETTING_DEFAULTS).map((k) => prefix + k)));
  });

  test('package.json configuration defaults equal SETTING_DEFAULTS', () => {
    const defaults = Object.fromEntries(Object.entries(settings).map(([key, s]) => [key.slice(prefix.length), s.default]));
    assert.deepEqual(defaults, SETTING_DEFAULTS);
  });

  test('package.json configuration defaults are of their declared type and within their bounds', () => {
    for (const [key, s] of Object.entries(settings)) {
      const d = s.default;
      if (s.type === 'integer') assert.ok(Number.isInteger(d), key);
      else assert.equal(typeof d, s.type, key);
      if (typeof d === 'number') assert.ok(d >= (s.minimum ?? -Infinity) && d <= (s.maximum ?? Infinity), key);
    }
  });
});
