// The extension's one lab: its service, its last-read status, and the context keys
// the menus and welcome views use. Node and step state comes from a read of Docker
// and the nodes; the controller only remembers when it last read them.
import * as vscode from 'vscode';
import { messageOf } from '../core/engine';
import type { Lab } from '../core/lab';
import { isUnreachable, LabService, type LabStatus, type LoadTestResult, type Operation } from '../service/labService';
import { commandLogger } from './log';
import { readSettings } from './settings';

/** none: no container of the lab exists; partial: some exist or some are stopped. */
export type LabState = 'none' | 'partial' | 'running';
export type DockerState = 'unknown' | 'ok' | 'unreachable' | 'noIpvs';

/** ipvsadm's own words when the Docker host's kernel has no ip_vs. */
const NO_IPVS = /Can't initialize ipvs|Protocol not available/i;

export class LabController implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;

  service!: LabService;
  status: LabStatus | undefined;
  statusError: string | undefined;
  dockerState: DockerState = 'unknown';
  lastLoad: LoadTestResult | undefined;
  /** The lifecycle operation this window is running, if any (the commands are disabled meanwhile). */
  busy: Operation | undefined;
  private refreshing: Promise<void> | undefined;
  private again = false;
  private events: { dispose(): void } | undefined;

  constructor(
    public lab: Lab,
    readonly log: vscode.LogOutputChannel,
  ) {
    this.connect();
  }

  /** (Re)connects with the current settings; called again when they change. */
  connect(): void {
    const s = readSettings();
    this.service = new LabService(this.lab, {
      dockerHost: s.dockerHost,
      log: commandLogger(this.log),
      execTimeoutMs: s.execTimeoutMs,
      onBusy: (operation) => {
        this.busy = operation;
        void vscode.commands.executeCommand('setContext', 'lvsLab.busy', !!operation);
        this.changed.fire();
      },
    });
    const e = this.service.endpoint;
    this.log.info(`Docker endpoint ${e.host} (from ${e.source}${e.context ? ` ${e.context}` : ''})`);
    // Container state follows Docker's event stream, re-read on every change.
    this.events?.dispose();
    this.events = this.service.watchContainers(
      () => void this.refresh(),
      (m) => this.log.warn(m),
    );
  }

  setLab(lab: Lab): void {
    if (lab.file === this.lab.file && lab.name === this.lab.name) return;
    this.lab = lab;
    this.status = undefined;
    this.lastLoad = undefined;
    this.connect();
    this.changed.fire();
  }

  get labState(): LabState {
    const nodes = this.status?.nodes ?? [];
    if (nodes.length === 0 || nodes.every((n) => n.state === 'missing')) return 'none';
    return nodes.every((n) => n.state === 'running') ? 'running' : 'partial';
  }

  /** Reads nodes and step statuses now; concurrent calls share one read, plus one more. */
  refresh(): Promise<void> {
    if (this.refreshing) {
      this.again = true;
      return this.refreshing;
    }
    this.refreshing = (async () => {
      do {
        this.again = false;
        await this.read();
      } while (this.again);
    })().finally(() => (this.refreshing = undefined));
    return this.refreshing;
  }

  private async read(): Promise<void> {
    try {
      this.status = await this.service.status();
      this.statusError = undefined;
      // IPVS is known missing when a check says so, and known present when the
      // director's checks read its IPVS table; with no lab running, the doctor tells.
      const failed = this.status.steps.filter((st) => st.status === 'failed');
      const directorRead = this.status.nodes.some((n) => n.role === 'director' && n.state === 'running');
      if (failed.some((st) => NO_IPVS.test(st.detail))) this.dockerState = 'noIpvs';
      else if (directorRead || this.dockerState !== 'noIpvs') this.dockerState = 'ok';
    } catch (e) {
      this.status = undefined;
      this.statusError = messageOf(e);
      if (isUnreachable(e)) this.dockerState = 'unreachable';
      this.log.warn(`Reading the lab failed: ${this.statusError}`);
    }
    await this.publish();
  }

  setDockerState(state: DockerState): Promise<void> {
    this.dockerState = state;
    return this.publish();
  }

  setLastLoad(result: LoadTestResult): void {
    this.lastLoad = result;
    this.changed.fire();
  }

  /** A reset or removed lab has no load-test result to show any more. */
  clearLastLoad(): void {
    this.lastLoad = undefined;
    this.changed.fire();
  }

  private async publish(): Promise<void> {
    await vscode.commands.executeCommand('setContext', 'lvsLab.labState', this.labState);
    await vscode.commands.executeCommand('setContext', 'lvsLab.docker', this.dockerState);
    await vscode.commands.executeCommand('setContext', 'lvsLab.exercise', !!this.status?.exercise);
    this.changed.fire();
  }

  dispose(): void {
    this.events?.dispose();
    this.changed.dispose();
  }
}
