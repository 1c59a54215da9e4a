// One lifecycle operation at a time per lab on an engine, across processes (two
// terminals, a terminal and VS Code): a lock file per engine and lab identity, with
// what holds it beside it. A holder that died leaves a stale lock that the next one takes.
import * as l10n from '@vscode/l10n';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import lockfile from 'proper-lockfile';
import { clockTime } from '../core/time';

/** Lifecycle operations, as the busy message names them. */
export type Operation = 'start' | 'step' | 'steps' | 'reset' | 'destroy' | 'load test' | 'change' | 'trace' | 'experiment' | 'drill' | 'check';

export interface Holder {
  operation: Operation;
  since: string;
  pid: number;
}

export class BusyError extends Error {
  readonly code = 'EBUSY';
  constructor(
    lab: string,
    readonly holder: Holder | undefined,
  ) {
    super(
      holder
        ? holder.pid === process.pid
          ? l10n.t('{0} is busy: {1} since {2}; wait for it to finish, or run again with --wait', lab, holder.operation, clockTime(holder.since))
          : l10n.t(
              '{0} is busy: {1} since {2} (process {3}); wait for it to finish, or run again with --wait',
              lab,
              holder.operation,
              clockTime(holder.since),
              holder.pid,
            )
        : l10n.t('{0} is busy with another operation; wait for it to finish, or run again with --wait', lab),
    );
    this.name = 'BusyError';
  }
}

/**
 * Per user, and not from TMPDIR or HOME: VS Code and a terminal may see different ones
 * (code-server under test does), and both must find the same lock.
 */
function defaultLockDir(): string {
  return process.platform === 'win32' ? join(tmpdir(), 'lvslab-locks') : `/tmp/lvslab-locks-${process.getuid?.() ?? 0}`;
}

/** Half an hour: the longest a waiting operation waits for another to finish. */
const WAIT_LIMIT_MS = 30 * 60_000;

export class LabLock {
  private readonly file: string;

  constructor(
    private readonly lab: string,
    engine: string,
    identity: string,
    dir = defaultLockDir(),
  ) {
    mkdirSync(dir, { recursive: true });
    this.file = join(dir, `${createHash('sha256').update(`${engine}\0${identity}`).digest('hex').slice(0, 20)}`);
    writeFileSync(this.file, '', { flag: 'a' });
  }

  /** Runs `fn` holding the lab's lock; busy now is a BusyError unless `wait`. */
  async run<T>(operation: Operation, fn: () => Promise<T>, wait = false): Promise<T> {
    const release = await this.acquire(wait);
    writeFileSync(`${this.file}.json`, JSON.stringify({ operation, since: new Date().toISOString(), pid: process.pid } satisfies Holder));
    try {
      return await fn();
    } finally {
      rmSync(`${this.file}.json`, { force: true });
      await release().catch(() => undefined);
    }
  }

  /** What holds the lock now, if anything. */
  async holder(): Promise<Holder | undefined> {
    if (!(await lockfile.check(this.file))) return undefined;
    try {
      return JSON.parse(readFileSync(`${this.file}.json`, 'utf8')) as Holder;
    } catch {
      return undefined;
    }
  }

  private async acquire(wait: boolean): Promise<() => Promise<void>> {
    const retries = wait ? { retries: WAIT_LIMIT_MS / 1000, factor: 1, minTimeout: 1000, maxTimeout: 1000 } : 0;
    try {
      // A compromised lock (its file touched by hand) is logged by the next holder, not fatal here.
      return await lockfile.lock(this.file, { retries, stale: 15_000, update: 5_000, onCompromised: () => undefined });
    } catch (e) {
      if ((e as { code?: string }).code === 'ELOCKED') throw new BusyError(this.lab, await this.holder());
      throw e;
    }
  }
}
