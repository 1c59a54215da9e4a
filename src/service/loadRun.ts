// One load test from the client: its source addresses added, connections held open, the director's table read
// (the prediction's input), curl, the pages read back; then, also when it fails or is stopped, everything the run
// added is removed in one exec. Last, the measured split next to the predicted one.
import * as l10n from '@vscode/l10n';
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { ExecResult, NodeExecutor } from '../core/exec';
import { client, director, type Lab } from '../core/lab';
import { endRunArgv, holdArgv, parseHoldOutput, withPidFile, type HoldReport, type RunFiles } from '../core/loadHold';
import { LIVE_SERVICE_ARGV, liveService, measuredSplit, predictLoad, type LiveService, type LoadPrediction } from '../core/loadPrediction';
import { addSourcesArgv, loadSources, splitBySource, type SourceSplit } from '../core/loadSources';
import { summarizeLoad, type LoadStats } from '../core/loadStats';
import {
  bodiesArgv,
  combine,
  curlArgv,
  LOAD_DEFAULTS,
  parseBodies,
  requestSources,
  sourceOf,
  validateSpec,
  worstCaseSeconds,
  type CurlResult,
  type LoadTestSpec,
} from '../core/loadTest';

export interface LoadOptions {
  requests: number;
  concurrency: number;
  timeoutSeconds?: number;
  /** Source addresses on the client (default 1: its own). */
  clients?: number;
  /** Connections held open to the VIP while the requests run (default 0). */
  hold?: number;
}

export interface LoadTestResult {
  spec: Required<LoadTestSpec>;
  /** The client's addresses the requests came from; request i from sources[(i - 1) mod K]. */
  sources: string[];
  results: (CurlResult & { source: string })[];
  summary: LoadStats;
  bySource: SourceSplit[];
  /** The held connections and the real servers that took them; null without --hold. */
  holds: HoldReport | null;
  prediction: LoadPrediction | null;
  /** Why there is no prediction, when there is none. */
  predictionNote: string | null;
  /** What the run could not undo on the client, if anything. */
  warnings: string[];
}

export interface RunContext {
  execTimeoutMs: number;
  onProgress?: (done: number, total: number) => void;
  /** Stops the run: curl is ended, the holds and the added addresses removed. */
  signal?: AbortSignal;
}

/** What starts a prediction note: a fixed marker (the CLI and the panel show the reason after it), the reason translated. */
const NO_PREDICTION = 'no prediction: ';

const firstLine = (r: ExecResult) => (r.stderr || r.stdout).trim().split('\n')[0] || `exit code ${r.exitCode}`;

export async function runLoadTest(nodes: NodeExecutor, lab: Lab, options: LoadOptions, ctx: RunContext): Promise<LoadTestResult> {
  const spec: Required<LoadTestSpec> = {
    vip: lab.service.vip,
    port: lab.service.port,
    requests: options.requests,
    concurrency: options.concurrency,
    timeoutSeconds: options.timeoutSeconds ?? LOAD_DEFAULTS.timeoutSeconds,
    clients: options.clients ?? LOAD_DEFAULTS.clients,
    hold: options.hold ?? LOAD_DEFAULTS.hold,
  };
  validateSpec(spec);
  const { device, sources, added } = loadSources(lab, spec.clients);
  const node = client(lab).name;
  const id = randomBytes(4).toString('hex');
  const files: RunFiles = { dir: `/tmp/lvslab-load-${id}`, pidFile: `/tmp/lvslab-load-${id}.pid`, flag: `/tmp/lvslab-hold-${id}` };
  const t = ctx.execTimeoutMs;
  let hold: Hold | undefined;
  let result: Omit<LoadTestResult, 'holds' | 'warnings'> | undefined;
  let failure: unknown;
  try {
    ctx.signal?.throwIfAborted();
    if (added.length > 0) {
      const r = await nodes.exec(node, addSourcesArgv(device, added), { timeoutMs: t });
      if (r.exitCode !== 0) throw new Error(l10n.t('could not give the client {0} more source addresses: {1}', added.length, firstLine(r)));
    }
    if (spec.hold > 0) {
      hold = startHold(nodes, node, spec, files, ctx.signal);
      await hold.ready;
    }
    const live = await readLive(nodes, lab, t);
    ctx.signal?.throwIfAborted();
    const curl = await runCurl(nodes, node, spec, files, sources, ctx);
    const bodies = await nodes.exec(node, bodiesArgv(files.dir), { timeoutMs: t });
    const results = combine(curl.stdout, parseBodies(bodies.stdout, files.dir)).map((r) => ({ ...r, source: sourceOf(r.index, sources) }));
    if (results.length !== spec.requests) throw new Error(l10n.t('curl reported {0} of {1} requests: {2}', results.length, spec.requests, firstLine(curl)));
    const summary = summarizeLoad(results);
    const bySource = splitBySource(results, sources);
    let prediction: LoadPrediction | null = null;
    let predictionNote = typeof live === 'string' ? live : null;
    if (typeof live !== 'string') {
      try {
        prediction = predictLoad(live, spec.vip, requestSources(spec.requests, sources), spec.concurrency, measuredSplit(summary, bySource));
      } catch (e) {
        predictionNote = `${NO_PREDICTION}${(e as Error).message}`;
      }
    }
    result = { spec, sources, results, summary, bySource, prediction, predictionNote };
  } catch (e) {
    failure = e;
  }
  const warnings = await endRun(nodes, node, files, failure !== undefined, device, added, t);
  if (hold) await Promise.race([hold.done.catch(() => undefined), sleep(5_000)]);
  if (failure !== undefined || !result) throw failure;
  return { ...result, holds: hold ? hold.report() : null, warnings };
}

/** The director's table for the prediction; a sentence saying why there is none when it cannot be read. */
async function readLive(nodes: NodeExecutor, lab: Lab, timeoutMs: number): Promise<LiveService | string> {
  const d = director(lab).name;
  try {
    const r = await nodes.exec(d, LIVE_SERVICE_ARGV, { timeoutMs });
    if (r.exitCode !== 0) return `${NO_PREDICTION}${l10n.t("{0}'s table could not be read ({1})", d, firstLine(r))}`;
    return liveService(r.stdout, lab);
  } catch (e) {
    return `${NO_PREDICTION}${(e as Error).message}`;
  }
}

function runCurl(nodes: NodeExecutor, node: string, spec: Required<LoadTestSpec>, files: RunFiles, sources: string[], ctx: RunContext): Promise<ExecResult> {
  const rounds = Math.ceil(spec.requests / spec.concurrency);
  let done = 0;
  return nodes.exec(node, withPidFile(files.pidFile, curlArgv(spec, files.dir, sources)), {
    timeoutMs: rounds * (spec.timeoutSeconds + 1) * 1000 + 30_000,
    signal: ctx.signal,
    onStdout: (text) => {
      done += text.split('\n').length - 1;
      ctx.onProgress?.(Math.min(done, spec.requests), spec.requests);
    },
  });
}

interface Hold {
  /** Settles once every connection is open (or one could not be). */
  ready: Promise<HoldReport>;
  /** The hold's exec, ending after the run removes its flag. */
  done: Promise<ExecResult>;
  report(): HoldReport;
}

/** Opens the held connections in their own exec, kept open until the run ends (bounded: at most the test's worst case). */
function startHold(nodes: NodeExecutor, node: string, spec: Required<LoadTestSpec>, files: RunFiles, signal?: AbortSignal): Hold {
  const life = worstCaseSeconds(spec) + 60;
  const target = `${spec.vip}:${spec.port}`;
  let out = '';
  let check = () => {};
  const done = nodes.exec(node, holdArgv(spec.vip, spec.port, spec.hold, life, files.flag), {
    timeoutMs: (life + 30) * 1000,
    onStdout: (text) => {
      out += text;
      check();
    },
  });
  const ready = new Promise<HoldReport>((resolve, reject) => {
    // Each connection opens in milliseconds when the service is up; its first page is awaited at most 10 s.
    const timer = setTimeout(
      () => reject(new Error(l10n.t('the client could not open {0} connections to {1} in time: is the lab up?', spec.hold, target))),
      (15 + spec.hold) * 1000,
    );
    const settle = (fn: () => void) => {
      clearTimeout(timer);
      fn();
    };
    check = () => {
      const r = parseHoldOutput(out);
      if (r.ready) settle(() => resolve(r));
      else if (r.failed !== null)
        settle(() => reject(new Error(l10n.t('the client could not open connection {0} of {1} to {2}: is the lab up?', String(r.failed), spec.hold, target))));
    };
    signal?.addEventListener('abort', () => settle(() => reject(signal.reason as Error)), { once: true });
    done.then(
      (r) => settle(() => reject(new Error(l10n.t('the client stopped holding connections to {0}: {1}', target, firstLine(r))))),
      (e: unknown) => settle(() => reject(e instanceof Error ? e : new Error(String(e)))),
    );
  });
  return { ready, done, report: () => parseHoldOutput(out) };
}

/** Undoes the run on the client; what it could not undo, in words (the details are in the command log). */
async function endRun(
  nodes: NodeExecutor,
  node: string,
  files: RunFiles,
  stopCurl: boolean,
  device: string,
  added: string[],
  timeoutMs: number,
): Promise<string[]> {
  try {
    const r = await nodes.exec(node, endRunArgv(files, stopCurl, device, added), { timeoutMs });
    return r.exitCode === 0 ? [] : [l10n.t("could not remove the client's added addresses ({0}); the next load test takes them over", firstLine(r))];
  } catch (e) {
    return [l10n.t('could not clean up on the client: {0}', (e as Error).message)];
  }
}
