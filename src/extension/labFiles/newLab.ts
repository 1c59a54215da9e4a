// "LVS Lab: New Lab…": a commented lab file of the user's own, in a workspace folder, opened to edit.
import * as l10n from '@vscode/l10n';
import * as vscode from 'vscode';
import { listLabs } from '../../core/labLoader';
import { labFileName, labNameProblem, labTemplate } from '../../core/labTemplate';

export const NEW_LAB_COMMAND = 'lvsLab.newLab';

/** Asks for a folder (when there are several) and a name, writes the template there and opens it. */
export async function newLab(labsDir: string): Promise<void> {
  const folder = await pickFolder();
  if (!folder) return;
  const shipped = listLabs(labsDir);
  const taken = async (name: string) =>
    (await exists(fileIn(folder, name))) && l10n.t('{0} already exists in {1}. Choose another name.', labFileName(name), folder.name);
  const name = await vscode.window.showInputBox({
    title: l10n.t('LVS Lab: New Lab'),
    prompt: l10n.t("The lab's name. The lab is written to {0} in {1}.", labFileName('<name>'), folder.name),
    value: await freeName(folder),
    validateInput: async (value) => labNameProblem(value, shipped) || (await taken(value)) || undefined,
  });
  if (name === undefined) return;
  const uri = fileIn(folder, name);
  // Asked again just before writing: the file may have appeared while the box was open.
  const refused = labNameProblem(name, shipped) || (await taken(name));
  if (refused) throw new Error(refused);
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(labTemplate(name)));
  await vscode.window.showTextDocument(uri);
}

async function pickFolder(): Promise<vscode.WorkspaceFolder | undefined> {
  const folders = vscode.workspace.workspaceFolders ?? [];
  if (folders.length === 0) throw new Error(l10n.t('Open a folder first. A new lab is written into the workspace.'));
  if (folders.length === 1) return folders[0];
  return vscode.window.showWorkspaceFolderPick({ placeHolder: l10n.t('Which folder gets the new lab?') });
}

const fileIn = (folder: vscode.WorkspaceFolder, name: string) => vscode.Uri.joinPath(folder.uri, labFileName(name));

async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}

/** The name offered first: mylab, else mylab-2, mylab-3… whichever has no file yet. */
async function freeName(folder: vscode.WorkspaceFolder): Promise<string> {
  for (let i = 1; i < 100; i++) {
    const name = i === 1 ? 'mylab' : `mylab-${i}`;
    if (!(await exists(fileIn(folder, name)))) return name;
  }
  return 'mylab';
}
