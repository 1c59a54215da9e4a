// Health checks with keepalived on the running lab: on, off, or what the checks say now.
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
      'health checks: "on" runs keepalived on the director with an HTTP check per real server (a failing one leaves the table), "off" stops it; without an argument, what the checks say now',
    )
    .option('--interval <s>', `seconds between checks (${L.minInterval} to ${L.maxInterval}, default ${D.interval})`)
    .option('--timeout <s>', `seconds a check may take (1 to ${L.maxTimeout}, default ${D.timeout})`)
    .option('--retries <n>', `failed tries before a real server is taken out (1 to ${L.maxRetries}, default ${D.retries})`)
    .option('--path <page>', `the page asked for (default ${D.path})`)
    .action(async (onOrOff: string | undefined, o: Record<string, string | undefined>, cmd: Command) => {
      const { out, service } = setup(cmd);
      if (onOrOff === undefined) return show(out, await service.health());
      if (onOrOff !== 'on' && onOrOff !== 'off') throw new Error(`"${onOrOff}" is neither on nor off`);
      const check: Partial<HealthCheck> = {};
      for (const key of ['interval', 'timeout', 'retries'] as const) {
        const v = o[key];
        if (v === undefined) continue;
        if (!/^\d+$/.test(v)) throw new Error(`--${key} must be a whole number, not "${v}"`);
        check[key] = Number(v);
      }
      if (o.path !== undefined) check.path = o.path;
      const r = await service.change({ kind: 'health', check: onOrOff === 'on' ? check : null });
      if (out.json) return out.data({ lab: r.desired.name, service: serviceSettings(r.desired), commands: r.commands.map(display) });
      for (const c of r.commands) out.note(`  ${display(c).split('\n')[0]}`);
      out.line(`${r.desired.name}: ${describeSettings(r.desired)}. Reset returns to the lab file.`);
    });
}

function show(out: Output, h: HealthView): void {
  if (out.json) return out.data(h);
  if (!h.healthCheck) {
    out.line(`No health checks: plain IPVS keeps sending to a real server that does not answer. Turn them on with \`lvs-lab health on\`.`);
    if (h.running) out.line('keepalived still runs on the director: `lvs-lab health off` stops it.');
    return;
  }
  const c = h.healthCheck;
  out.line(
    `keepalived ${h.running ? 'runs' : 'does not run'} on the director: HTTP GET ${c.path} every ${c.interval} s, ${c.timeout} s timeout, out after ${c.retries} failed ${c.retries === 1 ? 'try' : 'tries'}.`,
  );
  out.table(
    ['real server', 'address', 'check', 'taken out'],
    h.servers.map((s) => [s.node, s.address, s.state === 'unknown' ? 'not run yet' : s.state, s.removed ? 'yes' : 'no']),
  );
  if (!h.running) out.line('Run the steps (`lvs-lab up`) to start it.');
}
