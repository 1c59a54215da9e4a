// `lvs-lab l4`: the director only forwards. Large downloads through the VIP with every node's sockets read
// while they run, and the director's byte counters before and after, checked against the mode's claim.
import * as l10n from '@vscode/l10n';
import type { Command } from 'commander';
import { L4_DEFAULTS, L4_LIMITS, parseSize, type L4Lesson } from '../../core/l4';
import { endpointText } from '../../core/parsers';
import { intArg } from '../args';
import { setup } from '../context';
import type { Output } from '../output';

export function registerL4(program: Command): void {
  program
    .command('l4')
    .description(
      l10n.t(
        "the director only forwards: large downloads through the VIP, the director's sockets (none on the port) next to the real servers', and its byte counters (DR: requests only; NAT: the responses too)",
      ),
    )
    .option('--size <size>', l10n.t('size of the file each download fetches (K, M, G; at most {0}M)', L4_LIMITS.maxSizeBytes / 1024 ** 2), '4M')
    .option('--downloads <n>', l10n.t('downloads at once (1 to {0})', L4_LIMITS.maxDownloads), intArg(1, L4_LIMITS.maxDownloads), L4_DEFAULTS.downloads)
    .action(async (o: { size: string; downloads: number }, cmd: Command) => {
      const { out, service } = setup(cmd);
      const sizeBytes = parseSize(o.size);
      out.progress(l10n.t('l4: {0} downloads of {1} through the VIP, about {2} s each…', o.downloads, o.size, L4_DEFAULTS.seconds));
      const r = await service.l4({ sizeBytes, downloads: o.downloads });
      if (out.json) return out.data(r);
      printL4(out, r.lesson);
    });
}

const bytes = (n: number) => n.toLocaleString('en-US');

export function printL4(out: Output, l: L4Lesson): void {
  out.line(l10n.t('While the downloads ran — sockets on port {0}:', l.port));
  out.table(
    [l10n.t('node'), l10n.t('sockets on the port'), l10n.t('connections (client ↔ node)')],
    [
      [
        l10n.t('{0} (director)', l.director),
        l.during.directorSockets.length,
        l.during.directorSockets.map((s) => `${endpointText(s.local)} ${s.state ?? ''}`).join(', ') ||
          l10n.t('none ({0} IPVS entries ESTABLISHED)', l.during.directorEstablished),
      ],
      ...l.during.realServers.map((r) => [
        r.node,
        r.sockets.length,
        r.sockets.map((s) => `${endpointText(s.foreign)} → ${endpointText(s.local)}${s.state === 'ESTABLISHED' ? '' : ` ${s.state}`}`).join(', ') || '–',
      ]),
    ],
  );
  out.line(l10n.t("{0}'s counters for {1} (ipvsadm -Ln --stats --exact), after minus before:", l.director, `${l.vip}:${l.port}`));
  out.table(
    ['Conns', 'InPkts', 'OutPkts', 'InBytes', 'OutBytes'],
    [[l.counters.conns, l.counters.inPkts, l.counters.outPkts, bytes(l.counters.inBytes), bytes(l.counters.outBytes)]],
  );
  out.line(l.lesson.claim);
  out.line(l.lesson.confirmed ? l10n.t('Seen:') : l10n.t('NOT confirmed:'));
  for (const e of l.lesson.evidence) out.line(`  ${e}`);
}
