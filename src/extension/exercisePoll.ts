// While the lab is an exercise and the Lab tree is on screen, its steps are read again every few
// seconds (the controller's one batched status read: one exec per node), so a step turns done in
// the tree the moment the node matches. Nothing is read while the tree is hidden or the lab is not an exercise.
import type * as vscode from 'vscode';
import type { LabController } from './labController';
import type { TreeNode } from './treeModel';

/** The pause between the end of one read and the next. */
export const EXERCISE_POLL_MS = 3000;

export class ExercisePoll implements vscode.Disposable {
  private timer: NodeJS.Timeout | undefined;
  private readonly subscriptions: vscode.Disposable[];

  constructor(
    private readonly view: vscode.TreeView<TreeNode>,
    private readonly controller: LabController,
  ) {
    this.subscriptions = [view.onDidChangeVisibility(() => this.update()), controller.onDidChange(() => this.update())];
    this.update();
  }

  private get wanted(): boolean {
    return this.view.visible && !!this.controller.status?.exercise && this.controller.labState === 'running';
  }

  /** Starts or stops the reads; each read schedules the next when it ends, so they never pile up. */
  private update(): void {
    if (!this.wanted) {
      clearTimeout(this.timer);
      this.timer = undefined;
    } else if (!this.timer) {
      this.timer = setTimeout(() => {
        void this.controller.refresh().finally(() => {
          this.timer = undefined;
          this.update();
        });
      }, EXERCISE_POLL_MS);
    }
  }

  dispose(): void {
    clearTimeout(this.timer);
    for (const s of this.subscriptions) s.dispose();
  }
}
