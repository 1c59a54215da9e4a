// Judges: turn a check command's real output into pending / done / drifted.
import type { ExecResult } from './exec';
import type { Check, Verdict } from './step';
import { parseIpvsadmList, type IpvsListService } from './parsers';

const done = (detail: string): Verdict => ({ status: 'done', detail });
const pending = (detail: string): Verdict => ({ status: 'pending', detail });
const drifted = (detail: string): Verdict => ({ status: 'drifted', detail });

function failedToRead(r: ExecResult, what: string): never {
  throw new Error(`could not read ${what}: ${(r.stderr || r.stdout).trim() || `exit code ${r.exitCode}`}`);
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
      if (r.exitCode !== 0) failedToRead(r, `the addresses of ${device}`);
      const found = [...r.stdout.matchAll(/\sinet\s+(\d+\.\d+\.\d+\.\d+)\/(\d+)/g)].filter((m) => m[1] === ip);
      if (found.some((m) => Number(m[2]) === prefix)) return done(`${ip}/${prefix} on ${device}`);
      if (found.length > 0) return drifted(`${ip} is on ${device} as /${found[0][2]}, not /${prefix}`);
      return pending(`${ip} is not on ${device}`);
    },
  };
}

/** A device that must be up (`ip -o link show dev tunl0`). */
export function linkUpCheck(device: string, ip: string): Check {
  const addr = addressCheck(device, ip, 32);
  return {
    argv: ['ip', '-4', '-o', 'addr', 'show', 'dev', device, 'up'],
    judge(r) {
      if (r.exitCode !== 0) failedToRead(r, `device ${device}`);
      if (r.stdout.trim() === '') return pending(`${device} is down or has no address`);
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
      if (r.exitCode === 7) return pending(`nothing listens on port ${port}`);
      if (r.exitCode !== 0) return drifted(`curl exit code ${r.exitCode}`);
      const body = r.stdout.trim();
      return body === node ? done(`answers "${body}"`) : drifted(`answers "${body.slice(0, 40)}", not "${node}"`);
    },
  };
}

export function defaultRouteCheck(via: string): Check {
  return {
    argv: ['ip', '-4', 'route', 'show', 'default'],
    judge(r) {
      if (r.exitCode !== 0) failedToRead(r, 'the routes');
      const m = /default via (\S+)/.exec(r.stdout);
      if (m?.[1] === via) return done(`default via ${via}`);
      return m ? drifted(`default via ${m[1]}, not ${via}`) : pending('no default route');
    },
  };
}

/** The virtual service with its scheduler and persistence (seconds, null for none), read from `ipvsadm -Ln`. */
export function serviceCheck(vip: string, port: number, scheduler: string, persistent: number | null = null): Check {
  const sticky = (p: number | null) => (p === null ? 'not persistent' : `persistent ${p} s`);
  return {
    argv: ['ipvsadm', '-Ln'],
    judge(r) {
      if (r.exitCode !== 0) failedToRead(r, 'the IPVS table');
      const svc = findService(r.stdout, vip, port);
      if (!svc) return pending(`no service ${vip}:${port}`);
      if (svc.scheduler !== scheduler) return drifted(`scheduler is ${svc.scheduler}, not ${scheduler}`);
      if (svc.persistent !== persistent) return drifted(`${sticky(svc.persistent)}, wanted ${sticky(persistent)}`);
      return done(`TCP ${vip}:${port} ${scheduler}${persistent === null ? '' : ` ${sticky(persistent)}`}`);
    },
  };
}

/** One real server behind the service, with the mode's forwarding method and its weight. */
export function realServerCheck(vip: string, port: number, rip: string, forward: string, weight: number): Check {
  return {
    argv: ['ipvsadm', '-Ln'],
    judge(r) {
      if (r.exitCode !== 0) failedToRead(r, 'the IPVS table');
      const dest = findService(r.stdout, vip, port)?.destinations.find((d) => d.address.ip === rip && d.address.port === port);
      if (!dest) return pending(`${rip}:${port} is not behind ${vip}:${port}`);
      const shown = `${rip}:${port} ${dest.forward} weight ${dest.weight}`;
      return dest.forward === forward && dest.weight === weight ? done(shown) : drifted(`${shown}, want ${forward} weight ${weight}`);
    },
  };
}

function findService(ipvsadmLn: string, vip: string, port: number): IpvsListService | undefined {
  return parseIpvsadmList(ipvsadmLn).services.find((s) => s.protocol === 'TCP' && s.address?.ip === vip && s.address.port === port);
}
