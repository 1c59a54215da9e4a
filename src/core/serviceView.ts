// The panel shows one table per virtual service: `ipvsadm -Ln` joined with the
// --stats and --rate forms of the same moment, by service key and destination.
import type { IpvsList, IpvsRate, IpvsRateTable, IpvsStats, IpvsStatsTable } from './parsers';

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
  flags: string[];
  stats: IpvsStats | null;
  rate: IpvsRate | null;
  destinations: DestinationView[];
}

const hostPort = (e: { ip: string; port: number }) => (e.ip.includes(':') ? `[${e.ip}]:${e.port}` : `${e.ip}:${e.port}`);

export function joinServiceTables(list: IpvsList, stats: IpvsStatsTable, rate: IpvsRateTable): ServiceView[] {
  return list.services.map((svc) => {
    const s = stats.services.find((x) => x.key === svc.key);
    const r = rate.services.find((x) => x.key === svc.key);
    return {
      key: svc.key,
      scheduler: svc.scheduler,
      flags: svc.flags,
      stats: s?.stats ?? null,
      rate: r?.rate ?? null,
      destinations: svc.destinations.map((d) => {
        const address = hostPort(d.address);
        return {
          address,
          forward: d.forward,
          weight: d.weight,
          activeConn: d.activeConn,
          inActConn: d.inActConn,
          stats: s?.destinations.find((x) => hostPort(x.address) === address)?.stats ?? null,
          rate: r?.destinations.find((x) => hostPort(x.address) === address)?.rate ?? null,
        };
      }),
    };
  });
}
