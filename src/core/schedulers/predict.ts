// The prediction: run the requests through the modelled scheduler, one by one, as the director would see them.
import * as l10n from '@vscode/l10n';
import ipaddr from 'ipaddr.js';
import type { Scheduler } from '../lab';
import { LOAD_PICKERS, lblcPick, lblcrPick, type Load } from './connections';
import { dhTable, hashPick, shTable } from './hashing';
import type { ModelInput, Prediction, PredictionKind, SplitCheck } from './model';
import { boundState, newServiceState, roundRobinCycle, rrPick, wrrPick, type RoundRobinState } from './roundRobin';

const MAX_WEIGHT = 65535;

/** The kernel's list order for real servers added in this order: each `ipvsadm -a` puts its server first. */
export function serviceOrder<T>(addedInOrder: readonly T[]): T[] {
  return [...addedInOrder].reverse();
}

/** The rule each non-exact scheduler follows, in words. */
/** Getters: each rule is translated when it is read. */
export const RULES: Readonly<Partial<Record<Scheduler, string>>> = {
  get lc() {
    return l10n.t('each new connection to the real server with the fewest connections, counted as active × 256 + inactive (ties: the first in the list)');
  },
  get wlc() {
    return l10n.t('each new connection to the real server with the smallest (active × 256 + inactive) / weight (ties: the first in the list)');
  },
  get sed() {
    return l10n.t('each new connection to the real server with the smallest (active + 1) / weight (ties: the first in the list)');
  },
  get nq() {
    return l10n.t('each new connection to the first real server with no active connection, else to the smallest (active + 1) / weight');
  },
  get ovf() {
    return l10n.t('every new connection to the real server of highest weight until its active connections exceed its weight, then to the next');
  },
  get lblc() {
    return l10n.t(
      'connections to one destination address (the VIP) stay on one real server, picked as by wlc, until it has more active connections than its weight while another is below half of its own',
    );
  },
  get lblcr() {
    return l10n.t(
      'connections to one destination address (the VIP) go to the least loaded (wlc) real server of its set; when that one is overloaded, wlc over all adds one to the set',
    );
  },
  get mh() {
    return l10n.t('each source to one real server, through a Maglev lookup table (its hash is not reproduced here, so which one is not predicted)');
  },
};

function validate(input: ModelInput): void {
  const names = new Set<string>();
  for (const { name, weight } of input.servers) {
    if (names.has(name)) throw new Error(l10n.t('real server {0} is listed twice', name));
    names.add(name);
    if (!Number.isInteger(weight) || weight < 0 || weight > MAX_WEIGHT)
      throw new Error(l10n.t('{0}: a weight is a whole number from 0 to {1}, not {2}', name, MAX_WEIGHT, weight));
  }
  for (const [name, held] of Object.entries(input.held ?? {})) {
    if (!names.has(name)) throw new Error(l10n.t('connections are held on {0}, which is not a real server of the service', name));
    for (const n of [held.active, held.inactive ?? 0])
      if (!Number.isInteger(n) || n < 0) throw new Error(l10n.t('{0}: held connections must be whole numbers from 0', name));
  }
  const start = input.start;
  if (typeof start === 'object' && !(Number.isInteger(start.last) && start.last >= -1 && start.last < input.servers.length && Number.isInteger(start.cw))) {
    throw new Error(l10n.t('the start state {0} does not fit a service of {1} real servers', JSON.stringify(start), input.servers.length));
  }
  const c = input.concurrency ?? 1;
  if (!Number.isInteger(c) || c < 1) throw new Error(l10n.t('concurrency must be a whole number from 1, not {0}', c));
}

/** A source's persistence key: its address, normalized (netmask 255.255.255.255). */
function sourceKey(source: string): string {
  try {
    return ipaddr.parse(source).toNormalizedString();
  } catch {
    throw new Error(l10n.t('{0} is not an IP address', source));
  }
}

function kindOf(scheduler: Scheduler): PredictionKind {
  return scheduler === 'rr' || scheduler === 'wrr' || scheduler === 'sh' || scheduler === 'dh' || scheduler === 'fo' ? 'exact' : 'rule';
}

export function predict(input: ModelInput): Prediction {
  validate(input);
  const { scheduler, servers, vip, requests } = input;
  const names = servers.map((s) => s.name);
  const concurrency = input.concurrency ?? 1;
  const persistent = (input.persistence ?? 0) > 0;
  const kind = kindOf(scheduler);
  const distinctSources = new Set(requests.map((r) => sourceKey(r.source))).size;

  if (scheduler === 'mh') {
    return {
      scheduler,
      kind,
      basis: RULES.mh ?? '',
      picks: null,
      split: null,
      failed: null,
      cycle: null,
      dependsOnStart: false,
      end: null,
      check: { by: 'one real server per source', sources: distinctSources },
    };
  }

  const roundRobin = scheduler === 'rr' || scheduler === 'wrr' ? scheduler : null;
  const start = input.start ?? 'unknown';
  let state: RoundRobinState | null = null;
  if (roundRobin) {
    state = start === 'unknown' ? boundState(roundRobin, servers) : start === 'new service' ? newServiceState(roundRobin, servers) : { ...start };
  }
  const table = scheduler === 'sh' ? shTable(servers) : scheduler === 'dh' ? dhTable(servers) : [];
  const loads: Load[] = servers.map((s) => ({ active: input.held?.[s.name]?.active ?? 0, inactive: input.held?.[s.name]?.inactive ?? 0 }));
  const lblcCache = new Map<string, number>();
  const lblcrSets = new Map<string, number[]>();
  const destination = sourceKey(vip);

  const schedule = (source: string): number | null => {
    if (state && roundRobin === 'rr') return rrPick(servers, state);
    if (state && roundRobin === 'wrr') return wrrPick(servers, state);
    if (scheduler === 'sh') return hashPick(servers, table, source);
    if (scheduler === 'dh') return hashPick(servers, table, vip);
    if (scheduler === 'lblc') return lblcPick(servers, loads, lblcCache, destination);
    if (scheduler === 'lblcr') return lblcrPick(servers, loads, lblcrSets, destination);
    return LOAD_PICKERS[scheduler as keyof typeof LOAD_PICKERS](servers, loads);
  };

  const picks: (number | null)[] = [];
  const templates = new Map<string, number>();
  /** Requests each scheduler call covered, in order: 1 each, or with persistence a source's requests on its first call. */
  const calls: number[] = [];
  const callOf = new Map<string, number>();
  for (let i = 0; i < requests.length; i++) {
    const ended = i >= concurrency ? picks[i - concurrency] : null;
    if (ended !== null && ended !== undefined) {
      loads[ended].active--;
      loads[ended].inactive++;
    }
    const key = sourceKey(requests[i].source);
    let pick: number | null;
    const template = persistent ? templates.get(key) : undefined;
    if (template !== undefined) {
      pick = template;
      calls[callOf.get(key) ?? 0]++;
    } else {
      pick = schedule(requests[i].source);
      if (persistent && pick !== null) {
        templates.set(key, pick);
        callOf.set(key, calls.length);
      }
      calls.push(1);
    }
    if (pick !== null) loads[pick].active++;
    picks.push(pick);
  }

  const split: Record<string, number> = Object.fromEntries(names.map((n) => [n, 0]));
  for (const p of picks) if (p !== null) split[names[p]]++;
  const cycle = roundRobin ? roundRobinCycle(roundRobin, servers).map((i) => names[i]) : null;
  const dependsOnStart = roundRobin !== null && start === 'unknown';

  let check: SplitCheck;
  if (cycle && dependsOnStart) check = { by: 'any run of the cycle', cycle, calls };
  else if (kind === 'exact') check = { by: 'equal split' };
  else if (persistent) check = { by: 'one real server per source', sources: distinctSources };
  else if (scheduler === 'lblc' || scheduler === 'lblcr')
    check = { by: 'at most this many real servers', servers: Object.values(split).filter((n) => n > 0).length };
  else check = { by: 'counts within tolerance' };

  return {
    scheduler,
    kind,
    basis: kind === 'rule' ? (RULES[scheduler] ?? '') : exactBasis(scheduler, cycle, dependsOnStart),
    picks: picks.map((p) => (p === null ? null : names[p])),
    split,
    failed: picks.filter((p) => p === null).length,
    cycle,
    dependsOnStart,
    end: state,
    check,
  };
}

function exactBasis(scheduler: Scheduler, cycle: string[] | null, dependsOnStart: boolean): string {
  if (cycle) {
    const shown = cycle.length > 12 ? l10n.t('{0}, … ({1} in all)', cycle.slice(0, 12).join(', '), cycle.length) : cycle.join(', ');
    const where = dependsOnStart ? l10n.t("; where in the cycle the run starts is the service's own state") : '';
    return l10n.t("the kernel's {0} cycle: {1}{2}", scheduler, shown || l10n.t('empty (every weight is 0)'), where);
  }
  if (scheduler === 'sh') return l10n.t("the kernel's sh table: 256 buckets dealt out by weight in list order, looked up by hash_32 of the source address");
  if (scheduler === 'dh')
    return l10n.t("the kernel's dh table: 256 buckets dealt out in list order, looked up by hash_32 of the destination address (the VIP)");
  return l10n.t('every new connection to the real server of highest weight (the first of them in the list)');
}
