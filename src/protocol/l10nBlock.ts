// How the extension host hands its translations to a webview under the strict CSP: the bundle as JSON in a
// data block (<script type="application/json">, never executed, so the nonce-only script-src allows it), which
// the webview reads before its first render. One definition of the element's id for both sides.

/** The id of the data block in the webview's HTML. */
export const L10N_BLOCK_ID = 'lvs-l10n-bundle';

/**
 * The bundle as a data block. Every `<` (and `>`, `&`, U+2028/9) is written as a JSON \u escape, so a
 * translation holding `</script>` or `<!--` cannot end the block or change how the HTML parser reads it;
 * JSON.parse of the block's text gives the bundle back unchanged. Nothing (an English session): no block.
 */
export function l10nBlock(bundle: Readonly<Record<string, unknown>> | undefined): string {
  if (!bundle) return '';
  const json = JSON.stringify(bundle).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return `<script type="application/json" id="${L10N_BLOCK_ID}">${json}</script>`;
}

/** A language tag for `<html lang>` from VS Code's display language ("zh-cn" -> "zh-CN"); "en" when not a tag. */
export function htmlLang(language: string | undefined): string {
  if (!language || !/^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$/.test(language)) return 'en';
  const [first, ...rest] = language.split('-');
  return [first.toLowerCase(), ...rest.map((p) => (p.length === 2 ? p.toUpperCase() : p))].join('-');
}
