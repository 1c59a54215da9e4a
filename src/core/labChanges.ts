// Live changes to a running lab's virtual service (scheduler, weights, persistence, health checks).
// A change the user asked for becomes the lab's desired state: it is recorded on the
// director itself, so every client of the lab (CLI, extension) plans and checks the
// steps against it, and Reset (which undoes the node to its baseline) returns to the file.
import * as l10n from '@vscode/l10n';
import type { ExecResult } from './exec';
import { FORWARD_FLAG, realServers, SCHEDULERS, type Lab, type Scheduler } from './lab';
import { HEALTH_DEFAULTS, HEALTH_LIMITS, keepalivedConfig, startKeepalivedArgv, stopKeepalivedArgv, type HealthCheck } from './health';
import { realServerAddress } from './plan';

export interface LabChanges {
  scheduler?: Scheduler;
  /** Real server name -> weight. */
  weights?: Record<string, number>;
  /** Persistence timeout in seconds; 0 turns persistence off (a file's timeout included). */
  persistence?: number;
  /** keepalived's health checks on, with their settings, or false for off (a file's included). */
  health?: HealthCheck | false;
}

/** Where the director keeps the changes; baseline.ts's undo removes the folder. */
export const CHANGES_DIR = '/etc/lvslab';
export const CHANGES_FILE = `${CHANGES_DIR}/changes.json`;

/** The one definition of what a live change may set (ipvsadm's own bounds; a persistence of a day at most). */
export const CHANGE_LIMITS = { maxWeight: 65535, maxPersistenceSeconds: 86400 } as const;

/** The lab as the user now wants it: the file with the recorded changes on top. */
export function applyChanges(lab: Lab, changes: LabChanges): Lab {
  const persistence = changes.persistence === undefined ? lab.service.persistence : changes.persistence || undefined;
  const healthCheck = changes.health === undefined ? lab.service.healthCheck : changes.health || undefined;
  return {
    ...lab,
    scheduler: changes.scheduler ?? lab.scheduler,
    service: { ...lab.service, persistence, healthCheck },
    nodes: lab.nodes.map((n) => (n.role === 'real' && changes.weights?.[n.name] !== undefined ? { ...n, weight: changes.weights[n.name] } : n)),
  };
}

/**
 * The recorded changes from `cat CHANGES_FILE` (exit code 1: none). Anything that does not fit
 * this lab (a hand-edited file, a node renamed since) is left out rather than trusted.
 */
export function parseChanges(lab: Lab, r: ExecResult): LabChanges {
  if (r.exitCode !== 0) return {};
  let raw: unknown;
  try {
    raw = JSON.parse(r.stdout);
  } catch {
    return {};
  }
  if (typeof raw !== 'object' || raw === null) return {};
  const o = raw as Record<string, unknown>;
  const out: LabChanges = {};
  if (typeof o.scheduler === 'string' && (SCHEDULERS as readonly string[]).includes(o.scheduler)) out.scheduler = o.scheduler as Scheduler;
  if (isWhole(o.persistence, 0, CHANGE_LIMITS.maxPersistenceSeconds)) out.persistence = o.persistence;
  if (o.health === false) out.health = false;
  else if (typeof o.health === 'object' && o.health !== null) {
    const h = o.health as HealthCheck;
    if (!healthProblem(h)) out.health = { interval: h.interval, timeout: h.timeout, retries: h.retries, path: h.path };
  }
  if (typeof o.weights === 'object' && o.weights !== null) {
    const names = new Set(realServers(lab).map((n) => n.name));
    const weights = Object.entries(o.weights).filter(([k, v]) => names.has(k) && isWhole(v, 0, CHANGE_LIMITS.maxWeight));
    if (weights.length > 0) out.weights = Object.fromEntries(weights);
  }
  return out;
}

export const readChangesArgv = (): string[] => ['cat', CHANGES_FILE];

/** Records the changes; the JSON goes in as an argument, never as part of the script. */
export function writeChangesArgv(changes: LabChanges): string[] {
  return ['sh', '-c', `mkdir -p ${CHANGES_DIR} && printf '%s\\n' "$1" > ${CHANGES_FILE}`, 'sh', JSON.stringify(changes)];
}

/** One change a user asks for. */
export type LabChange =
  | { kind: 'scheduler'; scheduler: Scheduler }
  | { kind: 'weight'; node: string; weight: number }
  | { kind: 'persistence'; seconds: number }
  /** Health checks on (settings not given keep their defaults) or off (null). */
  | { kind: 'health'; check: Partial<HealthCheck> | null };

/** The recorded changes with one more; throws a one-sentence reason when it does not fit the lab. */
export function withChange(lab: Lab, changes: LabChanges, change: LabChange): LabChanges {
  switch (change.kind) {
    case 'scheduler':
      if (!(SCHEDULERS as readonly string[]).includes(change.scheduler)) {
        throw new Error(l10n.t('"{0}" is not an IPVS scheduler; the schedulers are {1}', change.scheduler, SCHEDULERS.join(', ')));
      }
      return { ...changes, scheduler: change.scheduler };
    case 'weight': {
      const reals = realServers(lab).map((n) => n.name);
      if (!reals.includes(change.node))
        throw new Error(l10n.t('"{0}" is not a real server of {1}; its real servers are {2}', change.node, lab.name, reals.join(', ')));
      if (!isWhole(change.weight, 0, CHANGE_LIMITS.maxWeight)) throw new Error(l10n.t('a weight is a whole number from 0 to {0}', CHANGE_LIMITS.maxWeight));
      const weights = { ...changes.weights, [change.node]: change.weight };
      const next = applyChanges(lab, { ...changes, weights });
      if (realServers(next).every((n) => (n.weight ?? 1) === 0))
        throw new Error(l10n.t('at least one real server must keep a weight above 0, or IPVS sends requests nowhere'));
      return { ...changes, weights };
    }
    case 'persistence':
      if (!isWhole(change.seconds, 0, CHANGE_LIMITS.maxPersistenceSeconds)) {
        throw new Error(l10n.t('persistence is a whole number of seconds from 1 to {0}, or off', CHANGE_LIMITS.maxPersistenceSeconds));
      }
      return { ...changes, persistence: change.seconds };
    case 'health': {
      if (change.check === null) return { ...changes, health: false };
      const check = { ...HEALTH_DEFAULTS, ...change.check };
      const problem = healthProblem(check);
      if (problem) throw new Error(problem);
      return { ...changes, health: check };
    }
  }
}

/** Why health-check settings do not fit (HEALTH_LIMITS, a plain path), or undefined. */
export function healthProblem(h: Partial<HealthCheck>): string | undefined {
  const L = HEALTH_LIMITS;
  if (!isWhole(h.interval, L.minInterval, L.maxInterval))
    return l10n.t('the check interval is a whole number of seconds from {0} to {1}', L.minInterval, L.maxInterval);
  if (!isWhole(h.timeout, 1, L.maxTimeout)) return l10n.t('the check timeout is a whole number of seconds from 1 to {0}', L.maxTimeout);
  if (!isWhole(h.retries, 1, L.maxRetries)) return l10n.t('the retries are a whole number from 1 to {0}', L.maxRetries);
  if (typeof h.path !== 'string' || !/^\/[A-Za-z0-9._~/-]{0,199}$/.test(h.path))
    return l10n.t('the checked page is a path like /index.html (letters, digits and . _ ~ / - only)');
  return undefined;
}

/** The ipvsadm commands that take the running service from `before` to `after` (both desired labs). */
export function changeCommands(before: Lab, after: Lab): string[][] {
  const service = `${after.service.vip}:${after.service.port}`;
  const commands: string[][] = [];
  if (before.scheduler !== after.scheduler || before.service.persistence !== after.service.persistence) {
    // -E sets every option of the service: no -p means not persistent.
    const persist = after.service.persistence ? ['-p', String(after.service.persistence)] : [];
    commands.push(['ipvsadm', '-E', '-t', service, '-s', after.scheduler, ...persist]);
  }
  const old = new Map(realServers(before).map((n) => [n.name, n.weight ?? 1]));
  for (const rs of realServers(after)) {
    const weight = rs.weight ?? 1;
    if (old.get(rs.name) === weight) continue;
    const real = `${realServerAddress(after, rs)}:${after.service.port}`;
    commands.push(['ipvsadm', '-e', '-t', service, '-r', real, FORWARD_FLAG[after.mode], '-w', String(weight)]);
  }
  // keepalived puts real servers back with its own copy of the settings: it restarts on any change.
  const hc = after.service.healthCheck;
  if (hc && (commands.length > 0 || JSON.stringify(hc) !== JSON.stringify(before.service.healthCheck))) {
    commands.push(startKeepalivedArgv(keepalivedConfig(after, hc)));
  } else if (!hc && before.service.healthCheck) {
    // Plain IPVS again: keepalived stops, and every real server it took out is put back.
    commands.push(stopKeepalivedArgv());
    for (const rs of realServers(after)) {
      const args = ['-t', service, '-r', `${realServerAddress(after, rs)}:${after.service.port}`, FORWARD_FLAG[after.mode], '-w', String(rs.weight ?? 1)];
      commands.push(['sh', '-c', 'ipvsadm -a "$@" 2>/dev/null || ipvsadm -e "$@"', 'lvslab-entry', ...args]);
    }
  }
  return commands;
}

/** The service's live settings as data: scheduler, persistence (null for none), each real server's weight. */
export function serviceSettings(lab: Lab) {
  return {
    scheduler: lab.scheduler,
    persistence: lab.service.persistence ?? null,
    weights: Object.fromEntries(realServers(lab).map((n) => [n.name, n.weight ?? 1])),
    healthCheck: lab.service.healthCheck ?? null,
  };
}

/** e.g. `scheduler wrr, weights node02=3 node03=1, not persistent`. */
export function describeSettings(lab: Lab): string {
  const s = serviceSettings(lab);
  const weights = Object.entries(s.weights)
    .map(([n, w]) => `${n}=${w}`)
    .join(' ');
  const health = s.healthCheck ? l10n.t(', keepalived checks every {0} s', s.healthCheck.interval) : '';
  const persistence = s.persistence ? l10n.t('persistent {0} s', s.persistence) : l10n.t('not persistent');
  return l10n.t('scheduler {0}, weights {1}, {2}{3}', s.scheduler, weights, persistence, health);
}

function isWhole(v: unknown, min: number, max: number): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max;
}
