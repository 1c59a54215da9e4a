// Load tests from the client to the VIP, with the split the scheduler model predicts next to the measured one.
import * as l10n from '@vscode/l10n';
import { Command, Option } from 'commander';
import { splitRows } from '../../core/loadRows';
import { LOAD_DEFAULTS, LOAD_LIMITS } from '../../core/loadTest';
import type { LoadTestResult } from '../../service/labService';
import { intArg } from '../args';
import { setup } from '../context';
import type { Output } from '../output';

interface LoadCliOptions {
  requests: number;
  concurrency: number;
  timeout: number;
  clients: number;
  hold: number;
}

export function registerLoad(program: Command): void {
  program
    .command('load')
    .description(l10n.t('N requests with concurrency C from the client to the VIP, counted per backend, next to the split the scheduler should give'))
    .addOption(new Option('-n, --requests <n>', l10n.t('number of requests')).default(LOAD_DEFAULTS.requests).argParser(intArg(1, LOAD_LIMITS.maxRequests)))
    .addOption(
      new Option('-c, --concurrency <c>', l10n.t('requests at a time')).default(LOAD_DEFAULTS.concurrency).argParser(intArg(1, LOAD_LIMITS.maxConcurrency)),
    )
    .addOption(
      new Option('--timeout <s>', l10n.t('per-request timeout in seconds'))
        .default(LOAD_DEFAULTS.timeoutSeconds)
        .argParser(intArg(1, LOAD_LIMITS.maxTimeoutSeconds)),
    )
    .addOption(
      new Option('--clients <k>', l10n.t('source addresses on the client; request i comes from address i mod K'))
        .default(LOAD_DEFAULTS.clients)
        .argParser(intArg(1, LOAD_LIMITS.maxClients)),
    )
    .addOption(
      new Option('--hold <k>', l10n.t('idle connections held open to the VIP while the requests run (ActiveConn)'))
        .default(LOAD_DEFAULTS.hold)
        .argParser(intArg(0, LOAD_LIMITS.maxHold)),
    )
    .action(async (o: LoadCliOptions, cmd: Command) => {
      const { out, service } = setup(cmd);
      // Ctrl-C stops the run; the run then ends curl and removes what it added on the client.
      const stop = new AbortController();
      const onSigint = () => {
        out.progress(l10n.t('load: stopping…'));
        stop.abort();
      };
      process.once('SIGINT', onSigint);
      let result: LoadTestResult;
      try {
        result = await service.loadTest(
          { requests: o.requests, concurrency: o.concurrency, timeoutSeconds: o.timeout, clients: o.clients, hold: o.hold },
          (d, t) => out.progress(l10n.t('load: {0}/{1} requests', d, t)),
          stop.signal,
        );
      } catch (e) {
        if (stop.signal.aborted) throw new Error(l10n.t('the load test was stopped; the client is cleaned up'), { cause: e });
        throw e;
      } finally {
        process.removeListener('SIGINT', onSigint);
      }
      if (out.json) return out.data(result);
      printResult(out, result);
      if (result.summary.ok === 0) process.exitCode = 1;
    });
}

/** How the model predicts: 'exact' (the kernel's own cycle or table) or 'rule' (the scheduler's rule, run on the model). */
function kindWord(kind: string): string {
  if (kind === 'exact') return l10n.t({ message: 'exact', args: [], comment: ['a load prediction computed exactly as the kernel does'] });
  if (kind === 'rule') return l10n.t({ message: 'rule', args: [], comment: ["a load prediction from the scheduler's rule"] });
  return kind;
}

/** The human output: the table with the predicted column, the prediction, the holds, the sources, the warnings. */
export function printResult(out: Output, result: LoadTestResult): void {
  const s = result.summary;
  const p = result.prediction;
  out.table(
    [l10n.t('backend'), l10n.t('requests'), l10n.t('share'), ...(p ? [l10n.t('predicted')] : [])],
    splitRows(s, p).map((r) => [
      r.backend,
      r.count,
      `${r.percent.toFixed(1)}%`,
      ...(p ? [`${r.predicted ?? '–'}${r.matches === false ? l10n.t(' ✗ mismatch') : ''}`] : []),
    ]),
  );
  const l = s.latencyMs;
  out.line(
    l10n.t('{0}/{1} ok, {2} errors, {3} timeouts', s.ok, s.total, s.errors, s.timeouts) +
      (l ? l10n.t('; latency p50 {0} ms, p95 {1} ms, p99 {2} ms', l.p50.toFixed(1), l.p95.toFixed(1), l.p99.toFixed(1)) : ''),
  );
  for (const e of s.errorMessages) out.line(`  ${e.count}× ${e.message}`);
  if (p) {
    const persist = p.persistence ? l10n.t(', persistent {0} s', p.persistence) : '';
    out.line(
      p.matches
        ? l10n.t('Predicted ({0}{1}, {2}): matches; checked: {3}.', p.scheduler, persist, kindWord(p.kind), p.check)
        : l10n.t('Predicted ({0}{1}, {2}): does NOT match; checked: {3}.', p.scheduler, persist, kindWord(p.kind), p.check),
    );
    out.line(`  ${p.basis}`);
  } else if (result.predictionNote) {
    out.line(l10n.t('No prediction: {0}.', result.predictionNote.replace(/^no prediction: /, '')));
  }
  if (result.holds) {
    const where = Object.entries(result.holds.byBackend).map(([b, n]) => `${b} ${n}`);
    const active = p ? l10n.t('; ActiveConn as the requests began: {0}', p.rows.map((r) => `${r.server} ${r.active}`).join(', ')) : '';
    out.line(l10n.t('Held {0} connections open ({1}){2}.', result.holds.opened, where.join(', '), active));
  }
  if (result.sources.length > 1) {
    out.table(
      [l10n.t('source'), l10n.t('requests'), l10n.t('answered by')],
      result.bySource.map((b) => [
        b.source,
        b.requests,
        Object.entries(b.backends)
          .map(([name, n]) => `${name} ${n}`)
          .join(', ') || '–',
      ]),
    );
  }
  for (const w of result.warnings) out.line(l10n.t('Warning: {0}.', w));
}
