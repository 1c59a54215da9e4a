// What the core needs from a runtime: run an argv on a named node. The Docker
// driver implements it; unit tests use captured output.
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
}

/** Called for every command run, for logs; `routine` marks the panel's periodic reads. */
export type CommandLogger = (node: string, argv: string[], result: ExecResult | Error, routine?: boolean) => void;

/** Wraps an executor so every command it runs is logged once, with its result. */
export function loggingExecutor(inner: NodeExecutor, log?: CommandLogger): NodeExecutor {
  if (!log) return inner;
  return {
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
