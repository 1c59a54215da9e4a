// The split a load test should give, next to the one it gave: the director's live table (scheduler, weights in the
// kernel's list order, persistence, connections already counted) read just before the requests, run through the
// scheduler model (./schedulers). The live table, not the lab file: it follows every live change.
import * as l10n from '@vscode/l10n';
import { realServers, SCHEDULERS, type Lab, type Scheduler } from './lab';
import type { LoadStats } from './loadStats';
import { parseIpvsadmList } from './parsers';
import { realServerAddress } from './plan';
import { compareSplit, predict, type MeasuredSplit, type PredictionKind } from './schedulers';

/** The kernel's list order (ipvsadm sorts by address otherwise): rr, wrr and the hash tables follow it. */
export const LIVE_SERVICE_ARGV = ['ipvsadm', '-Ln', '--nosort'];

export interface LiveServer {
  /** The real server's node name, or its address when no node of the lab has it. */
  name: string;
  weight: number;
  /** ActiveConn and InActConn when read: held connections included. */
  active: number;
  inactive: number;
}

export interface LiveService {
  scheduler: string;
  /** Persistence timeout in seconds; null when not persistent. */
  persistence: number | null;
  /** In the kernel's list order. */
  servers: LiveServer[];
}

/** The lab's virtual service from `ipvsadm -Ln --nosort`; throws one sentence when it is not there. */
export function liveService(text: string, lab: Lab): LiveService {
  const { vip, port } = lab.service;
  const svc = parseIpvsadmList(text).services.find((s) => s.protocol === 'TCP' && s.address?.ip === vip && s.address.port === port);
  if (!svc) throw new Error(l10n.t('the director has no virtual service {0}', `${vip}:${port}`));
  const names = new Map(realServers(lab).map((rs) => [realServerAddress(lab, rs), rs.name]));
  return {
    scheduler: svc.scheduler,
    persistence: svc.persistent,
    servers: svc.destinations.map((d) => ({ name: names.get(d.address.ip) ?? d.address.ip, weight: d.weight, active: d.activeConn, inactive: d.inActConn })),
  };
}

export interface PredictionRow {
  server: string;
  /** The weight when the load started; null for a real server the director did not list (it answered anyway). */
  weight: number | null;
  /** Its ActiveConn and InActConn then (held connections included). */
  active: number;
  inactive: number;
  /** Null where the model names no count (mh). */
  predicted: number | null;
  measured: number;
  matches: boolean;
}

export interface LoadPrediction {
  scheduler: Scheduler;
  kind: PredictionKind;
  /** What the prediction rests on: the kernel's sequence, or the rule. */
  basis: string;
  /** What was checked, in words. */
  check: string;
  matches: boolean;
  persistence: number | null;
  /** Per real server, in the kernel's list order. */
  rows: PredictionRow[];
}

/**
 * The rules (lc, wlc, …) are held to every count within `concurrency` requests: the model lets each connection end
 * when the one `concurrency` later starts, and each that really ends earlier or later can move one pick.
 */
export const ruleTolerance = (concurrency: number): number => Math.max(1, concurrency);

export function isScheduler(name: string): name is Scheduler {
  return (SCHEDULERS as readonly string[]).includes(name);
}

/** The model's split for the requests (their sources in the order sent) against the measured one. Throws for a scheduler it has no model of. */
export function predictLoad(live: LiveService, vip: string, sources: readonly string[], concurrency: number, measured: MeasuredSplit): LoadPrediction {
  const scheduler = live.scheduler;
  if (!isScheduler(scheduler)) throw new Error(l10n.t('there is no model of the {0} scheduler', scheduler));
  const prediction = predict({
    scheduler,
    servers: live.servers.map((s) => ({ name: s.name, weight: s.weight })),
    vip,
    requests: sources.map((source) => ({ source })),
    held: Object.fromEntries(live.servers.map((s) => [s.name, { active: s.active, inactive: s.inactive }])),
    concurrency,
    persistence: live.persistence ?? 0,
    start: 'unknown',
  });
  const comparison = compareSplit(prediction, measured, ruleTolerance(concurrency));
  const byName = new Map(live.servers.map((s) => [s.name, s]));
  return {
    scheduler,
    kind: prediction.kind,
    basis: prediction.basis,
    check: comparison.check,
    matches: comparison.matches,
    persistence: live.persistence,
    rows: comparison.servers.map((c) => {
      const s = byName.get(c.server);
      return { ...c, weight: s?.weight ?? null, active: s?.active ?? 0, inactive: s?.inactive ?? 0 };
    }),
  };
}

/** The measured split as compareSplit takes it. */
export function measuredSplit(stats: LoadStats, bySource: readonly { source: string; backends: Record<string, number> }[]): MeasuredSplit {
  return {
    counts: Object.fromEntries(stats.backends.map((b) => [b.backend, b.count])),
    bySource: Object.fromEntries(bySource.map((s) => [s.source, s.backends])),
  };
}
