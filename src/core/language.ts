// The user's language for words that come from data (a lab file's translations), set once where
// @vscode/l10n is configured: the extension host from vscode.env.language, the CLI from --lang/LANG.
let current = 'en';

export function setLanguage(language: string): void {
  current = language.toLowerCase();
}

export function currentLanguage(): string {
  return current;
}
