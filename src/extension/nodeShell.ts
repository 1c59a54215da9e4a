// A VS Code terminal inside a node: an interactive TTY exec through dockerode.
import type Docker from 'dockerode';
import * as vscode from 'vscode';

/** Interactive shells get a long but finite life, as every exec has a limit. */
const SHELL_LIMIT = '12h';

export function openNodeShell(docker: Docker, containerId: string, node: string): vscode.Terminal {
  const write = new vscode.EventEmitter<string>();
  const close = new vscode.EventEmitter<number | void>();
  let stream: NodeJS.ReadWriteStream | undefined;
  let exec: Docker.Exec | undefined;
  let size: vscode.TerminalDimensions | undefined;

  const resize = () => {
    if (exec && size) void exec.resize({ h: size.rows, w: size.columns }).catch(() => undefined);
  };

  const pty: vscode.Pseudoterminal = {
    onDidWrite: write.event,
    onDidClose: close.event,
    async open(dimensions) {
      size = dimensions;
      try {
        const container = docker.getContainer(containerId);
        exec = await container.exec({
          Cmd: ['timeout', SHELL_LIMIT, 'bash', '-l'],
          AttachStdin: true,
          AttachStdout: true,
          AttachStderr: true,
          Tty: true,
          Env: ['TERM=xterm-256color'],
        });
        stream = (await exec.start({ hijack: true, stdin: true, Tty: true })) as unknown as NodeJS.ReadWriteStream;
        stream.on('data', (d: Buffer) => write.fire(d.toString()));
        stream.on('end', () => close.fire(0));
        resize();
      } catch (e) {
        write.fire(`\r\nCould not open a shell in ${node}: ${e instanceof Error ? e.message : e}\r\n`);
        close.fire(1);
      }
    },
    close() {
      stream?.end();
    },
    handleInput(data) {
      stream?.write(data);
    },
    setDimensions(dimensions) {
      size = dimensions;
      resize();
    },
  };
  const terminal = vscode.window.createTerminal({ name: `LVS ${node}`, pty, iconPath: new vscode.ThemeIcon('vm') });
  terminal.show();
  return terminal;
}
