// The live panel: one webview showing the director's connection table, the virtual
// service stats, netstat per node and load tests. It reads the nodes at the
// configured interval only while visible, one exec per node per tick, never two
// ticks at once.
import * as vscode from 'vscode';
import { messageOf } from '../core/engine';
import { director, realServers } from '../core/lab';
import { parseWebviewMessage, type Conn, type HostMessage, type LabInfo, type NodeInfo, type Socket, type VirtualService } from '../protocol/messages';
import type { LabController } from './labController';
import { panelHtml, webviewRoots } from './panelHtml';
import { readSettings } from './settings';

export class LivePanel implements vscode.Disposable {
  static readonly viewType = 'lvsLab.livePanel';
  private static current: LivePanel | undefined;

  private paused = false;
  private timer: NodeJS.Timeout | undefined;
  private ticking = false;
  private readonly disposables: vscode.Disposable[] = [];
  /** Set when the load-test command asks for a run from outside the panel. */
  onRunLoadTest: ((requests: number, concurrency: number) => void) | undefined;

  static show(context: vscode.ExtensionContext, controller: LabController, onRunLoadTest: (r: number, c: number) => void): LivePanel {
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

  static get instance(): LivePanel | undefined {
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
      panel.onDidChangeViewState(() => this.schedule(0)),
      panel.webview.onDidReceiveMessage((raw) => this.receive(raw)),
      controller.onDidChange(() => this.post({ type: 'nodes', nodes: this.nodes() })),
    );
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
          loadDefaults: { requests: last?.spec.requests ?? s.loadRequests, concurrency: last?.spec.concurrency ?? s.loadConcurrency },
          paused: this.paused,
        });
        this.post({ type: 'nodes', nodes: this.nodes() });
        if (last) this.post({ type: 'loadResult', requests: last.spec.requests, concurrency: last.spec.concurrency, stats: last.summary });
        this.schedule(0);
        break;
      }
      case 'setPaused':
        this.paused = m.paused;
        this.post({ type: 'paused', paused: m.paused });
        this.schedule(0);
        break;
      case 'refreshNow':
        this.schedule(0, true);
        break;
      case 'runLoadTest':
        this.onRunLoadTest?.(m.requests, m.concurrency);
        break;
    }
  }

  /** Plans the next read; a tick in flight is never doubled, it re-plans when done. */
  private schedule(delayMs: number, force = false): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.ticking) return;
    if (!this.panel.visible || (this.paused && !force)) return;
    this.timer = setTimeout(() => void this.tick(), delayMs);
  }

  private async tick(): Promise<void> {
    this.ticking = true;
    try {
      if (this.controller.labState !== 'none') {
        const snap = await this.controller.service.snapshot();
        const dirName = director(this.controller.lab).name;
        const sockets: Record<string, Socket[]> = {};
        const errors: Record<string, string> = {};
        let conns: Conn[] | null = null;
        let services: VirtualService[] | null = null;
        for (const [node, result] of snap.nodes) {
          if (result instanceof Error) {
            errors[node] = result.message;
            continue;
          }
          if (result.sockets) sockets[node] = result.sockets;
          if (result.errors.length) errors[node] = result.errors.join('; ');
          if (node === dirName) {
            conns = result.conns ?? null;
            services = result.services ?? null;
          }
        }
        this.post({ type: 'snapshot', readAt: snap.readAt.toISOString(), durationMs: snap.durationMs, conns, services, sockets, errors });
      }
    } catch (e) {
      this.controller.log.warn(`Live panel read failed: ${messageOf(e)}`);
    } finally {
      this.ticking = false;
      if (!this.disposed) this.schedule(readSettings().refreshIntervalMs);
    }
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
    clearTimeout(this.timer);
    LivePanel.current = undefined;
    this.panel.dispose();
    for (const d of this.disposables) d.dispose();
  }
}
