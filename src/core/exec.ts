// What the core needs from a runtime: run an argv on a named node. The Docker
// driver implements it; unit tests use captured output.
import { batchArgv, batchTimeoutMs, parseBatch, TIMED_OUT, type BatchItem } from './batch';
export interface ExecResult {
  stdout: string;
  stderr: string;
  exitCode: number;
}

export interface ExecOptions {
  /** Hard limit; the driver enforces it inside the container and on the client side. */
  timeoutMs?: number;
  /** Called with stdout as it arrives (for progress on long work). */
  onStdout?: (chunk: string) => void;
  /** A periodic read (the live panel's): logged at trace level. */
  routine?: boolean;
  /** Ends the command early (a reader nobody listens to any more): the exec rejects with an AbortError. */
  signal?: AbortSignal;
}

export interface NodeExecutor {
  exec(node: string, argv: string[], options?: ExecOptions): Promise<ExecResult>;
  /** Several commands in one round trip (see batch.ts); each result, undefined where it did not run. */
  batch?(node: string, items: readonly BatchItem[]): Promise<(ExecResult | undefined)[]>;
  /** One shell on the node for several batches sent one after another: one exec for them all. */
  session?(node: string): Promise<NodeSession>;
}

/** Batches run one after another in one shell on a node (see `inSession`). */
export interface NodeSession {
  batch(items: readonly BatchItem[]): Promise<(ExecResult | undefined)[]>;
  /** Ends the shell; a batch still running is stopped. */
  close(): void;
}

export type Batch = (items: readonly BatchItem[]) => Promise<(ExecResult | undefined)[]>;

/**
 * Runs `fn` with batches that share one exec on the node where the executor offers
 * sessions (a round trip where the next batch depends on the last one's results), else
 * each batch in its own.
 */
export async function inSession<T>(executor: NodeExecutor, node: string, fn: (batch: Batch) => Promise<T>): Promise<T> {
  if (!executor.session) return fn((items) => execBatch(executor, node, items));
  let session: NodeSession;
  try {
    session = await executor.session(node);
  } catch (e) {
    // As a batch that failed: the caller already says what a failed batch means.
    const error = e instanceof Error ? e : new Error(String(e));
    return fn(() => Promise.reject(error));
  }
  try {
    return await fn((items) => session.batch(items));
  } finally {
    session.close();
  }
}

/** Runs a batch in one exec where the executor can, else one command after another. */
export async function execBatch(executor: NodeExecutor, node: string, items: readonly BatchItem[]): Promise<(ExecResult | undefined)[]> {
  if (executor.batch) return executor.batch(node, items);
  const results: (ExecResult | undefined)[] = [];
  let stopped = false;
  for (const item of items) {
    if (item.stopOnFailure && stopped) {
      results.push(undefined);
      continue;
    }
    const r = await executor.exec(node, item.argv, { timeoutMs: item.timeoutMs });
    if (item.stopOnFailure && r.exitCode !== 0) stopped = true;
    results.push(r);
  }
  return results;
}

/** A batch as one `sh -c` exec through `exec`: what a real runtime offers as its `batch`. */
export async function scriptBatch(executor: NodeExecutor, node: string, items: readonly BatchItem[]): Promise<(ExecResult | undefined)[]> {
  const r = await executor.exec(node, batchArgv(items), { timeoutMs: batchTimeoutMs(items) });
  return explainTimeouts(items, parseBatch(r.stdout, items.length));
}

/** An item that `timeout` stopped says so in its stderr. */
export function explainTimeouts(items: readonly BatchItem[], results: (ExecResult | undefined)[]): (ExecResult | undefined)[] {
  return results.map((res, i) =>
    res?.exitCode === TIMED_OUT ? { ...res, stderr: `${items[i].argv[0]} did not finish within ${Math.ceil(items[i].timeoutMs / 1000)} s` } : res,
  );
}

/** Called for every command run, for logs; `routine` marks the panel's periodic reads. */
export type CommandLogger = (node: string, argv: string[], result: ExecResult | Error, routine?: boolean) => void;

/** Wraps an executor so every command it runs is logged once, with its result (a batch's one by one). */
export function loggingExecutor(inner: NodeExecutor, log?: CommandLogger): NodeExecutor {
  if (!log) return inner;
  const logged =
    (node: string, batch: Batch): Batch =>
    async (items) => {
      try {
        const results = await batch(items);
        results.forEach((r, i) => r && log(node, items[i].argv, r));
        return results;
      } catch (e) {
        log(node, items[0]?.argv ?? [], e instanceof Error ? e : new Error(String(e)));
        throw e;
      }
    };
  const batch = inner.batch?.bind(inner);
  const session = inner.session?.bind(inner);
  return {
    batch: batch && ((node, items) => logged(node, (i) => batch(node, i))(items)),
    session:
      session &&
      (async (node) => {
        const s = await session(node);
        return { batch: logged(node, (i) => s.batch(i)), close: () => s.close() };
      }),
    async exec(node, argv, options) {
      try {
        const result = await inner.exec(node, argv, options);
        log(node, argv, result, options?.routine);
        return result;
      } catch (e) {
        log(node, argv, e instanceof Error ? e : new Error(String(e)), options?.routine);
        throw e;
      }
    },
  };
}
