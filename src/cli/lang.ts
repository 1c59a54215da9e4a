// The CLI's language: --lang, else the locale environment (LC_ALL, LC_MESSAGES, LANG), else English.
// It is chosen from argv before commander builds a single description, and @vscode/l10n is configured with
// the shipped Chinese bundle: every l10n.t call after that answers in Chinese.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import * as l10n from '@vscode/l10n';
import { InvalidArgumentError } from 'commander';
import { setLanguage } from '../core/language';

export const CLI_LANGUAGES = ['en', 'zh-cn'] as const;
export type CliLanguage = (typeof CLI_LANGUAGES)[number];

/** A --lang value or a locale name (zh_CN.UTF-8, zh-TW, en_US, C…) as one of ours; anything else is English. */
export function languageOf(name: string | undefined): CliLanguage {
  return /^zh([-_.@]|$)/i.test(name?.trim() ?? '') ? 'zh-cn' : 'en';
}

/** POSIX order: the first of LC_ALL, LC_MESSAGES and LANG that is set and not empty decides. */
export function languageFromEnv(env: NodeJS.ProcessEnv): CliLanguage {
  return languageOf([env.LC_ALL, env.LC_MESSAGES, env.LANG].find((v) => v !== undefined && v !== ''));
}

/** The value of --lang in argv (`--lang zh-cn` or `--lang=zh-cn`), up to a `--`; undefined without one. */
export function langArg(argv: readonly string[]): string | undefined {
  let found: string | undefined;
  for (let i = 0; i < argv.length && argv[i] !== '--'; i++) {
    if (argv[i] === '--lang') found = argv[i + 1];
    else if (argv[i].startsWith('--lang=')) found = argv[i].slice('--lang='.length);
  }
  return found;
}

/** --lang wins when it names one of ours; else the environment. (Commander refuses a --lang it does not know.) */
export function chooseLanguage(argv: readonly string[], env: NodeJS.ProcessEnv): CliLanguage {
  const arg = langArg(argv)?.toLowerCase();
  return (CLI_LANGUAGES as readonly string[]).includes(arg ?? '') ? (arg as CliLanguage) : languageFromEnv(env);
}

/** The --lang option's parser: one of ours, in any case (zh-CN is zh-cn). */
export function langOption(value: string): CliLanguage {
  const lang = value.toLowerCase();
  if (!(CLI_LANGUAGES as readonly string[]).includes(lang)) throw new InvalidArgumentError(l10n.t('the languages are {0}', CLI_LANGUAGES.join(', ')));
  return lang as CliLanguage;
}

/** The flags before a `--`. */
const flags = (argv: readonly string[]): readonly string[] => (argv.includes('--') ? argv.slice(0, argv.indexOf('--')) : argv);

/**
 * The language a run of the CLI speaks. With --json everything stays English: the JSON's values (details,
 * warnings, findings) are read by programs, and are the same whatever the user's locale.
 */
export function cliLanguage(argv: readonly string[], env: NodeJS.ProcessEnv): CliLanguage {
  return flags(argv).includes('--json') ? 'en' : chooseLanguage(argv, env);
}

/**
 * Where the shipped bundle is: l10n/ beside dist/ (dist/cli.js in the repository, an npm install or the
 * unpacked .vsix), or two levels up from src/cli/ when the sources run under tsx.
 */
export function bundlePath(lang: CliLanguage, from: string = __dirname): string | undefined {
  if (lang === 'en') return undefined;
  const file = `bundle.l10n.${lang}.json`;
  return [join(from, '..', 'l10n', file), join(from, '..', '..', 'l10n', file)].find((p) => existsSync(p));
}

/** Configures @vscode/l10n for `lang`. English needs no bundle (the keys are English); false when one is missing. */
export function useLanguage(lang: CliLanguage, from?: string): boolean {
  if (lang === 'en') return true;
  const fsPath = bundlePath(lang, from);
  if (!fsPath) return false;
  try {
    l10n.config({ fsPath });
    setLanguage(lang);
    return true;
  } catch {
    return false;
  }
}
