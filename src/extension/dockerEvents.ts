// Container state follows Docker's event stream for the project's labelled
// containers (no polling); the stream is re-opened if it ends.
import type Docker from 'dockerode';
import * as vscode from 'vscode';
import { LABEL_LAB } from '../docker/labels';

export function watchContainers(getDocker: () => Docker, onChange: () => void, log: vscode.LogOutputChannel): vscode.Disposable {
  let stream: NodeJS.ReadableStream | undefined;
  let stopped = false;
  let retry: NodeJS.Timeout | undefined;
  let debounce: NodeJS.Timeout | undefined;
  let backoffMs = 1000;

  const fire = () => {
    clearTimeout(debounce);
    debounce = setTimeout(onChange, 250);
  };

  const open = async () => {
    if (stopped) return;
    try {
      const s = (await getDocker().getEvents({ filters: { type: ['container'], label: [LABEL_LAB] } })) as NodeJS.ReadableStream;
      stream = s;
      backoffMs = 1000;
      let buffered = '';
      s.on('data', (chunk: Buffer) => {
        buffered += chunk.toString();
        const lines = buffered.split('\n');
        buffered = lines.pop() ?? '';
        for (const line of lines.filter(Boolean)) {
          try {
            const e = JSON.parse(line) as { Action?: string; Actor?: { Attributes?: Record<string, string> } };
            if (/^(create|start|die|stop|kill|pause|unpause|destroy|restart)$/.test(e.Action ?? '')) fire();
          } catch {
            log.warn(`Unreadable Docker event: ${line.slice(0, 200)}`);
          }
        }
      });
      const reopen = () => {
        if (stream !== s || stopped) return;
        stream = undefined;
        retry = setTimeout(() => void open(), backoffMs);
      };
      s.on('end', reopen);
      s.on('error', reopen);
    } catch (e) {
      log.warn(`Docker events unavailable (${e instanceof Error ? e.message : e}); retrying`);
      retry = setTimeout(() => void open(), backoffMs);
      backoffMs = Math.min(backoffMs * 2, 30_000);
    }
  };

  void open();
  return new vscode.Disposable(() => {
    stopped = true;
    clearTimeout(retry);
    clearTimeout(debounce);
    (stream as unknown as { destroy?: () => void } | undefined)?.destroy?.();
  });
}

/** Restart the watch when the Docker connection changes. */
export function restartable(start: () => vscode.Disposable): { restart(): void } & vscode.Disposable {
  let current = start();
  return {
    restart() {
      current.dispose();
      current = start();
    },
    dispose() {
      current.dispose();
    },
  };
}
