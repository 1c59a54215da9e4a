// The webviews' page (the live panel's and the Connections view's): strict CSP with a nonce, the entry's
// stylesheet and script, and the translations as a data block (no CSP relaxation). Pure, so it is unit-tested;
// panelHtml.ts fills it in from VS Code.
import { htmlLang, l10nBlock } from '../protocol/l10nBlock';

export interface WebviewPage {
  /** webview.cspSource */
  cspSource: string;
  nonce: string;
  cssUri: string;
  jsUri: string;
  /** vscode.env.language */
  language: string | undefined;
  /** vscode.l10n.bundle: undefined in English */
  bundle: Readonly<Record<string, unknown>> | undefined;
}

const attr = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

export function webviewPageHtml(p: WebviewPage): string {
  const csp = [
    "default-src 'none'",
    `img-src ${p.cspSource} data:`,
    `style-src ${p.cspSource}`,
    `font-src ${p.cspSource}`,
    `script-src 'nonce-${p.nonce}'`,
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="${attr(htmlLang(p.language))}">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${attr(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${attr(p.cssUri)}">
<title>LVS Lab</title>
</head>
<body>
<div id="app"></div>
${l10nBlock(p.bundle)}
<script nonce="${attr(p.nonce)}" src="${attr(p.jsUri)}"></script>
</body>
</html>`;
}
