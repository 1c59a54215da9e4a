// The live panel: one webview showing the director's connection table, the virtual
// service stats, netstat per node and load tests. While visible and not paused it
// watches the service's live reader (one stream per node, shared with other watchers).
import * as vscode from 'vscode';
import { director, realServers } from '../core/lab';
import { ALL_SECTIONS } from '../core/snapshot';
import { parseWebviewMessage, type HostMessage, type LabInfo, type NodeInfo } from '../protocol/messages';
import type { LabService, NodeTick, Watch } from '../service/labService';
import type { LabController } from './labController';
import { snapshotMessage } from './liveSnapshot';
import { loadResultMessage, loadRunOf, type LoadRun } from './loadMessages';
import { panelHtml, webviewRoots } from './panelHtml';
import { readSettings } from './settings';

type LessonMessage = Extract<HostMessage, { type: 'lessonStarted' | 'traceResult' | 'arpResult' | 'l4Result' | 'drillResult' | 'lessonNote' | 'lessonError' }>;
/** The lesson each result message belongs to (the others name it). */
const LESSON_OF = { traceResult: 'trace', arpResult: 'arp', l4Result: 'l4', drillResult: 'drill' } as const;

export class LivePanel implements vscode.Disposable {
  static readonly viewType = 'lvsLab.livePanel';
  private static current: LivePanel | undefined;

  private paused = false;
  private watch: { service: LabService; watch: Watch } | undefined;
  private readonly latest = new Map<string, NodeTick>();
  private postTimer: NodeJS.Timeout | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  /** The lessons' last results (trace, ARP), sent again whenever the webview is (re)loaded. */
  private readonly lessons = new Map<string, HostMessage>();
  /** Set when the load-test command asks for a run from outside the panel. */
  onRunLoadTest: ((run: LoadRun) => void) | undefined;

  static show(context: vscode.ExtensionContext, controller: LabController, onRunLoadTest: (run: LoadRun) => void): LivePanel {
    if (LivePanel.current) {
      LivePanel.current.panel.reveal(undefined, true);
      return LivePanel.current;
    }
    const panel = vscode.window.createWebviewPanel(
      LivePanel.viewType,
      'LVS Lab: Live Panel',
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
        this.post({ type: 'nodes', nodes: this.nodes() });
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
          lab: this.labInfo(),
          refreshMs: s.refreshIntervalMs,
          loadDefaults: last ? loadRunOf(last) : { requests: s.loadRequests, concurrency: s.loadConcurrency, clients: s.loadClients, hold: s.loadHold },
          paused: this.paused,
        });
        this.post({ type: 'nodes', nodes: this.nodes() });
        if (last) this.post(loadResultMessage(last));
        for (const m of this.lessons.values()) this.post(m);
        this.syncWatch();
        break;
      }
      case 'setPaused':
        this.paused = m.paused;
        this.post({ type: 'paused', paused: m.paused });
        this.syncWatch();
        break;
      case 'refreshNow':
        this.watch?.service.live.refresh();
        break;
      case 'runLoadTest':
        this.onRunLoadTest?.({ requests: m.requests, concurrency: m.concurrency, clients: m.clients, hold: m.hold });
        break;
      case 'changeService':
        void vscode.commands.executeCommand(m.what === 'scheduler' ? 'lvsLab.changeScheduler' : 'lvsLab.setPersistence');
        break;
    }
  }

  /** Watches the live reader while the panel is visible, not paused and a lab exists; else lets go. */
  private syncWatch(): void {
    const c = this.controller;
    const wanted = this.panel.visible && !this.paused && c.labState !== 'none' && !this.disposed;
    if (this.watch && (!wanted || this.watch.service !== c.service)) {
      this.watch.watch.dispose();
      this.watch = undefined;
      this.latest.clear();
    }
    const needs = { intervalMs: readSettings().refreshIntervalMs, sections: ALL_SECTIONS };
    if (!wanted) return;
    if (this.watch) return this.watch.watch.update(needs);
    this.watch = { service: c.service, watch: c.service.live.watch(needs, (tick) => this.onTick(tick)) };
  }

  private onTick(tick: NodeTick): void {
    this.latest.set(tick.node, tick);
    // Nodes tick separately: one message for the ticks that arrive together.
    this.postTimer ??= setTimeout(() => {
      this.postTimer = undefined;
      const message = snapshotMessage(this.controller.lab, this.latest);
      if (message) this.post(message);
    }, 50);
  }

  private labInfo(): LabInfo {
    const lab = this.controller.lab;
    return {
      name: lab.name,
      title: lab.title,
      mode: lab.mode,
      scheduler: lab.scheduler,
      vip: lab.service.vip,
      port: lab.service.port,
      director: director(lab).name,
      realServers: realServers(lab).map((n) => n.name),
      nodes: lab.nodes.map((n) => ({ name: n.name, role: n.role })),
    };
  }

  private nodes(): NodeInfo[] {
    const status = this.controller.status;
    return this.controller.lab.nodes.map((n) => ({
      name: n.name,
      role: n.role,
      addresses: n.addresses,
      state: status?.nodes.find((s) => s.name === n.name)?.state ?? 'missing',
    }));
  }

  private disposed = false;

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    clearTimeout(this.postTimer);
    this.watch?.watch.dispose();
    LivePanel.current = undefined;
    this.panel.dispose();
    for (const d of this.disposables) d.dispose();
  }
}
