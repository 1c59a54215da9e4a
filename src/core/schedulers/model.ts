// The input and output of the scheduler model (src/core/schedulers/): what the kernel is told, what it would do.
import type { Scheduler } from '../lab';
import type { RoundRobinState } from './roundRobin';

export interface ModelServer {
  /** The name the load test reports for this real server (the page it serves names its node). */
  name: string;
  /** ipvsadm's -w: 0 to 65535; 0 is a quiesced server that gets no new connections. */
  weight: number;
}

/**
 * Connections a real server already holds when the run starts, as `ipvsadm -Ln` shows them (ActiveConn, InActConn).
 * The model keeps them for the whole run.
 */
export interface HeldConnections {
  active: number;
  /** Finished connections still in the table (FIN_WAIT, TIME_WAIT: about 2 minutes after they end). Default 0. */
  inactive?: number;
}

export interface ModelInput {
  scheduler: Scheduler;
  /**
   * The real servers in the kernel's list order for the virtual service. That is NOT the order they were added:
   * each `ipvsadm -a` puts its server first (list_add_rcu in __ip_vs_update_dest), so the list is the reverse of
   * the order of adding (serviceOrder() turns one into the other), and `ipvsadm -Ln` sorts by address unless
   * given --nosort.
   */
  servers: readonly ModelServer[];
  /** The virtual service's address: every request's destination (dh, lblc and lblcr schedule by it). */
  vip: string;
  /** The requests in the order they reach the director, each with its source address as the director sees it. */
  requests: readonly { source: string }[];
  held?: Readonly<Record<string, HeldConnections>>;
  /**
   * Requests in flight at once, as the load test's concurrency; default 1. 1: every request's connection ends
   * (`Connection: close`) before the next one starts, so at its scheduling it counts as inactive, no longer
   * active. More: the model lets each connection end when the one `concurrency` requests later starts (in the
   * order they began). Finished connections stay counted as inactive for the rest of the run.
   */
  concurrency?: number;
  /**
   * ipvsadm's -p, in seconds; 0 or absent: not persistent. When persistent, a source keeps the real server its
   * first connection was given (per client address: netmask 255.255.255.255), and the scheduler is asked only for a
   * source's first connection. The model assumes the run is shorter than the timeout and that no source has a
   * persistence template yet.
   */
  persistence?: number;
  /**
   * Where rr's and wrr's position is when the run starts (their other schedulers keep no position):
   * - 'unknown' (default): a running service, anywhere in its cycle. The picks shown start at the cycle's
   *   beginning; the split is exact when the requests fill whole cycles, and compareSplit accepts the split of
   *   any run of as many consecutive picks of the cycle.
   * - 'new service': the service was just created (`ipvsadm -A`), then its real servers were added one by one
   *   (`ipvsadm -a`), and nothing has been scheduled since: the lab's own setup. The sequence is then exact.
   * - a state from an earlier prediction's `end`, to carry on from it (exact when nothing else reached the VIP).
   */
  start?: 'unknown' | 'new service' | RoundRobinState;
}

/**
 * exact: the kernel's own computation, reproduced (rr, wrr, sh, dh, fo).
 * rule: the kernel's rule on live counts the model can only estimate (connections end and expire on their own
 * time) or on state it cannot see (lblc's and lblcr's cache) or a hash it does not reproduce (mh).
 */
export type PredictionKind = 'exact' | 'rule';

/** How compareSplit holds a measured split against a prediction. */
export type SplitCheck =
  | { by: 'equal split' }
  /** rr/wrr from an unknown position: the split of `calls` consecutive scheduler calls, from any place in `cycle`. */
  | { by: 'any run of the cycle'; cycle: readonly string[]; calls: readonly number[] }
  | { by: 'counts within tolerance' }
  /** Every source stayed with one real server. */
  | { by: 'one real server per source'; sources: number }
  /** Requests went to at most this many real servers. */
  | { by: 'at most this many real servers'; servers: number };

export interface Prediction {
  scheduler: Scheduler;
  kind: PredictionKind;
  /** What the prediction rests on, in words: the kernel's sequence, or the rule with its formula. */
  basis: string;
  /** Per request, the real server's name; null where the kernel finds none (the request fails). Null when the model cannot name them (mh). */
  picks: (string | null)[] | null;
  /** Requests per real server, every real server listed in list order (0 included). Null when the model cannot name them. */
  split: Record<string, number> | null;
  /** Requests for which the kernel would find no real server (weight 0 everywhere, a quiesced sh/dh bucket). */
  failed: number | null;
  /** rr/wrr: the kernel's cycle of picks, from its beginning (as when the scheduler is bound to the service). */
  cycle: string[] | null;
  /** True when the picks depend on rr's/wrr's position before the run (start 'unknown'). */
  dependsOnStart: boolean;
  /** rr/wrr: the scheduler's state after the last request, to pass as the next run's `start`. */
  end: RoundRobinState | null;
  check: SplitCheck;
}
