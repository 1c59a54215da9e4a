// Judges: turn a check command's real output into pending / done / drifted.
import * as l10n from '@vscode/l10n';
import type { ExecResult } from './exec';
import type { Check, Verdict } from './step';
import { parseIpvsadmList, type IpvsListService } from './parsers';

const done = (detail: string): Verdict => ({ status: 'done', detail });
const pending = (detail: string): Verdict => ({ status: 'pending', detail });
const drifted = (detail: string): Verdict => ({ status: 'drifted', detail });

function failedToRead(r: ExecResult, what: string): never {
  throw new Error(l10n.t('could not read {0}: {1}', what, (r.stderr || r.stdout).trim() || l10n.t('exit code {0}', r.exitCode)));
}

/**
 * sysctl keys that must hold the given values; all at their defaults means pending,
 * anything else drifted. Without defaults, anything but the wanted values is pending.
 */
export function sysctlCheck(wanted: Record<string, string>, defaults?: Record<string, string>): Check {
  const keys = Object.keys(wanted);
  return {
    argv: ['sysctl', '-n', ...keys],
    judge(r) {
      if (r.exitCode !== 0) failedToRead(r, 'sysctl');
      const values = r.stdout
        .trim()
        .split('\n')
        .map((v) => v.trim());
      const shown = keys.map((k, i) => `${k}=${values[i] ?? '?'}`).join(', ');
      if (keys.every((k, i) => values[i] === wanted[k])) return done(shown);
      if (!defaults || keys.every((k, i) => values[i] === defaults[k])) return pending(shown);
      // Keys at a value neither wanted nor default contradict the step; none: it is only half done.
      const wrong = keys.flatMap((k, i) => (values[i] === wanted[k] || values[i] === defaults[k] ? [] : [`${k}=${values[i] ?? '?'}`]));
      return wrong.length ? { ...drifted(shown), wrong: wrong.join(', ') } : { ...drifted(shown), partial: true };
    },
  };
}

/** An IPv4 address with an exact prefix on a device (`ip -4 -o addr show dev lo`). */
export function addressCheck(device: string, ip: string, prefix: number): Check {
  return {
    argv: ['ip', '-4', '-o', 'addr', 'show', 'dev', device],
    judge(r) {
      if (r.exitCode !== 0) failedToRead(r, l10n.t('the addresses of {0}', device));
      const found = [...r.stdout.matchAll(/\sinet\s+(\d+\.\d+\.\d+\.\d+)\/(\d+)/g)].filter((m) => m[1] === ip);
      if (found.some((m) => Number(m[2]) === prefix)) return done(l10n.t('{0} on {1}', `${ip}/${prefix}`, device));
      if (found.length > 0) return drifted(l10n.t('{0} is on {1} as /{2}, not /{3}', ip, device, found[0][2], prefix));
      return pending(l10n.t('{0} is not on {1}', ip, device));
    },
  };
}

/** A device that must be up (`ip -o link show dev tunl0`). */
export function linkUpCheck(device: string, ip: string): Check {
  const addr = addressCheck(device, ip, 32);
  return {
    argv: ['ip', '-4', '-o', 'addr', 'show', 'dev', device, 'up'],
    judge(r) {
      if (r.exitCode !== 0) failedToRead(r, l10n.t('device {0}', device));
      if (r.stdout.trim() === '') return pending(l10n.t('{0} is down or has no address', device));
      return addr.judge(r);
    },
  };
}

/** The web server answers on the node itself with a page naming the node. */
export function httpCheck(node: string, port: number): Check {
  return {
    argv: ['curl', '-s', '-m', '3', `http://127.0.0.1:${port}/`],
    judge(r) {
      // curl exit 7: connection refused, nothing listens yet.
      if (r.exitCode === 7) return pending(l10n.t('nothing listens on port {0}', port));
      if (r.exitCode !== 0) return drifted(l10n.t('curl exit code {0}', r.exitCode));
      const body = r.stdout.trim();
      return body === node ? done(l10n.t('answers "{0}"', body)) : drifted(l10n.t('answers "{0}", not "{1}"', body.slice(0, 40), node));
    },
  };
}

export function defaultRouteCheck(via: string): Check {
  return {
    argv: ['ip', '-4', 'route', 'show', 'default'],
    judge(r) {
      if (r.exitCode !== 0) failedToRead(r, l10n.t('the routes'));
      const m = /default via (\S+)/.exec(r.stdout);
      if (m?.[1] === via) return done(l10n.t('default via {0}', via));
      return m ? drifted(l10n.t('default via {0}, not {1}', m[1], via)) : pending(l10n.t('no default route'));
    },
  };
}

/** The virtual service with its scheduler and persistence (seconds, null for none), read from `ipvsadm -Ln`. */
export function serviceCheck(vip: string, port: number, scheduler: string, persistent: number | null = null): Check {
  const sticky = (p: number | null) => (p === null ? l10n.t('not persistent') : l10n.t('persistent {0} s', p));
  return {
    argv: ['ipvsadm', '-Ln'],
    judge(r) {
      if (r.exitCode !== 0) failedToRead(r, l10n.t('the IPVS table'));
      const svc = findService(r.stdout, vip, port);
      if (!svc) return pending(l10n.t('no service {0}', `${vip}:${port}`));
      if (svc.scheduler !== scheduler) return drifted(l10n.t('scheduler is {0}, not {1}', svc.scheduler, scheduler));
      if (svc.persistent !== persistent) return drifted(l10n.t('{0}, wanted {1}', sticky(svc.persistent), sticky(persistent)));
      return done(`TCP ${vip}:${port} ${scheduler}${persistent === null ? '' : ` ${sticky(persistent)}`}`);
    },
  };
}

/** One real server behind the service, with the mode's forwarding method and its weight. */
export function realServerCheck(vip: string, port: number, rip: string, forward: string, weight: number): Check {
  return {
    argv: ['ipvsadm', '-Ln'],
    judge(r) {
      if (r.exitCode !== 0) failedToRead(r, l10n.t('the IPVS table'));
      const dest = findService(r.stdout, vip, port)?.destinations.find((d) => d.address.ip === rip && d.address.port === port);
      if (!dest) return pending(l10n.t('{0} is not behind {1}', `${rip}:${port}`, `${vip}:${port}`));
      const shown = l10n.t('{0} {1} weight {2}', `${rip}:${port}`, dest.forward, dest.weight);
      return dest.forward === forward && dest.weight === weight ? done(shown) : drifted(l10n.t('{0}, want {1} weight {2}', shown, forward, weight));
    },
  };
}

function findService(ipvsadmLn: string, vip: string, port: number): IpvsListService | undefined {
  return parseIpvsadmList(ipvsadmLn).services.find((s) => s.protocol === 'TCP' && s.address?.ip === vip && s.address.port === port);
}
