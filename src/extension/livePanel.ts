// The live panel: one webview showing the director's connection table, the virtual
// service stats, netstat per node and load tests. While visible and not paused it
// watches the service's live reader (one stream per node, shared with other watchers).
import * as l10n from '@vscode/l10n';
import * as vscode from 'vscode';
import { parseWebviewMessage, type HostMessage } from '../protocol/messages';
import type { LabController } from './labController';
import { labInfoOf, nodeInfos } from './labInfo';
import { PANEL_SECTIONS, snapshotMessage } from './liveSnapshot';
import { LiveWatch } from './liveWatch';
import { loadResultMessage, loadRunOf, type LoadRun } from './loadMessages';
import { panelHtml, webviewRoots } from './panelHtml';
import { readSettings } from './settings';

type LessonMessage = Extract<HostMessage, { type: 'lessonStarted' | 'traceResult' | 'arpResult' | 'l4Result' | 'drillResult' | 'lessonNote' | 'lessonError' }>;
/** The lesson each result message belongs to (the others name it). */
const LESSON_OF = { traceResult: 'trace', arpResult: 'arp', l4Result: 'l4', drillResult: 'drill' } as const;

/** The Services tab's buttons, each the command of the same change. */
const SERVICE_COMMANDS = { scheduler: 'lvsLab.changeScheduler', persistence: 'lvsLab.setPersistence', health: 'lvsLab.setHealthChecks' } as const;

export class LivePanel implements vscode.Disposable {
  static readonly viewType = 'lvsLab.livePanel';
  private static current: LivePanel | undefined;

  private paused = false;
  private readonly live = new LiveWatch(PANEL_SECTIONS, (latest) => {
    const message = snapshotMessage(this.controller.lab, latest);
    if (message) this.post(message);
  });
  private readonly disposables: vscode.Disposable[] = [];
  /** The lessons' last results (trace, ARP), sent again whenever the webview is (re)loaded. */
  private readonly lessons = new Map<string, HostMessage>();
  /** The Connections view's link, sent again once a webview that was just created is ready. */
  private pendingShow: Extract<HostMessage, { type: 'showConnections' }> | undefined;
  /** Set when the load-test command asks for a run from outside the panel. */
  onRunLoadTest: ((run: LoadRun) => void) | undefined;

  static show(context: vscode.ExtensionContext, controller: LabController, onRunLoadTest: (run: LoadRun) => void): LivePanel {
    if (LivePanel.current) {
      LivePanel.current.panel.reveal(undefined, true);
      return LivePanel.current;
    }
    const panel = vscode.window.createWebviewPanel(
      LivePanel.viewType,
      l10n.t('LVS Lab: Live Panel'),
      { viewColumn: vscode.ViewColumn.Active, preserveFocus: true },
      {
        enableScripts: true,
        localResourceRoots: webviewRoots(context.extensionUri),
      },
    );
    LivePanel.current = new LivePanel(panel, context, controller);
    LivePanel.current.onRunLoadTest = onRunLoadTest;
    return LivePanel.current;
  }

  private constructor(
    private readonly panel: vscode.WebviewPanel,
    context: vscode.ExtensionContext,
    private readonly controller: LabController,
  ) {
    panel.iconPath = vscode.Uri.joinPath(context.extensionUri, 'dist', 'media', 'lvs-lab.svg');
    panel.webview.html = panelHtml(panel.webview, context.extensionUri);
    this.disposables.push(
      panel.onDidDispose(() => this.dispose()),
      panel.onDidChangeViewState(() => this.syncWatch()),
      panel.webview.onDidReceiveMessage((raw) => this.receive(raw)),
      controller.onDidChange(() => {
        this.post({ type: 'nodes', nodes: nodeInfos(this.controller.lab, this.controller.status) });
        this.syncWatch();
      }),
    );
  }

  /** The open panel, if any (commands other than the load test post to it after opening it). */
  static get open(): LivePanel | undefined {
    return LivePanel.current;
  }

  /** Posts a lesson's message and keeps it for the next time the webview loads. */
  postLesson(message: LessonMessage): void {
    const lesson = 'lesson' in message ? message.lesson : LESSON_OF[message.type];
    this.lessons.set(lesson, message);
    this.post(message);
  }

  /** Brings the Connections tab forward with this filter ('' for any). */
  showConnections(filter: { state: string; dest: string }): void {
    this.pendingShow = { type: 'showConnections', filter };
    this.post(this.pendingShow);
  }

  post(message: HostMessage): void {
    void this.panel.webview.postMessage(message);
  }

  private receive(raw: unknown): void {
    const parsed = parseWebviewMessage(raw);
    if (!parsed.ok) {
      this.controller.log.warn(`Ignored a malformed message from the live panel: ${parsed.error}`);
      return;
    }
    const m = parsed.message;
    switch (m.type) {
      case 'ready': {
        const s = readSettings();
        const last = this.controller.lastLoad;
        this.post({
          type: 'init',
          lab: labInfoOf(this.controller.lab),
          refreshMs: s.refreshIntervalMs,
          loadDefaults: last ? loadRunOf(last) : { requests: s.loadRequests, concurrency: s.loadConcurrency, clients: s.loadClients, hold: s.loadHold },
          paused: this.paused,
        });
        this.post({ type: 'nodes', nodes: nodeInfos(this.controller.lab, this.controller.status) });
        if (last) this.post(loadResultMessage(last));
        for (const m of this.lessons.values()) this.post(m);
        if (this.pendingShow) this.post(this.pendingShow);
        this.pendingShow = undefined;
        this.syncWatch();
        break;
      }
      case 'setPaused':
        this.paused = m.paused;
        this.post({ type: 'paused', paused: m.paused });
        this.syncWatch();
        break;
      case 'refreshNow':
        this.live.refresh();
        break;
      case 'runLoadTest':
        this.onRunLoadTest?.({ requests: m.requests, concurrency: m.concurrency, clients: m.clients, hold: m.hold });
        break;
      case 'changeService':
        void vscode.commands.executeCommand(SERVICE_COMMANDS[m.what]);
        break;
    }
  }

  /** Watches the live reader while the panel is visible, not paused and a lab exists; else lets go. */
  private syncWatch(): void {
    const c = this.controller;
    const wanted = this.panel.visible && !this.paused && c.labState !== 'none' && !this.disposed;
    this.live.sync(wanted ? c.service.live : undefined, readSettings().refreshIntervalMs);
  }

  private disposed = false;

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.live.dispose();
    LivePanel.current = undefined;
    this.panel.dispose();
    for (const d of this.disposables) d.dispose();
  }
}
