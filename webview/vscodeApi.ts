// The webview side of VS Code's messaging and state. acquireVsCodeApi may be called only once per page.
import type { WebviewMessage } from '../src/protocol/messages';
import type { SideWebviewMessage } from '../src/protocol/sideMessages';
import { restoreState, type PanelState } from './panelState';

export interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}

declare global {
  function acquireVsCodeApi(): VsCodeApi;
}

let api: VsCodeApi | undefined;
const vscode = (): VsCodeApi => (api ??= acquireVsCodeApi());

/** Typed so only messages of the webview schema can be sent. */
export function post(message: WebviewMessage): void {
  vscode().postMessage(message);
}

/** The Connections side view's messages, typed by its own schema. */
export function postSide(message: SideWebviewMessage): void {
  vscode().postMessage(message);
}

export function loadState(): PanelState {
  return restoreState(vscode().getState());
}

export function saveState(state: PanelState): void {
  vscode().setState(state);
}
