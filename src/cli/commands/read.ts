// Reading the lab: the connection table (once or live), sockets, the virtual services.
import * as l10n from '@vscode/l10n';
import { Command, Option } from 'commander';
import { director } from '../../core/lab';
import { endpointText } from '../../core/parsers/endpoint';
import { clockTime } from '../../core/time';
import { intArg, numberArg } from '../args';
import { setup } from '../context';

export function registerRead(program: Command): void {
  program
    .command('conns')
    .description(l10n.t("connection entries: the director's IPVS table (ipvsadm -Lnc), or netstat -natp on another node"))
    .option('--node <name>', l10n.t('node to read'), '')
    .action(async (o: { node: string }, cmd: Command) => {
      const { out, service, lab } = setup(cmd);
      const dir = director(lab).name;
      const node = o.node || dir;
      if (!lab.nodes.some((n) => n.name === node)) throw new Error(l10n.t('No node "{0}"; the nodes are {1}', node, lab.nodes.map((n) => n.name).join(', ')));
      if (node === dir) {
        const conns = await service.connections();
        if (out.json) return out.data(conns);
        out.table(
          ['pro', 'expire', 'state', 'source', 'virtual', 'destination'],
          conns.map((c) => [c.protocol, `${c.expireSeconds}s`, c.state, ep(c.source), ep(c.virtual), ep(c.destination)]),
        );
        out.line(l10n.t('{0} entries on {1}', conns.length, node));
      } else {
        const sockets = await service.sockets(node);
        if (out.json) return out.data(sockets);
        out.table(
          ['proto', 'local', 'foreign', 'state', 'program'],
          sockets.map((s) => [s.proto, ep(s.local), ep(s.foreign), s.state ?? '', s.program ? `${s.pid}/${s.program}` : '-']),
        );
      }
    });

  program
    .command('watch')
    .description(l10n.t("the director's connection table, live (as `watch ipvsadm -lnc`); with --json one JSON line per snapshot"))
    .addOption(new Option('--interval <s>', l10n.t('seconds between snapshots')).default(1).argParser(numberArg(0.2, 60)))
    .addOption(new Option('--count <n>', l10n.t('stop after this many snapshots')).argParser(intArg(1, 1_000_000)))
    .action(async (o: { interval: number; count?: number }, cmd: Command) => {
      const { out, service, lab } = setup(cmd);
      const dir = director(lab).name;
      const tty = !out.json && !!process.stdout.isTTY;
      let seen = 0;
      await new Promise<void>((resolve) => {
        const watch = service.live.watch({ intervalMs: o.interval * 1000, sections: ['conns'] }, (tick) => {
          if (tick.node !== dir) return;
          if (out.json)
            out.line(
              JSON.stringify({ node: dir, readAt: tick.readAt.toISOString(), durationMs: tick.durationMs, error: tick.error, conns: tick.snapshot?.conns }),
            );
          else if (tick.error) out.note(l10n.t('{0}: {1} (trying again)', dir, tick.error));
          else {
            if (tty) process.stdout.write('\x1b[H\x1b[2J');
            const conns = tick.snapshot?.conns ?? [];
            out.line(
              l10n.t('Every {0} s: ipvsadm -Lnc on {1} — {2} ({3} ms), {4} entries', o.interval, dir, clockTime(tick.readAt), tick.durationMs, conns.length),
            );
            out.table(
              ['pro', 'expire', 'state', 'source', 'virtual', 'destination'],
              conns.map((c) => [c.protocol, `${c.expireSeconds}s`, c.state, ep(c.source), ep(c.virtual), ep(c.destination)]),
            );
          }
          if (!tick.error && o.count !== undefined && ++seen >= o.count) stop();
        });
        const stop = () => {
          watch.dispose();
          resolve();
        };
        process.once('SIGINT', stop);
      });
    });

  program
    .command('services')
    .description(l10n.t("the director's virtual services: ipvsadm -Ln joined with --stats and --rate"))
    .action(async (_o, cmd: Command) => {
      const { out, service } = setup(cmd);
      const services = await service.services();
      if (out.json) return out.data(services);
      for (const svc of services) {
        out.line(`${svc.key} ${svc.scheduler} ${svc.flags.join(' ')}`.trim());
        const rows = [
          [l10n.t('(service)'), '', '', '', '', ...counters(svc.stats), ...rates(svc.rate)],
          ...svc.destinations.map((d) => [d.address, d.forward, d.weight, d.activeConn, d.inActConn, ...counters(d.stats), ...rates(d.rate)]),
        ];
        out.table(
          [
            'destination',
            'forward',
            'weight',
            'active',
            'inact',
            'conns',
            'inpkts',
            'outpkts',
            'inbytes',
            'outbytes',
            'cps',
            'inpps',
            'outpps',
            'inbps',
            'outbps',
          ],
          rows,
        );
      }
    });
}

function counters(s: { conns: number; inPkts: number; outPkts: number; inBytes: number; outBytes: number } | null) {
  return s ? [s.conns, s.inPkts, s.outPkts, s.inBytes, s.outBytes] : ['-', '-', '-', '-', '-'];
}

function rates(r: { cps: number; inPPS: number; outPPS: number; inBPS: number; outBPS: number } | null) {
  return r ? [r.cps, r.inPPS, r.outPPS, r.inBPS, r.outBPS] : ['-', '-', '-', '-', '-'];
}

export function ep(e: Parameters<typeof endpointText>[0] | null | undefined): string {
  return e ? endpointText(e) : '-';
}
