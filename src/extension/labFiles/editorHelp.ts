// Completion and hover in *.lvslab.yaml, from the lab schema (src/core/labSchemaHelp.ts).
import * as vscode from 'vscode';
import { LAB_FILE_GLOB } from '../../core/labLoader';
import { labCompletions, labHover } from '../../core/labSchemaHelp';

const LAB_FILES: vscode.DocumentSelector = { pattern: LAB_FILE_GLOB };

export function registerEditorHelp(): vscode.Disposable {
  return vscode.Disposable.from(
    // A space or a colon starts a value (`mode: `), a space after `- ` a list item's fields.
    vscode.languages.registerCompletionItemProvider(LAB_FILES, { provideCompletionItems }, ' ', ':'),
    vscode.languages.registerHoverProvider(LAB_FILES, { provideHover }),
  );
}

function provideCompletionItems(doc: vscode.TextDocument, position: vscode.Position): vscode.CompletionItem[] | undefined {
  const result = labCompletions(doc.getText(), doc.offsetAt(position));
  if (!result) return undefined;
  const range = new vscode.Range(doc.positionAt(result.replace[0]), doc.positionAt(result.replace[1]));
  return result.items.map((c) => {
    const item = new vscode.CompletionItem(c.label, c.kind === 'field' ? vscode.CompletionItemKind.Property : vscode.CompletionItemKind.EnumMember);
    item.insertText = new vscode.SnippetString(c.insertText);
    item.range = range;
    item.detail = c.detail;
    item.documentation = c.documentation;
    item.sortText = c.sortText;
    return item;
  });
}

function provideHover(doc: vscode.TextDocument, position: vscode.Position): vscode.Hover | undefined {
  const hover = labHover(doc.getText(), doc.offsetAt(position));
  if (!hover) return undefined;
  return new vscode.Hover(new vscode.MarkdownString(hover.markdown), new vscode.Range(doc.positionAt(hover.span[0]), doc.positionAt(hover.span[1])));
}
