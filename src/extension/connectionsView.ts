// The Connections side view: a webview view in the LVS Lab container (under the Lab tree; movable to the panel
// or the secondary side bar) with the director's connection table per real server, the last load test's split
// and the newest entries. It reads only while visible, through the same live reader streams as the live panel.
import * as vscode from 'vscode';
import { parseSideWebviewMessage, type SideHostMessage } from '../protocol/sideMessages';
import type { LoadTestResult } from '../service/labService';
import type { LabController } from './labController';
import { labInfoOf, nodeInfos } from './labInfo';
import { LiveWatch } from './liveWatch';
import { panelHtml, webviewRoots } from './panelHtml';
import { readSettings } from './settings';
import { SIDE_SECTIONS, sideConnsMessage, sideLoadMessage, sideStatus } from './sideSnapshot';

export class ConnectionsView implements vscode.WebviewViewProvider, vscode.Disposable {
  static readonly viewId = 'lvsLab.connections';
  private static current: ConnectionsView | undefined;

  /** Whether the view is on screen now: a load test then shows its result there and leaves the editor alone. */
  static get shown(): boolean {
    return ConnectionsView.current?.visible ?? false;
  }

  private view: vscode.WebviewView | undefined;
  private readonly live: LiveWatch;
  private readonly disposables: vscode.Disposable[] = [];
  private load: { result: LoadTestResult; at: Date } | undefined;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly controller: LabController,
    /** Opens the live panel on its Connections tab with this filter. */
    private readonly openPanel: (filter: { state: string; dest: string }) => void,
  ) {
    this.live = new LiveWatch(SIDE_SECTIONS, (latest) => {
      const m = sideConnsMessage(this.controller.lab, latest);
      if (m) this.post(m);
    });
    ConnectionsView.current = this;
    this.disposables.push(
      controller.onDidChange(() => {
        this.postLab();
        this.postLoad();
        this.syncWatch();
      }),
    );
  }

  get visible(): boolean {
    return this.view?.visible ?? false;
  }

  resolveWebviewView(view: vscode.WebviewView): void {
    this.view = view;
    view.webview.options = { enableScripts: true, localResourceRoots: webviewRoots(this.extensionUri) };
    view.webview.html = panelHtml(view.webview, this.extensionUri, 'side');
    this.disposables.push(
      view.onDidChangeVisibility(() => this.syncWatch()),
      view.onDidDispose(() => {
        this.view = undefined;
        this.syncWatch();
      }),
      view.webview.onDidReceiveMessage((raw) => this.receive(raw)),
    );
  }

  private receive(raw: unknown): void {
    const parsed = parseSideWebviewMessage(raw);
    if (!parsed.ok) {
      this.controller.log.warn(`Ignored a malformed message from the Connections view: ${parsed.error}`);
      return;
    }
    const m = parsed.message;
    switch (m.type) {
      case 'ready':
        // The webview is new (first shown, or shown again after being hidden): everything it needs, then live data.
        this.postLab();
        this.postLoad(true);
        this.syncWatch();
        this.live.resend();
        break;
      case 'openPanel':
        this.openPanel(m.filter);
        break;
    }
  }

  /** Watches while the view is visible and a lab exists; the reader sends the latest ticks at once. */
  private syncWatch(): void {
    const c = this.controller;
    const wanted = this.visible && c.labState !== 'none';
    this.live.sync(wanted ? c.service.live : undefined, readSettings().refreshIntervalMs);
  }

  private postLab(): void {
    const c = this.controller;
    const status = sideStatus(c.dockerState, c.labState, c.statusError);
    const detail = status === 'readError' ? (c.statusError ?? null) : null;
    this.post({ type: 'lab', status, detail, lab: labInfoOf(c.lab), nodes: nodeInfos(c.lab, c.status) });
  }

  /** The last load test, when it changed (or always, for a new webview). */
  private postLoad(always = false): void {
    const result = this.controller.lastLoad;
    if (!always && result === this.load?.result) return;
    if (result !== this.load?.result) this.load = result ? { result, at: new Date() } : undefined;
    this.post(sideLoadMessage(this.load?.result, this.load?.at ?? new Date()));
  }

  private post(message: SideHostMessage): void {
    void this.view?.webview.postMessage(message);
  }

  dispose(): void {
    if (ConnectionsView.current === this) ConnectionsView.current = undefined;
    this.live.dispose();
    for (const d of this.disposables) d.dispose();
  }
}
