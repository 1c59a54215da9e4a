// One shell in a container for several batches: one exec (its create, start and inspect
// cost ~0.6 s under emulation) where the next batch depends on the results of the last,
// as a node's checks and then its commands do. Scripts go to the shell's stdin; each
// batch's results are read from its framed output (core/batch.ts) as they arrive.
import * as l10n from '@vscode/l10n';
import { PassThrough } from 'node:stream';
import type Docker from 'dockerode';
import { batchScript, batchTimeoutMs, readBatch, type BatchItem } from '../core/batch';
import { explainTimeouts, type ExecResult, type NodeSession } from '../core/exec';
import { ExecTimeoutError } from './exec';

/** The shell's own limit: every exec has one; a session lives as long as one `up` of a node. */
const SESSION_LIMIT_S = 600;

interface Waiting {
  check(): void;
  fail(e: Error): void;
}

export async function openSession(docker: Docker, container: Docker.Container): Promise<NodeSession> {
  const exec = await container.exec({
    Cmd: ['timeout', '-k', '2', `${SESSION_LIMIT_S}s`, 'sh', '-s'],
    AttachStdin: true,
    AttachStdout: true,
    AttachStderr: true,
    Tty: false,
  });
  const stream = await exec.start({ hijack: true, stdin: true });
  let out = Buffer.alloc(0);
  let err = '';
  let ended: Error | undefined;
  let waiting: Waiting | undefined;
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  stdout.on('data', (chunk: Buffer) => {
    out = Buffer.concat([out, chunk]);
    waiting?.check();
  });
  stderr.on('data', (chunk: Buffer) => (err += chunk.toString('utf8')));
  docker.modem.demuxStream(stream, stdout, stderr);
  const end = (e?: Error) => {
    ended ??= e ?? new Error(l10n.t('the shell on the node ended: {0}', err.trim() || l10n.t('no output')));
    waiting?.fail(ended);
  };
  stream.once('end', () => end());
  stream.once('close', () => end());
  stream.once('error', (e: Error) => end(e));

  let tag = 0;
  let busy = false;
  return {
    batch(items: readonly BatchItem[]): Promise<(ExecResult | undefined)[]> {
      if (busy) return Promise.reject(new Error('one batch at a time in a session'));
      if (ended) return Promise.reject(ended);
      busy = true;
      const mine = ++tag;
      return new Promise<(ExecResult | undefined)[]>((resolve, reject) => {
        const timer = setTimeout(
          () => {
            done();
            stream.destroy();
            reject(new ExecTimeoutError(items[0]?.argv ?? ['sh'], batchTimeoutMs(items)));
          },
          batchTimeoutMs(items) + 5_000,
        );
        const done = () => {
          clearTimeout(timer);
          waiting = undefined;
          busy = false;
        };
        waiting = {
          check() {
            try {
              const read = readBatch(out, 0, items.length, mine);
              if (!read) return;
              out = out.subarray(read.end);
              done();
              resolve(explainTimeouts(items, read.results));
            } catch (e) {
              done();
              reject(e instanceof Error ? e : new Error(String(e)));
            }
          },
          fail(e) {
            done();
            reject(e);
          },
        };
        stream.write(batchScript(items, mine));
        waiting.check();
      });
    },
    close() {
      if (ended) return;
      // `exit` ends the shell even where the engine does not pass on the end of stdin.
      stream.end('exit\n');
    },
  };
}
