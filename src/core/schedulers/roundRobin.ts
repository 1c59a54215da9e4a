// rr and wrr as the kernel runs them (net/netfilter/ipvs/ip_vs_rr.c, ip_vs_wrr.c): a position in the service's
// list of real servers that each new connection moves on. Servers are given in the kernel's list order.
import type { ModelServer } from './model';

/**
 * The scheduler's state: `last` is the index of the real server picked last, -1 for the list's head (nothing
 * picked since the scheduler was bound, or for wrr since a real server was added or changed); `cw` is wrr's
 * current weight (unused by rr).
 */
export interface RoundRobinState {
  last: number;
  cw: number;
}

function gcd(a: number, b: number): number {
  while (b !== 0) [a, b] = [b, a % b];
  return a;
}

/** wrr's step di (gcd of the weights above 0, else 1) and its top weight mw = max weight - (di - 1), as ip_vs_wrr.c. */
export function wrrSteps(servers: readonly ModelServer[]): { di: number; mw: number } {
  let g = 0;
  let max = 0;
  for (const { weight } of servers) {
    if (weight > 0) g = g > 0 ? gcd(weight, g) : weight;
    if (weight > max) max = weight;
  }
  const di = g || 1;
  return { di, mw: max - (di - 1) };
}

/**
 * One rr pick (ip_vs_rr_schedule): from the server after the last one, once around the list, the first with a weight
 * above 0; the last one itself is checked last. Null (position kept) when every weight is 0.
 */
export function rrPick(servers: readonly ModelServer[], state: RoundRobinState): number | null {
  const n = servers.length;
  for (let k = 1; k <= n; k++) {
    const i = (state.last + k) % n;
    if (servers[i].weight > 0) {
      state.last = i;
      return i;
    }
  }
  return null;
}

/**
 * One wrr pick (ip_vs_wrr_schedule): go on along the list after the last pick to the first server whose weight is at
 * least cw; at the end of the list lower cw by di and start again from the head; below 1, cw starts over at mw. So a
 * cycle has the passes cw = mw, mw - di, ... down to 1, each taking, in list order, every server with weight >= cw.
 * Null when no weight is above 0.
 */
export function wrrPick(servers: readonly ModelServer[], state: RoundRobinState): number | null {
  const { di, mw } = wrrSteps(servers);
  if (mw <= 0) return null;
  const last = state.last;
  let from = last;
  // The kernel's guard for overloaded servers (not modelled, so never hit with a weight above 0): stop after one
  // full look at every server with cw at its lowest.
  let stop = -2;
  let lastPass = false;
  let restarted = false;
  for (;;) {
    for (let i = from + 1; i < servers.length; i++) {
      if (servers[i].weight >= state.cw) {
        state.last = i;
        return i;
      }
      if (i === stop) {
        state.last = i;
        return null;
      }
    }
    from = -1;
    state.cw -= di;
    if (state.cw <= 0) {
      state.cw = mw;
      if (lastPass || last === -1) {
        state.last = -1;
        return null;
      }
      restarted = true;
    }
    lastPass = state.cw <= di;
    if (lastPass && restarted && last !== -1) stop = last;
  }
}

/** The cycle's beginning: as the scheduler is when bound to a service that already has its real servers (init_service). */
export function boundState(scheduler: 'rr' | 'wrr', servers: readonly ModelServer[]): RoundRobinState {
  return { last: -1, cw: scheduler === 'wrr' ? wrrSteps(servers).mw : 0 };
}

/**
 * The state of a service just built by `ipvsadm -A -s <scheduler>` and then one `ipvsadm -a` per real server, nothing
 * scheduled yet. rr: at the list head (adding a server does not move it). wrr: at the head with the cw that
 * ip_vs_wrr_dest_changed leaves after each addition: created empty, cw = 0; after each add, cw = mw if cw was 0 or
 * above the new mw, else rounded to the new step (cw / di * di + 1). Each add puts its server first, so after k adds
 * the list is the last k servers of the final list.
 */
export function newServiceState(scheduler: 'rr' | 'wrr', servers: readonly ModelServer[]): RoundRobinState {
  if (scheduler === 'rr') return { last: -1, cw: 0 };
  let cw = 0;
  for (let k = 1; k <= servers.length; k++) {
    const { di, mw } = wrrSteps(servers.slice(servers.length - k));
    if (cw > mw || cw === 0) cw = mw;
    else if (di > 1) cw = Math.floor(cw / di) * di + 1;
  }
  return { last: -1, cw };
}

/**
 * The kernel's cycle of picks (indexes), from its beginning. rr: every server with a weight above 0, in list order.
 * wrr: for cw = mw, mw - di, ... while above 0, every server with weight >= cw, in list order. Empty when no weight
 * is above 0.
 */
export function roundRobinCycle(scheduler: 'rr' | 'wrr', servers: readonly ModelServer[]): number[] {
  const indexes = servers.map((_, i) => i);
  if (scheduler === 'rr') return indexes.filter((i) => servers[i].weight > 0);
  const { di, mw } = wrrSteps(servers);
  const cycle: number[] = [];
  for (let cw = mw; cw > 0; cw -= di) for (const i of indexes) if (servers[i].weight >= cw) cycle.push(i);
  return cycle;
}
