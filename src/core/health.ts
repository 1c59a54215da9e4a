// Health checks, the way production LVS does them: keepalived on the director runs an HTTP
// check per real server and takes a failing one out of the IPVS table until it answers again.
// The handbook's ipvsadm steps still build the table; keepalived (started with -I) only adds and
// removes real servers, and leaves the table alone when it stops.
import * as l10n from '@vscode/l10n';
import type { ExecResult } from './exec';
import { realServers, type Lab } from './lab';
import { realServerAddress } from './plan';

export interface HealthCheck {
  /** Seconds between two checks of a real server (keepalived's delay_loop). */
  interval: number;
  /** Seconds a check may take to connect and answer. */
  timeout: number;
  /** Failed tries in a row before a real server is taken out. */
  retries: number;
  /** The page asked for; a 200 answer is healthy. */
  path: string;
}

/** The one definition of the defaults; labs/lab.schema.json's are checked against it (facts.test.ts). */
export const HEALTH_DEFAULTS: HealthCheck = { interval: 2, timeout: 3, retries: 1, path: '/' };
export const HEALTH_LIMITS = { minInterval: 1, maxInterval: 60, maxTimeout: 10, maxRetries: 10 } as const;

/** Where keepalived's files live on the director; baseline.ts's undo stops it and removes them. */
export const KEEPALIVED = {
  config: '/etc/lvslab/keepalived.conf',
  dir: '/run/lvslab',
  pid: '/run/lvslab/keepalived.pid',
  log: '/run/lvslab/keepalived.log',
} as const;

/** keepalived's configuration for the lab's service: one HTTP_GET check per real server. */
export function keepalivedConfig(lab: Lab, hc: HealthCheck): string {
  const { vip, port, persistence } = lab.service;
  const reals = realServers(lab).map((rs) =>
    [
      `  real_server ${realServerAddress(lab, rs)} ${port} {`,
      `    weight ${rs.weight ?? 1}`,
      '    HTTP_GET {',
      `      url {\n        path ${hc.path}\n        status_code 200\n      }`,
      `      connect_timeout ${hc.timeout}`,
      `      retry ${hc.retries}`,
      '      delay_before_retry 1',
      '    }',
      '  }',
    ].join('\n'),
  );
  return [
    '# Written by LVS Lab: the lab service and its real servers, each checked over HTTP.',
    'global_defs {',
    `  router_id lvslab_${lab.name.replace(/[^A-Za-z0-9_]/g, '_')}`,
    '}',
    `virtual_server ${vip} ${port} {`,
    `  delay_loop ${hc.interval}`,
    `  lb_algo ${lab.scheduler}`,
    `  lb_kind ${KEEPALIVED_KIND[lab.mode]}`,
    ...(persistence ? [`  persistence_timeout ${persistence}`] : []),
    '  protocol TCP',
    ...reals,
    '}',
    '',
  ].join('\n');
}

const KEEPALIVED_KIND = { dr: 'DR', nat: 'NAT', tun: 'TUN' } as const;

// Fixed text; the config arrives as an argument. The old keepalived is stopped and waited for
// (its pid file goes when it has), then a new one starts in the foreground of its own session,
// logging to a file: -I leaves the table to the ipvsadm steps when it stops.
/** Stops a running keepalived and waits (5 s at most) for it to let go: its pid file goes when it has. */
export const STOP_KEEPALIVED_SCRIPT = `if [ -r "${KEEPALIVED.pid}" ] && kill "$(cat "${KEEPALIVED.pid}")" 2>/dev/null; then
  i=0; while [ -e "${KEEPALIVED.pid}" ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i+1)); done
fi`;

const START_SCRIPT = `mkdir -p "${KEEPALIVED.dir}" /etc/lvslab && printf '%s' "$1" > "${KEEPALIVED.config}" || exit 1
${STOP_KEEPALIVED_SCRIPT}
setsid keepalived -n -l -D -G -I -f "${KEEPALIVED.config}" -p "${KEEPALIVED.pid}" -c "${KEEPALIVED.dir}/checkers.pid" -r "${KEEPALIVED.dir}/vrrp.pid" > "${KEEPALIVED.log}" 2>&1 < /dev/null &
i=0; while ! grep -q 'Startup complete' "${KEEPALIVED.log}" 2>/dev/null && [ $i -lt 50 ]; do sleep 0.1; i=$((i+1)); done
grep -q 'Startup complete' "${KEEPALIVED.log}" || { cat "${KEEPALIVED.log}"; exit 1; }`;

export function startKeepalivedArgv(config: string): string[] {
  return ['sh', '-c', START_SCRIPT, 'lvslab-keepalived', config];
}

/** Stops keepalived and removes its files; the IPVS table stays as it is. */
export function stopKeepalivedArgv(): string[] {
  const script = `${STOP_KEEPALIVED_SCRIPT}
rm -rf "${KEEPALIVED.dir}" "${KEEPALIVED.config}"`;
  return ['sh', '-c', script, 'lvslab-keepalived-stop'];
}

const MARK = '@@lvslab';

/** Prints whether keepalived runs, its config and its check events, in one read (fixed text). */
export const HEALTH_READ_SCRIPT = `if [ -r "${KEEPALIVED.pid}" ] && kill -0 "$(cat "${KEEPALIVED.pid}")" 2>/dev/null; then echo ${MARK} running; else echo ${MARK} stopped; fi
echo ${MARK} config; cat "${KEEPALIVED.config}" 2>/dev/null
echo ${MARK} events; grep -E 'succeed on service|failed after|Removing service|Adding service' "${KEEPALIVED.log}" 2>/dev/null | tail -n 200
echo ${MARK} end`;

export function healthReadArgv(): string[] {
  return ['sh', '-c', HEALTH_READ_SCRIPT, 'lvslab-health'];
}

export type CheckState = 'up' | 'down' | 'unknown';

export interface RealServerHealth {
  /** `ip:port` as keepalived names it. */
  address: string;
  /** The last check's outcome; unknown until the first has run. */
  state: CheckState;
  /** keepalived took it out of the table (and has not put it back). */
  removed: boolean;
}

export interface HealthRead {
  running: boolean;
  config: string;
  servers: RealServerHealth[];
}

/** Reads healthReadArgv's output; check events are keepalived's own log lines, latest last. */
export function parseHealthRead(r: ExecResult): HealthRead {
  if (r.exitCode !== 0 || !r.stdout.includes(`${MARK} end`)) {
    throw new Error(l10n.t("could not read keepalived's state: {0}", (r.stderr || r.stdout).trim() || l10n.t('exit code {0}', r.exitCode)));
  }
  return parseHealthText(r.stdout);
}

/** The same read's text, as the live reader's `health` section gets it. */
export function parseHealthText(text: string): HealthRead {
  if (!text.includes(`${MARK} end`)) throw new Error(l10n.t("keepalived's state was cut short"));
  const part = (name: string, next: string) => text.split(`${MARK} ${name}\n`)[1]?.split(`${MARK} ${next}`)[0] ?? '';
  const servers = new Map<string, RealServerHealth>();
  const at = (address: string) => servers.get(address) ?? servers.set(address, { address, state: 'unknown', removed: false }).get(address)!;
  for (const line of part('events', 'end').split('\n')) {
    const m = /\[(\d+\.\d+\.\d+\.\d+)\]:(?:tcp:)?(\d+)/.exec(line);
    if (!m) continue;
    const s = at(`${m[1]}:${m[2]}`);
    if (/succeed on service/.test(line)) s.state = 'up';
    else if (/failed after/.test(line)) s.state = 'down';
    else if (/Removing service/.test(line)) s.removed = true;
    else if (/Adding service/.test(line)) s.removed = false;
  }
  return { running: /^@@lvslab running$/m.test(text), config: part('config', 'events').replace(/\n$/, ''), servers: [...servers.values()] };
}

export interface HealthView {
  /** The checks the lab asks for now (file and live changes), null when it has none. */
  healthCheck: HealthCheck | null;
  running: boolean;
  servers: Array<{ node: string; address: string; state: CheckState; removed: boolean }>;
}

/** Each real server's check, named by node, in the lab's order. */
export function healthView(lab: Lab, read: HealthRead): HealthView {
  return {
    healthCheck: lab.service.healthCheck ?? null,
    running: read.running,
    servers: realServers(lab).map((rs) => {
      const address = `${realServerAddress(lab, rs)}:${lab.service.port}`;
      const s = read.servers.find((x) => x.address === address);
      return { node: rs.name, address, state: s?.state ?? 'unknown', removed: s?.removed ?? false };
    }),
  };
}
