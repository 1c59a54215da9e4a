// One shell in a container for several batches, where the next batch depends on the results
// of the last, as a node's checks and then its commands do. Scripts go to the shell's stdin;
// each batch's results are read from its framed output (core/batch.ts) as they arrive.
// The shell is the node's own first process where the container was made so (attached: ~10 ms
// a round trip on the lab host), else one exec (~0.4 s to create and start under emulation).
import * as l10n from '@vscode/l10n';
import { randomInt } from 'node:crypto';
import { PassThrough } from 'node:stream';
import { quote } from 'shlex';
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

/** The node's container runs this as its first process: a shell reading batches from stdin (see attachSession). */
export const STDIN_SHELL = ['sh', '-s'];

/** A shell of its own, in one exec; it ends when the session closes. */
export async function openSession(docker: Docker, container: Docker.Container): Promise<NodeSession> {
  const exec = await container.exec({
    Cmd: ['timeout', '-k', '2', `${SESSION_LIMIT_S}s`, 'sh', '-s'],
    AttachStdin: true,
    AttachStdout: true,
    AttachStderr: true,
    Tty: false,
  });
  const stream = await exec.start({ hijack: true, stdin: true });
  return streamSession(
    docker,
    stream,
    (script) => script,
    () => stream.end('exit\n'),
  );
}

/**
 * The container's first process (STDIN_SHELL), attached: no exec at all. Each batch runs in
 * a child shell, so a script that fails to parse never ends the node; closing only detaches.
 * One client at a time: the lab's lock holds every operation that runs steps or undoes them.
 */
export async function attachSession(docker: Docker, container: Docker.Container): Promise<NodeSession> {
  const stream = await container.attach({ stream: true, stdin: true, stdout: true, stderr: true, hijack: true });
  return streamSession(
    docker,
    stream,
    (script) => `sh -c ${quote(script)}\n`,
    () => stream.end(),
  );
}

function streamSession(docker: Docker, stream: NodeJS.ReadWriteStream, wrap: (script: string) => string, finish: () => void): NodeSession {
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

  // Tags start anywhere: a batch an earlier client gave up on never passes for one of this session's.
  let tag = randomInt(1_000_000);
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
            (stream as { destroy?: () => void }).destroy?.();
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
        stream.write(wrap(batchScript(items, mine)));
        waiting.check();
      });
    },
    close() {
      if (!ended) finish();
    },
  };
}
