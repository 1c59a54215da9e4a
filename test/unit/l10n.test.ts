// English and Simplified Chinese everywhere a user reads (issue 12): the English bundle is what the
// sources' l10n.t calls export, every key has a Chinese translation that is Chinese (or is listed as the
// same in both languages) with the same placeholders, and the manifest's words are all %keys% with both.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { getL10nJson, type l10nJsonFormat } from '@vscode/l10n-dev';
import { setLanguage } from '../../src/core/language';
import { listLabs, resolveLab } from '../../src/core/labLoader';

const root = join(__dirname, '..', '..');
const readJson = <T>(...path: string[]): T => JSON.parse(readFileSync(join(root, ...path), 'utf8')) as T;
const message = (v: l10nJsonFormat[string]): string => (typeof v === 'string' ? v : v.message);
const placeholders = (s: string): string[] => [...s.matchAll(/\{[\w]+\}/g)].map((m) => m[0]).sort();
const CHINESE = /[\u4e00-\u9fff]/;
const sameInChinese = new Set(readJson<string[]>('l10n', 'same-in-zh.json'));

/** The sources `npm run l10n:export` reads (src/ and webview/, TypeScript only). */
function sources(): { contents: string; extension: string }[] {
  return ['src', 'webview'].flatMap((dir) =>
    readdirSync(join(root, dir), { recursive: true, encoding: 'utf8' })
      .filter((f) => /\.tsx?$/.test(f) && !f.endsWith('.d.ts'))
      .map((f) => ({ contents: readFileSync(join(root, dir, f), 'utf8'), extension: f.endsWith('.tsx') ? '.tsx' : '.ts' })),
  );
}

/** Chinese values that are not Chinese, or whose placeholders differ from the English. */
function badTranslations(english: Record<string, string>, chinese: Record<string, string>): string[] {
  return Object.keys(english).flatMap((key) => {
    const zh = chinese[key];
    if (zh === undefined) return [`${key}: no Chinese`];
    if (!CHINESE.test(zh) && !sameInChinese.has(key)) return [`${key}: not translated ("${zh}")`];
    if (placeholders(zh).join() !== placeholders(english[key]).join()) return [`${key}: placeholders differ ("${zh}")`];
    return [];
  });
}

const messages = (f: l10nJsonFormat): Record<string, string> => Object.fromEntries(Object.entries(f).map(([k, v]) => [k, message(v)]));

describe('runtime strings (l10n bundles)', () => {
  test('the committed English bundle is what the sources export (npm run l10n:export)', async () => {
    const exported = await getL10nJson(sources());
    assert.deepEqual(readJson('l10n', 'bundle.l10n.json'), exported);
  });

  test('every English string has a Chinese translation with the same placeholders', () => {
    const english = messages(readJson('l10n', 'bundle.l10n.json'));
    const chinese = messages(readJson('l10n', 'bundle.l10n.zh-cn.json'));
    assert.deepEqual(badTranslations(english, chinese), []);
  });

  test('the Chinese bundle holds no key the sources no longer use', () => {
    const english = readJson<object>('l10n', 'bundle.l10n.json');
    const stale = Object.keys(readJson<object>('l10n', 'bundle.l10n.zh-cn.json')).filter((k) => !(k in english));
    assert.deepEqual(stale, []);
  });
});

/** Every string in package.json a user reads: titles, names, descriptions of what it contributes. */
function manifestWords(node: unknown, path = ''): { path: string; value: string }[] {
  if (Array.isArray(node)) return node.flatMap((v, i) => manifestWords(v, `${path}[${i}]`));
  if (node === null || typeof node !== 'object') return [];
  return Object.entries(node).flatMap(([k, v]) => {
    const at = path ? `${path}.${k}` : k;
    if (typeof v === 'string' && /^(title|shortTitle|name|description|markdownDescription|contextualTitle|category|label|altText)$/.test(k))
      return [{ path: at, value: v }];
    if (k === 'enumDescriptions' || k === 'markdownEnumDescriptions') return (v as string[]).map((s, i) => ({ path: `${at}[${i}]`, value: s }));
    return manifestWords(v, at);
  });
}

describe('manifest strings (package.nls)', () => {
  const pkg = readJson<{ displayName: string; description: string; contributes: unknown }>('package.json');
  const en = readJson<Record<string, string>>('package.nls.json');
  const zh = readJson<Record<string, string>>('package.nls.zh-cn.json');
  const words = [
    { path: 'displayName', value: pkg.displayName },
    { path: 'description', value: pkg.description },
    ...manifestWords(pkg.contributes, 'contributes'),
  ];

  test('every title, name and description in package.json is a %key% defined in package.nls.json', () => {
    const literal = words.filter((w) => !/^%[\w.-]+%$/.test(w.value)).map((w) => `${w.path}: ${w.value}`);
    assert.deepEqual(literal, []);
    const undefinedKeys = words.map((w) => w.value.slice(1, -1)).filter((k) => !(k in en));
    assert.deepEqual(undefinedKeys, []);
  });

  test('package.nls.zh-cn.json translates every key of package.nls.json and no other', () => {
    assert.deepEqual(Object.keys(zh).sort(), Object.keys(en).sort());
    assert.deepEqual(badTranslations(en, zh), []);
  });

  test('package.nls.json holds no key package.json does not use', () => {
    const text = readFileSync(join(root, 'package.json'), 'utf8');
    assert.deepEqual(
      Object.keys(en).filter((k) => !text.includes(`"%${k}%"`)),
      [],
    );
  });
});

describe('shipped labs (labs/*.yaml)', () => {
  test('each shipped lab has its title, and its description if it has one, in Chinese', () => {
    const missing = listLabs().flatMap((name) => {
      const lab = resolveLab(name);
      const zh = lab.translations?.['zh-cn'];
      return [
        ...(zh?.title && CHINESE.test(zh.title) ? [] : [`${lab.name}: title`]),
        ...(lab.description && !(zh?.description && CHINESE.test(zh.description)) ? [`${lab.name}: description`] : []),
      ];
    });
    assert.deepEqual(missing, []);
  });

  test('a lab loaded while the user speaks Chinese shows its Chinese title and description; in English its own', () => {
    try {
      setLanguage('zh-CN');
      const zh = resolveLab('dr');
      assert.equal(zh.title, zh.translations?.['zh-cn'].title);
      assert.equal(zh.description, zh.translations?.['zh-cn'].description);
      setLanguage('en');
      assert.match(resolveLab('dr').title, /^Handbook DR lab/);
    } finally {
      setLanguage('en');
    }
  });
});
