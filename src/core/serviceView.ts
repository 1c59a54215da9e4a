// The panel shows one table per virtual service: `ipvsadm -Ln` joined with the
// --stats and --rate forms of the same moment, by service key and destination.
import { endpointText, type IpvsList, type IpvsRate, type IpvsRateTable, type IpvsStats, type IpvsStatsTable } from './parsers';

export interface DestinationView {
  address: string;
  forward: string;
  weight: number;
  activeConn: number;
  inActConn: number;
  stats: IpvsStats | null;
  rate: IpvsRate | null;
}

export interface ServiceView {
  key: string;
  scheduler: string;
  /** Persistence timeout in seconds, null when not persistent. */
  persistent: number | null;
  flags: string[];
  stats: IpvsStats | null;
  rate: IpvsRate | null;
  destinations: DestinationView[];
}

export function joinServiceTables(list: IpvsList, stats: IpvsStatsTable, rate: IpvsRateTable): ServiceView[] {
  return list.services.map((svc) => {
    const s = stats.services.find((x) => x.key === svc.key);
    const r = rate.services.find((x) => x.key === svc.key);
    return {
      key: svc.key,
      scheduler: svc.scheduler,
      persistent: svc.persistent,
      flags: svc.flags,
      stats: s?.stats ?? null,
      rate: r?.rate ?? null,
      destinations: svc.destinations.map((d) => {
        const address = endpointText(d.address);
        return {
          address,
          forward: d.forward,
          weight: d.weight,
          activeConn: d.activeConn,
          inActConn: d.inActConn,
          stats: s?.destinations.find((x) => endpointText(x.address) === address)?.stats ?? null,
          rate: r?.destinations.find((x) => endpointText(x.address) === address)?.rate ?? null,
        };
      }),
    };
  });
}
