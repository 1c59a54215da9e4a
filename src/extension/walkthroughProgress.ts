// The walkthrough's lab steps complete from the lab's real state: each time the controller has read the nodes
// (after a command, a container event, or a command typed in a node shell), the context keys the steps'
// completionEvents wait for (onContext:lvsLab.walkthrough.<step>) are set from what the checks found.
import * as vscode from 'vscode';
import { messageOf } from '../core/engine';
import type { ServiceView } from '../core/serviceView';
import { needsServices, walkthroughProgress, type WalkthroughInput } from '../core/walkthrough';
import type { LabController } from './labController';

export class WalkthroughProgress implements vscode.Disposable {
  private readonly published = new Map<string, boolean>();
  private readonly subscription: vscode.Disposable;
  /** The director's services as last read for the load-test step, and what that read followed. */
  private services: ServiceView[] | undefined;
  private readFor: unknown[] = [];
  private reading = false;

  constructor(private readonly controller: LabController) {
    this.subscription = controller.onDidChange(() => this.update());
    this.update();
  }

  private input(): WalkthroughInput {
    const c = this.controller;
    return { lab: c.service.current, nodes: c.status?.nodes ?? [], steps: c.status?.steps ?? [], services: this.services };
  }

  private update(): void {
    const c = this.controller;
    const input = this.input();
    if (!needsServices(input)) this.services = undefined;
    // The director's counters are read once per new reading of the lab or new load test, and only while they decide.
    else if (!this.reading && (this.readFor[0] !== c.status || this.readFor[1] !== c.lastLoad)) void this.readServices();
    this.publish(walkthroughProgress(this.input()));
  }

  private async readServices(): Promise<void> {
    const c = this.controller;
    this.reading = true;
    this.readFor = [c.status, c.lastLoad];
    try {
      this.services = await c.service.services();
    } catch (e) {
      c.log.warn(`Walkthrough: reading the director's counters failed: ${messageOf(e)}`);
      this.services = undefined;
    } finally {
      this.reading = false;
    }
    this.update();
  }

  private publish(progress: Record<string, boolean>): void {
    for (const [key, done] of Object.entries(progress)) {
      if (this.published.get(key) === done) continue;
      this.published.set(key, done);
      void vscode.commands.executeCommand('setContext', key, done);
    }
  }

  /**
   * Opens the walkthrough with every key first cleared, then set again as the checks last found them. VS Code
   * registers walkthrough steps when the walkthrough is first shown, and a context key already true then marks
   * its event as seen without ticking the step, so a step done on the nodes before the walkthrough opened
   * would stay open for the whole session. Cleared at registration, the keys' change afterwards ticks them.
   */
  async open(show: () => Thenable<unknown>): Promise<void> {
    const done = [...this.published].filter(([, v]) => v);
    await Promise.all(done.map(([key]) => vscode.commands.executeCommand('setContext', key, false)));
    await show();
    await Promise.all(done.map(([key]) => vscode.commands.executeCommand('setContext', key, true)));
  }

  dispose(): void {
    this.subscription.dispose();
  }
}
