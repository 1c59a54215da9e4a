// The webviews' HTML (the live panel's, and the Connections view's with entry 'side'): strict CSP with a
// nonce; scripts and styles only from the extension's dist/webview folder through asWebviewUri; VS Code's
// display language and translations (webviewPage.ts).
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { webviewPageHtml } from './webviewPage';

export function panelHtml(webview: vscode.Webview, extensionUri: vscode.Uri, entry: 'main' | 'side' = 'main'): string {
  const asset = (...path: string[]) => webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', 'webview', ...path)).toString();
  return webviewPageHtml({
    cspSource: webview.cspSource,
    nonce: randomBytes(16).toString('base64'),
    cssUri: asset(`${entry}.css`),
    jsUri: asset(`${entry}.js`),
    language: vscode.env.language,
    bundle: vscode.l10n.bundle,
  });
}

export function webviewRoots(extensionUri: vscode.Uri): vscode.Uri[] {
  return [vscode.Uri.joinPath(extensionUri, 'dist', 'webview')];
}
