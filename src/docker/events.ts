// Container state from Docker's event stream for the project's labelled containers
// (no polling); the stream is re-opened, with a growing delay, when it ends or fails.
import type Docker from 'dockerode';
import { LABEL_LAB } from './labels';

const ACTIONS = /^(create|start|die|stop|kill|pause|unpause|destroy|restart)$/;

export function watchLabContainers(docker: Docker, onChange: () => void, onWarning: (message: string) => void): { dispose(): void } {
  let stream: NodeJS.ReadableStream | undefined;
  let stopped = false;
  let retry: NodeJS.Timeout | undefined;
  let debounce: NodeJS.Timeout | undefined;
  let backoffMs = 1000;
  let failed = false;

  const fire = () => {
    clearTimeout(debounce);
    debounce = setTimeout(onChange, 250);
  };
  const reopenLater = () => {
    retry = setTimeout(() => void open(), backoffMs);
    backoffMs = Math.min(backoffMs * 2, 30_000);
  };

  const open = async () => {
    if (stopped) return;
    try {
      const s = await docker.getEvents({ filters: { type: ['container'], label: [LABEL_LAB] } });
      stream = s;
      backoffMs = 1000;
      // The engine answers again: what was read while it did not is stale.
      if (failed) fire();
      failed = false;
      let buffered = '';
      s.on('data', (chunk: Buffer) => {
        buffered += chunk.toString();
        const lines = buffered.split('\n');
        buffered = lines.pop() ?? '';
        for (const line of lines.filter(Boolean)) {
          try {
            const e = JSON.parse(line) as { Action?: string };
            if (ACTIONS.test(e.Action ?? '')) fire();
          } catch {
            onWarning(`Unreadable Docker event: ${line.slice(0, 200)}`);
          }
        }
      });
      const reopen = () => {
        if (stream !== s || stopped) return;
        stream = undefined;
        failed = true;
        reopenLater();
      };
      s.on('end', reopen);
      s.on('error', reopen);
    } catch (e) {
      onWarning(`Docker events unavailable (${e instanceof Error ? e.message : String(e)}); retrying`);
      if (!failed) fire();
      failed = true;
      reopenLater();
    }
  };

  void open();
  return {
    dispose() {
      stopped = true;
      clearTimeout(retry);
      clearTimeout(debounce);
      (stream as { destroy?: () => void } | undefined)?.destroy?.();
    },
  };
}
