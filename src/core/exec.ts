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
  const results = parseBatch(r.stdout, items.length);
  return results.map((res, i) =>
    res?.exitCode === TIMED_OUT ? { ...res, stderr: `${items[i].argv[0]} did not finish within ${Math.ceil(items[i].timeoutMs / 1000)} s` } : res,
  );
}

/** Called for every command run, for logs; `routine` marks the panel's periodic reads. */
export type CommandLogger = (node: string, argv: string[], result: ExecResult | Error, routine?: boolean) => void;

/** Wraps an executor so every command it runs is logged once, with its result (a batch's one by one). */
export function loggingExecutor(inner: NodeExecutor, log?: CommandLogger): NodeExecutor {
  if (!log) return inner;
  const batch = inner.batch?.bind(inner);
  return {
    batch:
      batch &&
      (async (node, items) => {
        try {
          const results = await batch(node, items);
          results.forEach((r, i) => r && log(node, items[i].argv, r));
          return results;
        } catch (e) {
          log(node, items[0]?.argv ?? [], e instanceof Error ? e : new Error(String(e)));
          throw e;
        }
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
