// The editor's diagnostics for *.lvslab.yaml: checkLab, the CLI's own validation, on every open lab file,
// again 300 ms after the typing stops; nothing is started or created.
import * as vscode from 'vscode';
import { labFileProblems } from '../../core/labFileProblems';
import { LAB_FILE_SUFFIX } from '../../core/labLoader';

/** How long after the last change a lab file is checked again: long enough not to check every keystroke. */
export const DEBOUNCE_MS = 300;

/** A lab file the user edits: on disk or not saved yet (not, say, the git: side of a diff). */
export function isLabFile(doc: vscode.TextDocument): boolean {
  return (doc.uri.scheme === 'file' || doc.uri.scheme === 'untitled') && doc.uri.path.endsWith(LAB_FILE_SUFFIX);
}

/** Keeps the diagnostics of every open lab file; `labsDir` holds the shipped labs, whose names are taken. */
export function watchLabFiles(labsDir: string): vscode.Disposable {
  const collection = vscode.languages.createDiagnosticCollection('lvsLab');
  const timers = new Map<string, NodeJS.Timeout>();
  const cancel = (uri: vscode.Uri) => {
    clearTimeout(timers.get(uri.toString()));
    timers.delete(uri.toString());
  };
  const check = (doc: vscode.TextDocument) => {
    cancel(doc.uri);
    if (isLabFile(doc) && !doc.isClosed) collection.set(doc.uri, diagnosticsOf(doc, labsDir));
  };
  const checkLater = (doc: vscode.TextDocument) => {
    if (!isLabFile(doc)) return;
    cancel(doc.uri);
    timers.set(
      doc.uri.toString(),
      setTimeout(() => check(doc), DEBOUNCE_MS),
    );
  };
  vscode.workspace.textDocuments.forEach(check);
  return vscode.Disposable.from(
    collection,
    vscode.workspace.onDidOpenTextDocument(check),
    vscode.workspace.onDidChangeTextDocument((e) => checkLater(e.document)),
    vscode.workspace.onDidCloseTextDocument((doc) => {
      cancel(doc.uri);
      collection.delete(doc.uri);
    }),
    { dispose: () => timers.forEach((t) => clearTimeout(t)) },
  );
}

function diagnosticsOf(doc: vscode.TextDocument, labsDir: string): vscode.Diagnostic[] {
  // The path decides whether the lab may take a shipped lab's name (a file in labs/ may), as in the CLI.
  const file = doc.uri.scheme === 'file' ? doc.uri.fsPath : doc.uri.path;
  return labFileProblems(doc.getText(), file, labsDir).map(({ message, range }) => {
    const where = new vscode.Range(range.start.line, range.start.character, range.end.line, range.end.character);
    const diagnostic = new vscode.Diagnostic(where, message, vscode.DiagnosticSeverity.Error);
    diagnostic.source = 'LVS Lab';
    return diagnostic;
  });
}
