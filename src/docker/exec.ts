// One command in a container: argv only (no shell), stdout/stderr demultiplexed,
// exit code from the exec's inspect, and a timeout on every call.
import { PassThrough } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import type Docker from 'dockerode';
import type { ExecOptions, ExecResult } from '../core/exec';

export const DEFAULT_EXEC_TIMEOUT_MS = 30_000;
/** Exit code of coreutils `timeout` when it had to stop the command. */
const TIMED_OUT = 124;

export class ExecTimeoutError extends Error {
  constructor(argv: string[], ms: number) {
    super(`${argv[0]} did not finish within ${Math.round(ms / 1000)} s`);
    this.name = 'ExecTimeoutError';
  }
}

export async function execIn(docker: Docker, container: Docker.Container, argv: string[], options: ExecOptions = {}): Promise<ExecResult> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_EXEC_TIMEOUT_MS;
  // `timeout` stops the process inside the container; the client-side timer below
  // is the backstop if the engine itself stops answering.
  const cmd = ['timeout', '-k', '2', `${Math.max(1, Math.ceil(timeoutMs / 1000))}s`, ...argv];
  const exec = await container.exec({ Cmd: cmd, AttachStdout: true, AttachStderr: true, AttachStdin: false, Tty: false });
  const stream = await exec.start({ hijack: true, stdin: false });

  const stdout = collector(options.onStdout);
  const stderr = collector();
  docker.modem.demuxStream(stream, stdout.sink, stderr.sink);

  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      stream.destroy();
      reject(new ExecTimeoutError(argv, timeoutMs));
    }, timeoutMs + 5_000);
    const finish = (err?: Error) => {
      clearTimeout(timer);
      if (err) reject(err);
      else resolve();
    };
    stream.once('end', () => finish());
    stream.once('close', () => finish());
    stream.once('error', finish);
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
