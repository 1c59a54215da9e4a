// One command in a container: argv only (no shell), stdout/stderr demultiplexed,
// exit code from the exec's inspect, and a timeout on every call.
import * as l10n from '@vscode/l10n';
import { PassThrough } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import type Docker from 'dockerode';
import { TIMED_OUT } from '../core/batch';
import type { ExecOptions, ExecResult } from '../core/exec';

export const DEFAULT_EXEC_TIMEOUT_MS = 30_000;

export class ExecTimeoutError extends Error {
  constructor(argv: string[], ms: number) {
    super(l10n.t('{0} did not finish within {1} s', argv[0], Math.round(ms / 1000)));
    this.name = 'ExecTimeoutError';
  }
}

/** Runs argv in the container; the whole exec (create, start, output, inspect) ends within the timeout and a grace. */
export async function execIn(docker: Docker, container: Docker.Container, argv: string[], options: ExecOptions = {}): Promise<ExecResult> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_EXEC_TIMEOUT_MS;
  let stream: NodeJS.ReadWriteStream | undefined;
  let timer: NodeJS.Timeout | undefined;
  // `timeout` stops the process inside the container; this client-side deadline
  // is the backstop if the engine itself stops answering at any point.
  const stop = () => (stream as { destroy?: () => void } | undefined)?.destroy?.();
  let onAbort: (() => void) | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      stop();
      reject(new ExecTimeoutError(argv, timeoutMs));
    }, timeoutMs + 5_000);
    onAbort = () => {
      stop();
      reject(new DOMException(l10n.t('{0} was stopped', argv[0]), 'AbortError'));
    };
    if (options.signal?.aborted) onAbort();
    else options.signal?.addEventListener('abort', onAbort, { once: true });
  });
  try {
    return await Promise.race([deadline, run(docker, container, argv, timeoutMs, options.onStdout, (s) => (stream = s))]);
  } finally {
    clearTimeout(timer);
    if (onAbort) options.signal?.removeEventListener('abort', onAbort);
  }
}

async function run(
  docker: Docker,
  container: Docker.Container,
  argv: string[],
  timeoutMs: number,
  onStdout: ((text: string) => void) | undefined,
  attached: (stream: NodeJS.ReadWriteStream) => void,
): Promise<ExecResult> {
  const cmd = ['timeout', '-k', '2', `${Math.max(1, Math.ceil(timeoutMs / 1000))}s`, ...argv];
  const exec = await container.exec({ Cmd: cmd, AttachStdout: true, AttachStderr: true, AttachStdin: false, Tty: false });
  const stream = await exec.start({ hijack: true, stdin: false });
  attached(stream);

  const stdout = collector(onStdout);
  const stderr = collector();
  docker.modem.demuxStream(stream, stdout.sink, stderr.sink);
  await new Promise<void>((resolve, reject) => {
    stream.once('end', resolve);
    stream.once('close', resolve);
    stream.once('error', reject);
  });

  // The stream can end a moment before the engine records the exit code.
  let info = await exec.inspect();
  for (let i = 0; info.Running && i < 50; i++) {
    await new Promise((r) => setTimeout(r, 20));
    info = await exec.inspect();
  }
  if (info.ExitCode === TIMED_OUT) throw new ExecTimeoutError(argv, timeoutMs);
  return { stdout: stdout.text(), stderr: stderr.text(), exitCode: info.ExitCode ?? -1 };
}

function collector(onText?: (text: string) => void) {
  const sink = new PassThrough();
  const decoder = new StringDecoder('utf8');
  let text = '';
  sink.on('data', (chunk: Buffer) => {
    const part = decoder.write(chunk);
    text += part;
    if (part) onText?.(part);
  });
  return { sink, text: () => text + decoder.end() };
}
