// The live reader: one long-lived exec per node streams a snapshot every interval,
// parsed as it arrives, shared by everyone watching (the panel, the side view, `watch`).
// It reads only while someone watches, only the sections they need (the director's
// connection table always), and starts again when a stream breaks.
import * as l10n from '@vscode/l10n';
import type { NodeExecutor } from '../core/exec';
import type { Lab, LabNode } from '../core/lab';
import { randomUUID } from 'node:crypto';
import { sectionsFor, SnapshotStream, stopWatchArgv, watchArgv, type NodeSnapshot, type Section } from '../core/snapshot';

export interface WatchNeeds {
  intervalMs: number;
  sections: readonly Section[];
}

export interface NodeTick {
  node: string;
  /** When the snapshot arrived here. */
  readAt: Date;
  /** How long the node took to run the round's commands. */
  durationMs: number;
  snapshot?: NodeSnapshot;
  /** Why the node cannot be read now (not running, the stream broke…); the reader keeps trying. */
  error?: string;
}

export interface Watch {
  update(needs: WatchNeeds): void;
  dispose(): void;
}

/** A stream lives an hour at most (every exec has a limit), then the next one starts. */
const STREAM_LIMIT_S = 3600;
const RETRY_MS = [1000, 2000, 5000, 10_000];

interface Subscriber {
  needs: WatchNeeds;
  listener: (tick: NodeTick) => void;
}

export class LiveReader {
  private readonly subscribers = new Set<Subscriber>();
  private readonly readers = new Map<string, NodeReader>();
  /** Each node's last tick, handed to a new watcher at once instead of an interval later. */
  private readonly latest = new Map<string, NodeTick>();

  constructor(
    private readonly lab: Lab,
    private readonly nodes: NodeExecutor,
  ) {}

  watch(needs: WatchNeeds, listener: (tick: NodeTick) => void): Watch {
    const sub: Subscriber = { needs, listener };
    this.subscribers.add(sub);
    for (const tick of this.latest.values()) listener(tick);
    this.reconcile();
    return {
      update: (n) => {
        sub.needs = n;
        this.reconcile();
      },
      dispose: () => {
        this.subscribers.delete(sub);
        this.reconcile();
      },
    };
  }

  /** Reads every node again now, without waiting for the interval. */
  refresh(): void {
    for (const r of this.readers.values()) r.restart();
  }

  dispose(): void {
    this.subscribers.clear();
    this.reconcile();
  }

  /** Starts, restarts or stops each node's stream to serve the union of what is watched. */
  private reconcile(): void {
    const subs = [...this.subscribers];
    const intervalMs = Math.min(...subs.map((s) => s.needs.intervalMs));
    const wanted = new Set<Section>(subs.length ? ['conns', ...subs.flatMap((s) => s.needs.sections)] : []);
    for (const node of this.lab.nodes) {
      const sections = sectionsFor(node.role, [...wanted]);
      const key = `${sections.join(',')}@${intervalMs}`;
      const current = this.readers.get(node.name);
      if (current?.key === key) continue;
      current?.stop();
      this.readers.delete(node.name);
      this.latest.delete(node.name);
      if (sections.length) this.readers.set(node.name, new NodeReader(node, key, sections, intervalMs, this.nodes, (t) => this.emit(t)));
    }
  }

  private emit(tick: NodeTick): void {
    this.latest.set(tick.node, tick);
    for (const s of this.subscribers) s.listener(tick);
  }
}

class NodeReader {
  private abort = new AbortController();
  private stopped = false;
  /** The running stream's name in the node (its shell's $0). */
  private name: string | undefined;

  constructor(
    private readonly node: LabNode,
    readonly key: string,
    private readonly sections: Section[],
    private readonly intervalMs: number,
    private readonly nodes: NodeExecutor,
    private readonly emit: (tick: NodeTick) => void,
  ) {
    void this.loop();
  }

  stop(): void {
    this.stopped = true;
    this.letGo();
  }

  restart(): void {
    this.letGo();
  }

  /** Ends the current stream here and in the node (by its name), which Docker would not. */
  private letGo(): void {
    this.abort.abort();
    if (this.name) void this.nodes.exec(this.node.name, stopWatchArgv(this.name), { timeoutMs: 10_000, routine: true }).catch(() => undefined);
  }

  private async loop(): Promise<void> {
    for (let failures = 0; !this.stopped;) {
      this.abort = new AbortController();
      this.name = `lvslab-watch-${randomUUID()}`;
      const stream = new SnapshotStream();
      let ticks = 0;
      let error: unknown;
      try {
        await this.nodes.exec(this.node.name, watchArgv(this.sections, this.intervalMs, STREAM_LIMIT_S, this.name), {
          timeoutMs: (STREAM_LIMIT_S + 30) * 1000,
          routine: true,
          signal: this.abort.signal,
          onStdout: (chunk) => {
            for (const t of stream.push(chunk)) {
              ticks++;
              this.emit({ node: this.node.name, readAt: new Date(), durationMs: t.durationMs, snapshot: t.snapshot });
            }
          },
        });
      } catch (e) {
        error = e;
      }
      if (this.stopped) return;
      const aborted = error instanceof Error && error.name === 'AbortError';
      // A stream that delivered (or was restarted on purpose) starts again at once; one that
      // delivered nothing waits longer each time, and says why.
      failures = ticks > 0 || aborted ? 0 : failures + 1;
      if (failures > 0) {
        const why = error instanceof Error ? error.message : l10n.t('the stream ended before its first snapshot');
        this.emit({ node: this.node.name, readAt: new Date(), durationMs: 0, error: why });
      }
      if (failures > 0) await new Promise((r) => setTimeout(r, RETRY_MS[Math.min(failures, RETRY_MS.length) - 1]));
    }
  }
}
