// Adds Chinese translations to l10n/bundle.l10n.zh-cn.json: `node scripts/l10n-merge.mjs <file.json>`
// where the file maps English keys (as in l10n/bundle.l10n.json) to 简体中文. Keys keep the English
// bundle's order; keys the English bundle no longer has go last (the l10n test names them).
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import process from 'node:process';

const dir = join(import.meta.dirname, '..', 'l10n');
const read = (file) => JSON.parse(readFileSync(file, 'utf8'));
const english = read(join(dir, 'bundle.l10n.json'));
const target = join(dir, 'bundle.l10n.zh-cn.json');
const merged = { ...read(target) };
for (const file of process.argv.slice(2)) Object.assign(merged, read(file));

const ordered = {};
for (const key of Object.keys(english)) if (key in merged) ordered[key] = merged[key];
for (const key of Object.keys(merged)) if (!(key in ordered)) ordered[key] = merged[key];
writeFileSync(target, `${JSON.stringify(ordered, null, 2)}\n`);
const missing = Object.keys(english).filter((k) => !(k in ordered));
process.stdout.write(`${Object.keys(ordered).length} translations; ${missing.length} English keys still without Chinese\n`);
