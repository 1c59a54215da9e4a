// One line per scheduler, for the panel and the CLI: the handbook's words where it has them (its 调度算法 section:
// 静态 static rr 轮询, wrr, dh, sh; 动态 dynamic lc 最少连接, wlc 加权最少连接), else ipvsadm(8)'s.
import type { Scheduler } from '../lab';

/** What a scheduler decides by. */
export type SchedulerKind = 'static' | 'by address' | 'by connections' | 'by address and connections' | 'by weight';

export interface SchedulerInfo {
  name: string;
  kind: SchedulerKind;
  explanation: string;
}

export const SCHEDULER_INFO: Readonly<Record<Scheduler, SchedulerInfo>> = {
  rr: { name: 'round robin', kind: 'static', explanation: 'Static: each new connection to the next real server in turn (轮询), whatever their load.' },
  wrr: {
    name: 'weighted round robin',
    kind: 'static',
    explanation: 'Static: real servers in turn, each as often per cycle as its weight; higher weights get new connections first.',
  },
  lc: {
    name: 'least connection',
    kind: 'by connections',
    explanation: 'Dynamic (最少连接): the director tracks every connection from its handshake and gives a new one to the real server with the fewest.',
  },
  wlc: {
    name: 'weighted least connection',
    kind: 'by connections',
    explanation: 'Dynamic (加权最少连接): as lc, relative to weight: the fewest connections per unit of weight (Ci/Wi). ipvsadm’s default.',
  },
  lblc: {
    name: 'locality-based least connection',
    kind: 'by address and connections',
    explanation:
      'Connections to one destination address go to the same real server while it is not overloaded, else to one with fewer jobs, kept from then on.',
  },
  lblcr: {
    name: 'locality-based least connection with replication',
    kind: 'by address and connections',
    explanation: 'Each destination address has a set of real servers and goes to the least loaded of them; when all are overloaded, one more joins the set.',
  },
  dh: {
    name: 'destination hashing',
    kind: 'by address',
    explanation: 'Static: a fixed hash table picks the real server by the destination address, so one destination always goes to one real server.',
  },
  sh: {
    name: 'source hashing',
    kind: 'by address',
    explanation: 'Static: a fixed hash table picks the real server by the source address, so one client always goes to one real server.',
  },
  sed: {
    name: 'shortest expected delay',
    kind: 'by connections',
    explanation: 'Each new connection to the real server where it would wait least: the smallest (active connections + 1) / weight.',
  },
  nq: {
    name: 'never queue',
    kind: 'by connections',
    explanation: 'A new connection to an idle real server if there is one, instead of waiting for a fast one; else as sed.',
  },
  fo: { name: 'weighted failover', kind: 'by weight', explanation: 'Every new connection to the available real server with the highest weight.' },
  ovf: {
    name: 'weighted overflow',
    kind: 'by connections',
    explanation: 'Every new connection to the real server with the highest weight until its active connections exceed its weight, then to the next.',
  },
  mh: {
    name: 'maglev hashing',
    kind: 'by address',
    explanation: 'Google’s Maglev consistent hashing of the source address: an almost equal share each, and few clients move when real servers change.',
  },
};
