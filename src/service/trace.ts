// A packet trace of one request: tcpdump on every node's interfaces (one exec per node, all at once), one
// curl from the client once all listen, then the captures stopped and read. The captures end by
// themselves after CAPTURE_LIMIT_S whatever happens here; they are also stopped when the run fails.
import * as l10n from '@vscode/l10n';
import { randomBytes } from 'node:crypto';
import type { ExecResult, NodeExecutor } from '../core/exec';
import { client, type Lab } from '../core/lab';
import {
  buildTrace,
  captureArgv,
  capturePlans,
  captureReady,
  parseCapture,
  parseRequest,
  requestArgv,
  stopArgv,
  type CapturePlan,
  type RequestResult,
  type Trace,
} from '../core/trace';

export interface TraceResult {
  trace: Trace;
  request: RequestResult;
  /** Each node's capture output, unchanged: the parser's input (test/fixtures/trace-* are these). */
  raw: Record<string, string>;
  /** The client's curl output, unchanged. */
  requestOutput: string;
}

/** The longest a capture runs; a lab answers a request in well under a second, 2–3 s under emulation. */
const CAPTURE_LIMIT_S = 60;
const READY_WAIT_MS = 20_000;
const REQUEST_TIMEOUT_S = 10;
/** After curl ends: the last ACK and FIN still on their way through the bridge. */
const STOP_GRACE_S = 0.5;

const firstLine = (r: ExecResult) => (r.stderr || r.stdout).trim().split('\n')[0] || `exit code ${r.exitCode}`;

export async function runTrace(nodes: NodeExecutor, lab: Lab, execTimeoutMs: number): Promise<TraceResult> {
  const id = randomBytes(4).toString('hex');
  const captures = capturePlans(lab).map((plan) => startCapture(nodes, plan, id));
  const stopAll = () =>
    Promise.all(captures.map((c) => nodes.exec(c.plan.node, stopArgv(id, STOP_GRACE_S), { timeoutMs: execTimeoutMs }).catch(() => undefined)));
  let curl: ExecResult;
  try {
    await Promise.all(captures.map((c) => c.ready));
    curl = await nodes.exec(client(lab).name, requestArgv(lab.service.vip, lab.service.port, REQUEST_TIMEOUT_S), { timeoutMs: (REQUEST_TIMEOUT_S + 5) * 1000 });
  } catch (e) {
    await stopAll();
    const said = await Promise.all(
      captures.map((c) =>
        c.done.then(
          (r) => tcpdumpSaid(r.stdout),
          () => '',
        ),
      ),
    );
    const why = said.find((s) => s);
    throw why ? new Error(`${(e as Error).message}: ${why}`, { cause: e }) : e;
  }
  await stopAll();
  const outputs = await Promise.all(captures.map((c) => c.done));
  const raw = Object.fromEntries(captures.map((c, i) => [c.plan.node, outputs[i].stdout]));
  const request = parseRequest(curl.stdout);
  if (!request) throw new Error(l10n.t("the client's request to {0} could not run ({1})", `${lab.service.vip}:${lab.service.port}`, firstLine(curl)));
  // A request with no answer is traced too (the SYN forwarded to a broken real server, nothing back): that is the lesson.
  // curl reports no source port when it never connected: the trace then follows the client's first SYN.
  const trace = buildTrace(lab, raw, request.localPort || undefined);
  if (request.status === 0 && trace.packets.length === 0) {
    throw new Error(
      l10n.t(
        "the client's request to {0} got no answer ({1}) and none of its packets was captured: is the lab up and every step done?",
        `${lab.service.vip}:${lab.service.port}`,
        firstLine(curl),
      ),
    );
  }
  return { trace, request, raw, requestOutput: curl.stdout };
}

/** tcpdump's own complaint in a capture's output (an interface missing, a filter refused), if any. */
function tcpdumpSaid(stdout: string): string {
  const lines = Object.values(parseCapture(stdout).stderr).flatMap((s) => s.split('\n'));
  return lines.find((l) => /^tcpdump: (?!verbose output|listening)/.test(l) && !/packets? (captured|received|dropped)/.test(l)) ?? '';
}

interface Running {
  plan: CapturePlan;
  /** Settles once every tcpdump of the node listens; rejects with a sentence otherwise. */
  ready: Promise<void>;
  /** The capture's exec, ending when it is stopped or its time is up. */
  done: Promise<ExecResult>;
}

function startCapture(nodes: NodeExecutor, plan: CapturePlan, id: string): Running {
  let out = '';
  let check = () => {};
  const done = nodes.exec(plan.node, captureArgv(id, CAPTURE_LIMIT_S, plan.filter, plan.ifaces), {
    timeoutMs: (CAPTURE_LIMIT_S + 20) * 1000,
    onStdout: (text) => {
      out += text;
      check();
    },
  });
  const where = `${plan.node} (${plan.ifaces.join(', ')})`;
  const ready = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(l10n.t('tcpdump did not start listening on {0} within {1} s', where, READY_WAIT_MS / 1000))),
      READY_WAIT_MS,
    );
    const settle = (fn: () => void) => {
      clearTimeout(timer);
      fn();
    };
    check = () => {
      const ok = captureReady(out, plan.ifaces.length);
      if (ok === true) settle(resolve);
      // The script goes on to print tcpdump's own message once its time is up; waiting for it would take a minute.
      else if (ok === false) settle(() => reject(new Error(l10n.t('tcpdump could not listen on every interface of {0}', where))));
    };
    done.then(
      (r) => {
        const why = Object.values(parseCapture(r.stdout).stderr).join(' ').trim() || firstLine(r);
        settle(() => reject(new Error(l10n.t('the capture on {0} ended before it listened: {1}', where, why.split('\n')[0]))));
      },
      (e: unknown) => settle(() => reject(e instanceof Error ? e : new Error(String(e)))),
    );
  });
  // Settled either way by the caller; an unhandled rejection here would end the CLI.
  ready.catch(() => undefined);
  return { plan, ready, done };
}
