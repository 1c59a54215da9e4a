// Load tests from the client to the VIP.
import { Command, Option } from 'commander';
import { LOAD_DEFAULTS, LOAD_LIMITS } from '../../core/loadTest';
import { intArg } from '../args';
import { setup } from '../context';

export function registerLoad(program: Command): void {
  program
    .command('load')
    .description('N requests with concurrency C from the client to the VIP, counted per backend')
    .addOption(new Option('-n, --requests <n>', 'number of requests').default(LOAD_DEFAULTS.requests).argParser(intArg(1, LOAD_LIMITS.maxRequests)))
    .addOption(new Option('-c, --concurrency <c>', 'requests at a time').default(LOAD_DEFAULTS.concurrency).argParser(intArg(1, LOAD_LIMITS.maxConcurrency)))
    .addOption(
      new Option('--timeout <s>', 'per-request timeout in seconds').default(LOAD_DEFAULTS.timeoutSeconds).argParser(intArg(1, LOAD_LIMITS.maxTimeoutSeconds)),
    )
    .action(async (o: { requests: number; concurrency: number; timeout: number }, cmd: Command) => {
      const { out, service } = setup(cmd);
      const result = await service.loadTest({ requests: o.requests, concurrency: o.concurrency, timeoutSeconds: o.timeout }, (d, t) =>
        out.progress(`load: ${d}/${t} requests`),
      );
      if (out.json) return out.data(result);
      const s = result.summary;
      out.table(
        ['backend', 'requests', 'share'],
        s.backends.map((b) => [b.backend, b.count, `${b.percent.toFixed(1)}%`]),
      );
      const l = s.latencyMs;
      out.line(
        `${s.ok}/${s.total} ok, ${s.errors} errors, ${s.timeouts} timeouts` +
          (l ? `; latency p50 ${l.p50.toFixed(1)} ms, p95 ${l.p95.toFixed(1)} ms, p99 ${l.p99.toFixed(1)} ms` : ''),
      );
      for (const e of s.errorMessages) out.line(`  ${e.count}× ${e.message}`);
      if (s.ok === 0) process.exitCode = 1;
    });
}
