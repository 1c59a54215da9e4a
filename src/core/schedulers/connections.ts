// The schedulers that look at weights and live connection counts, as the kernel runs them: lc, wlc, sed, nq, fo,
// ovf (net/netfilter/ipvs/ip_vs_<name>.c) and the locality-based lblc and lblcr. Each walks the list in order;
// ties go to the first server in the list. Overload (ipvsadm's -x/-y thresholds) is not modelled.
import type { ModelServer } from './model';

export interface Load {
  active: number;
  inactive: number;
}

/** ip_vs_dest_conn_overhead (include/net/ip_vs.h): an active connection weighs as much as 256 inactive ones. */
export function overhead(load: Load): number {
  return load.active * 256 + load.inactive;
}

type Picker = (servers: readonly ModelServer[], loads: readonly Load[]) => number | null;

/** lc: the smallest overhead among servers of weight above 0. */
export const lcPick: Picker = (servers, loads) => {
  let least: number | null = null;
  for (let i = 0; i < servers.length; i++) {
    if (servers[i].weight === 0) continue;
    if (least === null || overhead(loads[i]) < overhead(loads[least])) least = i;
  }
  return least;
};

/**
 * The weighted minimum wlc, sed and lblc share: start at the first server of weight above 0, then take any later one
 * whose cost / weight is lower (compared as cost_least * w > cost * w_least: no fractions, a weight of 0 never wins).
 */
function weightedLeast(servers: readonly ModelServer[], cost: (i: number) => number, order: readonly number[]): number | null {
  const first = order.findIndex((i) => servers[i].weight > 0);
  if (first < 0) return null;
  let least = order[first];
  for (const i of order.slice(first + 1)) {
    if (cost(least) * servers[i].weight > cost(i) * servers[least].weight) least = i;
  }
  return least;
}

const listOrder = (servers: readonly ModelServer[]) => servers.map((_, i) => i);

/** wlc: the smallest overhead / weight. */
export const wlcPick: Picker = (servers, loads) => weightedLeast(servers, (i) => overhead(loads[i]), listOrder(servers));

/** sed: the smallest (active + 1) / weight: the expected delay if the new connection joined that server. */
export const sedPick: Picker = (servers, loads) => weightedLeast(servers, (i) => loads[i].active + 1, listOrder(servers));

/** nq: the first idle server (no active connection) of weight above 0, else as sed. */
export const nqPick: Picker = (servers, loads) => {
  let least: number | null = null;
  for (let i = 0; i < servers.length; i++) {
    if (servers[i].weight === 0) continue;
    if (loads[i].active === 0) return i;
    if (least === null || (loads[least].active + 1) * servers[i].weight > (loads[i].active + 1) * servers[least].weight) least = i;
  }
  return least;
};

/** fo: the server of highest weight (above 0), the first of them in the list. */
export const foPick: Picker = (servers) => {
  let best: number | null = null;
  for (let i = 0; i < servers.length; i++) if (servers[i].weight > (best === null ? 0 : servers[best].weight)) best = i;
  return best;
};

/** ovf: the server of highest weight among those whose active connections do not exceed their weight. */
export const ovfPick: Picker = (servers, loads) => {
  let best: number | null = null;
  for (let i = 0; i < servers.length; i++) {
    const w = servers[i].weight;
    if (w === 0 || loads[i].active > w) continue;
    if (best === null || w > servers[best].weight) best = i;
  }
  return best;
};

/** lblc's and lblcr's "overloaded": more active connections than its weight while some server is below half of its own. */
function isOverloaded(i: number, servers: readonly ModelServer[], loads: readonly Load[]): boolean {
  return loads[i].active > servers[i].weight && loads.some((l, j) => l.active * 2 < servers[j].weight);
}

/**
 * lblc: per destination address, a cached real server, used while its weight is above 0 and it is not overloaded;
 * otherwise wlc picks one and it replaces the cache entry. `cache` maps a destination to its server and is updated.
 */
export function lblcPick(servers: readonly ModelServer[], loads: readonly Load[], cache: Map<string, number>, destination: string): number | null {
  const cached = cache.get(destination);
  if (cached !== undefined && servers[cached].weight > 0 && !isOverloaded(cached, servers, loads)) return cached;
  const pick = wlcPick(servers, loads);
  if (pick !== null) cache.set(destination, pick);
  return pick;
}

/**
 * lblcr: per destination address, a set of real servers (newest first). The set's wlc minimum is used unless it is
 * overloaded; then wlc over all servers picks one, which joins the set. (The kernel drops the set's busiest server
 * when the set has not changed for lblcr_expiration, 24 hours by default: longer than any run.)
 */
export function lblcrPick(servers: readonly ModelServer[], loads: readonly Load[], sets: Map<string, number[]>, destination: string): number | null {
  const set = sets.get(destination);
  if (set) {
    const least = weightedLeast(servers, (i) => overhead(loads[i]), set);
    if (least !== null && !isOverloaded(least, servers, loads)) return least;
  }
  const pick = wlcPick(servers, loads);
  if (pick === null) return null;
  if (!set) sets.set(destination, [pick]);
  else if (!set.includes(pick)) set.unshift(pick);
  return pick;
}

export const LOAD_PICKERS = { lc: lcPick, wlc: wlcPick, sed: sedPick, nq: nqPick, fo: foPick, ovf: ovfPick } as const;
