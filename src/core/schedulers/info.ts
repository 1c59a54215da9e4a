// One line per scheduler, for the panel and the CLI: the handbook's words where it has them (its 调度算法 section:
// 静态 static rr 轮询, wrr, dh, sh; 动态 dynamic lc 最少连接, wlc 加权最少连接), else ipvsadm(8)'s.
import * as l10n from '@vscode/l10n';
import type { Scheduler } from '../lab';

/** What a scheduler decides by. */
export type SchedulerKind = 'static' | 'by address' | 'by connections' | 'by address and connections' | 'by weight';

export interface SchedulerInfo {
  name: string;
  kind: SchedulerKind;
  explanation: string;
}

// Getters: the name and explanation are translated when read (at use time), not when this module loads.
export const SCHEDULER_INFO: Readonly<Record<Scheduler, SchedulerInfo>> = {
  rr: {
    get name() {
      return l10n.t('round robin');
    },
    kind: 'static',
    get explanation() {
      return l10n.t('Static: each new connection to the next real server in turn (轮询), whatever their load.');
    },
  },
  wrr: {
    get name() {
      return l10n.t('weighted round robin');
    },
    kind: 'static',
    get explanation() {
      return l10n.t('Static: real servers in turn, each as often per cycle as its weight; higher weights get new connections first.');
    },
  },
  lc: {
    get name() {
      return l10n.t('least connection');
    },
    kind: 'by connections',
    get explanation() {
      return l10n.t('Dynamic (最少连接): the director tracks every connection from its handshake and gives a new one to the real server with the fewest.');
    },
  },
  wlc: {
    get name() {
      return l10n.t('weighted least connection');
    },
    kind: 'by connections',
    get explanation() {
      return l10n.t('Dynamic (加权最少连接): as lc, relative to weight: the fewest connections per unit of weight (Ci/Wi). ipvsadm’s default.');
    },
  },
  lblc: {
    get name() {
      return l10n.t('locality-based least connection');
    },
    kind: 'by address and connections',
    get explanation() {
      return l10n.t(
        'Connections to one destination address go to the same real server while it is not overloaded, else to one with fewer jobs, kept from then on.',
      );
    },
  },
  lblcr: {
    get name() {
      return l10n.t('locality-based least connection with replication');
    },
    kind: 'by address and connections',
    get explanation() {
      return l10n.t(
        'Each destination address has a set of real servers and goes to the least loaded of them; when all are overloaded, one more joins the set.',
      );
    },
  },
  dh: {
    get name() {
      return l10n.t('destination hashing');
    },
    kind: 'by address',
    get explanation() {
      return l10n.t('Static: a fixed hash table picks the real server by the destination address, so one destination always goes to one real server.');
    },
  },
  sh: {
    get name() {
      return l10n.t('source hashing');
    },
    kind: 'by address',
    get explanation() {
      return l10n.t('Static: a fixed hash table picks the real server by the source address, so one client always goes to one real server.');
    },
  },
  sed: {
    get name() {
      return l10n.t('shortest expected delay');
    },
    kind: 'by connections',
    get explanation() {
      return l10n.t('Each new connection to the real server where it would wait least: the smallest (active connections + 1) / weight.');
    },
  },
  nq: {
    get name() {
      return l10n.t('never queue');
    },
    kind: 'by connections',
    get explanation() {
      return l10n.t('A new connection to an idle real server if there is one, instead of waiting for a fast one; else as sed.');
    },
  },
  fo: {
    get name() {
      return l10n.t('weighted failover');
    },
    kind: 'by weight',
    get explanation() {
      return l10n.t('Every new connection to the available real server with the highest weight.');
    },
  },
  ovf: {
    get name() {
      return l10n.t('weighted overflow');
    },
    kind: 'by connections',
    get explanation() {
      return l10n.t('Every new connection to the real server with the highest weight until its active connections exceed its weight, then to the next.');
    },
  },
  mh: {
    get name() {
      return l10n.t('maglev hashing');
    },
    kind: 'by address',
    get explanation() {
      return l10n.t('Google’s Maglev consistent hashing of the source address: an almost equal share each, and few clients move when real servers change.');
    },
  },
};
