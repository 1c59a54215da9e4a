// Health checks with keepalived on the running lab: on, off, or what the checks say now.
import * as l10n from '@vscode/l10n';
import type { Command } from 'commander';
import { HEALTH_DEFAULTS, HEALTH_LIMITS, type HealthCheck, type HealthView } from '../../core/health';
import { describeSettings, serviceSettings } from '../../core/labChanges';
import { display } from '../../core/step';
import { setup } from '../context';
import type { Output } from '../output';

export function registerHealth(program: Command): void {
  const D = HEALTH_DEFAULTS;
  const L = HEALTH_LIMITS;
  program
    .command('health [onOrOff]')
    .description(
      l10n.t(
        'health checks: "on" runs keepalived on the director with an HTTP check per real server (a failing one leaves the table), "off" stops it; without an argument, what the checks say now',
      ),
    )
    .option('--interval <s>', l10n.t('seconds between checks ({0} to {1}, default {2})', L.minInterval, L.maxInterval, D.interval))
    .option('--timeout <s>', l10n.t('seconds a check may take (1 to {0}, default {1})', L.maxTimeout, D.timeout))
    .option('--retries <n>', l10n.t('failed tries before a real server is taken out (1 to {0}, default {1})', L.maxRetries, D.retries))
    .option('--path <page>', l10n.t('the page asked for (default {0})', D.path))
    .action(async (onOrOff: string | undefined, o: Record<string, string | undefined>, cmd: Command) => {
      const { out, service } = setup(cmd);
      if (onOrOff === undefined) return show(out, await service.health());
      if (onOrOff !== 'on' && onOrOff !== 'off') throw new Error(l10n.t('"{0}" is neither on nor off', onOrOff));
      const check: Partial<HealthCheck> = {};
      for (const key of ['interval', 'timeout', 'retries'] as const) {
        const v = o[key];
        if (v === undefined) continue;
        if (!/^\d+$/.test(v)) throw new Error(l10n.t('{0} must be a whole number, not "{1}"', `--${key}`, v));
        check[key] = Number(v);
      }
      if (o.path !== undefined) check.path = o.path;
      const r = await service.change({ kind: 'health', check: onOrOff === 'on' ? check : null });
      if (out.json) return out.data({ lab: r.desired.name, service: serviceSettings(r.desired), commands: r.commands.map(display) });
      for (const c of r.commands) out.note(`  ${display(c).split('\n')[0]}`);
      out.line(l10n.t('{0}: {1}{2}. Reset returns to the lab file.', r.desired.name, describeSettings(r.desired), ''));
    });
}

function show(out: Output, h: HealthView): void {
  if (out.json) return out.data(h);
  if (!h.healthCheck) {
    out.line(l10n.t('No health checks: plain IPVS keeps sending to a real server that does not answer. Turn them on with `lvs-lab health on`.'));
    if (h.running) out.line(l10n.t('keepalived still runs on the director: `lvs-lab health off` stops it.'));
    return;
  }
  const c = h.healthCheck;
  out.line(
    h.running
      ? l10n.t(
          'keepalived runs on the director: HTTP GET {0} every {1} s, {2} s timeout, out after {3} failed tries.',
          c.path,
          c.interval,
          c.timeout,
          c.retries,
        )
      : l10n.t(
          'keepalived does not run on the director: HTTP GET {0} every {1} s, {2} s timeout, out after {3} failed tries.',
          c.path,
          c.interval,
          c.timeout,
          c.retries,
        ),
  );
  out.table(
    [l10n.t('real server'), l10n.t('address'), l10n.t('check'), l10n.t('taken out')],
    h.servers.map((s) => [s.node, s.address, checkState(s.state), s.removed ? l10n.t('yes') : l10n.t('no')]),
  );
  if (!h.running) out.line(l10n.t('Run the steps (`lvs-lab up`) to start it.'));
}

function checkState(state: string): string {
  switch (state) {
    case 'unknown':
      return l10n.t('not run yet');
    case 'up':
      return l10n.t({ message: 'up', args: [], comment: ["a keepalived health check's state: the real server passes"] });
    case 'down':
      return l10n.t({ message: 'down', args: [], comment: ["a keepalived health check's state: the real server fails"] });
    default:
      return state;
  }
}
