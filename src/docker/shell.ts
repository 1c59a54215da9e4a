// An interactive shell in a container: a TTY exec through the Docker API.
import type Docker from 'dockerode';

/** Interactive shells get a long but finite life, as every exec has a limit. */
const SHELL_LIMIT = '12h';

export interface ShellSession {
  onData(listener: (text: string) => void): void;
  onEnd(listener: () => void): void;
  write(data: string): void;
  resize(rows: number, columns: number): void;
  close(): void;
}

export async function openShell(docker: Docker, containerId: string): Promise<ShellSession> {
  const exec = await docker.getContainer(containerId).exec({
    Cmd: ['timeout', SHELL_LIMIT, 'bash', '-l'],
    AttachStdin: true,
    AttachStdout: true,
    AttachStderr: true,
    Tty: true,
    Env: ['TERM=xterm-256color'],
  });
  const stream = await exec.start({ hijack: true, stdin: true, Tty: true });
  return {
    onData: (listener) => stream.on('data', (d: Buffer) => listener(d.toString())),
    onEnd: (listener) => stream.on('end', listener),
    write: (data) => stream.write(data),
    resize: (rows, columns) => void exec.resize({ h: rows, w: columns }).catch(() => undefined),
    close: () => stream.end(),
  };
}
