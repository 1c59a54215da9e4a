// Every Docker API call is bounded: the engine must answer (connect and response
// headers; a stream's life is its reader's business) within a time, or the call
// fails naming itself, the engine and the wait. Answers that are not Docker's JSON
// fail as clearly. Installed once per client, on docker-modem's one dial function.
import * as l10n from '@vscode/l10n';
import type Docker from 'dockerode';

export interface ApiTimeouts {
  /** GET/HEAD: lists, inspects, version, ping. */
  readMs: number;
  /** Everything that changes something: create, start, remove, connect, build. */
  writeMs: number;
}

/** Under emulation dockerd starts one container at a time, several seconds each. */
export const DEFAULT_API_TIMEOUTS: ApiTimeouts = { readMs: 15_000, writeMs: 120_000 };

export class DockerTimeoutError extends Error {
  readonly code = 'ETIMEDOUT';
  constructor(call: string, host: string, ms: number) {
    super(l10n.t('Docker at {0} did not answer {1} within {2} s', host, call, +(ms / 1000).toFixed(1)));
    this.name = 'DockerTimeoutError';
  }
}

export class DockerProtocolError extends Error {
  readonly code = 'EPROTO';
  constructor(call: string, host: string, answer: string) {
    super(l10n.t("{0} answered {1} with something that is not Docker's API ({2})", host, call, JSON.stringify(answer.slice(0, 60))));
    this.name = 'DockerProtocolError';
  }
}

interface DialOptions {
  method: string;
  path: string;
  abortSignal?: AbortSignal;
}
type Dial = (options: DialOptions, callback: (err: unknown, data?: unknown) => void) => void;

/** The GET calls whose answer is not JSON; Docker answers every other one in JSON. */
const NOT_JSON = /\/(?:_ping|logs|archive|export|get)$/;

export function boundCalls(docker: Docker, host: string, timeouts: ApiTimeouts = DEFAULT_API_TIMEOUTS): Docker {
  const modem = docker.modem as unknown as { dial: Dial };
  const dial = modem.dial.bind(modem);
  modem.dial = (options, callback) => {
    const path = options.path.split('?')[0];
    const call = `${options.method} ${path}`;
    const ms = /^(GET|HEAD)$/.test(options.method) ? timeouts.readMs : timeouts.writeMs;
    const abort = new AbortController();
    options.abortSignal?.addEventListener('abort', () => abort.abort(options.abortSignal?.reason));
    let settled = false;
    const settle = (err: unknown, data?: unknown) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      callback(err, data);
    };
    const timer = setTimeout(() => {
      settle(new DockerTimeoutError(call, host, ms));
      abort.abort();
    }, ms);
    dial({ ...options, abortSignal: abort.signal }, (err, data) => {
      const raw = typeof data === 'string' ? data : Buffer.isBuffer(data) ? data.toString() : undefined;
      if (!err && raw !== undefined && options.method === 'GET' && !NOT_JSON.test(path)) settle(new DockerProtocolError(call, host, raw));
      else settle(err, data);
    });
  };
  return docker;
}
