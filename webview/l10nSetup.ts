// The webview's translations: the bundle the extension host put in the page (src/protocol/l10nBlock.ts),
// given to @vscode/l10n before anything is drawn. Without a block (English) l10n.t returns the English text.
import * as l10n from '@vscode/l10n';
import { L10N_BLOCK_ID } from '../src/protocol/l10nBlock';

/**
 * Configures l10n from the data block's text (a script element's textContent: no entity decoding). Returns
 * whether a bundle was taken; a missing or unreadable block leaves English.
 */
export function configureL10n(blockText: string | null | undefined): boolean {
  if (!blockText) return false;
  try {
    const contents: unknown = JSON.parse(blockText);
    if (contents === null || typeof contents !== 'object' || Array.isArray(contents)) return false;
    l10n.config({ contents: contents as l10n.l10nJsonFormat });
    return true;
  } catch (e) {
    console.warn(`LVS Lab: the translations in the page could not be read, showing English (${e instanceof Error ? e.message : String(e)})`);
    return false;
  }
}

/** The page's block, read once at startup (each entry calls this before it builds its view). */
export function setupL10n(doc: Document): boolean {
  return configureL10n(doc.getElementById(L10N_BLOCK_ID)?.textContent);
}
