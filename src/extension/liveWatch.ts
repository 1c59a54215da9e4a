// A view's hold on the service's live reader (the panel and the side view each have one): it watches while the
// view wants data and lets go otherwise, and hands the view each node's latest tick, the ticks that arrive
// together in one call. No vscode import, so the panel's and the side view's wiring is unit-tested over the
// real LiveReader: however many views watch, each node is read by one stream.
import type { Section } from '../core/snapshot';
import type { NodeTick, Watch, WatchNeeds } from '../service/liveReader';

/** What a view watches: the service's live reader. */
export interface LiveSource {
  watch(needs: WatchNeeds, listener: (tick: NodeTick) => void): Watch;
  refresh(): void;
}

/** Nodes tick separately: ticks that arrive within this long reach the view as one update. */
export const BATCH_MS = 50;

export class LiveWatch {
  private current: { source: LiveSource; watch: Watch } | undefined;
  private readonly latest = new Map<string, NodeTick>();
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly sections: readonly Section[],
    private readonly onTicks: (latest: ReadonlyMap<string, NodeTick>) => void,
  ) {}

  /** Watches `source` at `intervalMs`, or nothing when `source` is undefined (hidden, paused, no lab). */
  sync(source: LiveSource | undefined, intervalMs: number): void {
    if (this.current && this.current.source !== source) this.stop();
    if (!source) return;
    const needs = { intervalMs, sections: this.sections };
    if (this.current) return this.current.watch.update(needs);
    this.current = { source, watch: source.watch(needs, (tick) => this.onTick(tick)) };
  }

  get watching(): boolean {
    return this.current !== undefined;
  }

  /** Hands the view the latest ticks again (a webview that was just (re)loaded missed them). */
  resend(): void {
    if (this.latest.size > 0) this.onTicks(this.latest);
  }

  /** Reads every node again now. */
  refresh(): void {
    this.current?.source.refresh();
  }

  dispose(): void {
    this.stop();
  }

  private stop(): void {
    this.current?.watch.dispose();
    this.current = undefined;
    this.latest.clear();
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  private onTick(tick: NodeTick): void {
    this.latest.set(tick.node, tick);
    this.timer ??= setTimeout(() => {
      this.timer = undefined;
      this.onTicks(this.latest);
    }, BATCH_MS);
  }
}
