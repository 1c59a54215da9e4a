// `lvs-lab trace`: one request to the VIP, captured on every node, as a table of hops per packet with the
// fields that changed since the hop before marked, and the mode's lesson checked against it.
import * as l10n from '@vscode/l10n';
import type { Command } from 'commander';
import type { HopField, TracedPacket } from '../../core/trace';
import type { TraceResult } from '../../service/labService';
import { setup } from '../context';
import type { Output } from '../output';

export function registerTrace(program: Command): void {
  program
    .command('trace')
    .description(l10n.t('capture one request to the VIP with tcpdump on every node and show its path hop by hop: MACs, addresses, ports, what changed'))
    .action(async (_o: unknown, cmd: Command) => {
      const { out, service } = setup(cmd);
      out.progress(l10n.t('trace: starting tcpdump on every node…'));
      const result = await service.trace();
      if (out.json) return out.data(result);
      printTrace(out, result, !!process.stdout.isTTY);
    });
}

export function printTrace(out: Output, result: TraceResult, colour: boolean): void {
  const t = result.trace;
  const mark = (text: string, changed: boolean) => (changed ? (colour ? `\x1b[1;33m${text} *\x1b[0m` : `${text} *`) : text);
  const tunnel = t.packets.some((p) => p.hops.some((h) => h.outer));
  for (const p of t.packets) {
    out.line(`${title(p)}`);
    out.table(
      [
        l10n.t('hop'),
        l10n.t('node/iface'),
        l10n.t('src MAC (node)'),
        l10n.t('dst MAC (node)'),
        ...(tunnel ? [l10n.t('outer IP')] : []),
        l10n.t('src IP:port'),
        l10n.t('dst IP:port'),
      ],
      p.hops.map((h, i) => {
        const c = (f: HopField) => h.changed.includes(f);
        return [
          i + 1,
          `${h.node}/${h.iface} ${h.direction}`,
          mark(mac(h.srcMac, h.srcMacOwner), c('srcMac')),
          mark(mac(h.dstMac, h.dstMacOwner), c('dstMac')),
          ...(tunnel ? [mark(h.outer ? `${h.outer.src} → ${h.outer.dst}` : '–', c('outerSrc') || c('outerDst'))] : []),
          `${mark(h.src, c('src'))}:${mark(String(h.srcPort), c('srcPort'))}`,
          `${mark(h.dst, c('dst'))}:${mark(String(h.dstPort), c('dstPort'))}`,
        ];
      }),
    );
  }
  out.line(l10n.t('* changed since the hop before'));
  const answer =
    result.request.status === 0
      ? l10n.t('never answered')
      : l10n.t('answered by {0} (HTTP {1})', result.request.page || l10n.t('(no page)'), result.request.status);
  const skipped = t.skipped ? l10n.t(', {0} other lines skipped', t.skipped) : '';
  out.line(
    l10n.t('One request from {0} to {1}, {2}; {3} packets of it seen{4}.', `${t.client.ip}:${t.client.port}`, `${t.vip}:${t.port}`, answer, t.seen, skipped),
  );
  out.line(`${t.lesson.claim}`);
  out.line(t.lesson.confirmed ? l10n.t('The trace confirms it:') : l10n.t('The trace does NOT confirm it:'));
  for (const e of t.lesson.evidence) out.line(`  ${e}`);
}

function title(p: TracedPacket): string {
  const from = p.hops[0];
  const way = p.toServer ? l10n.t('client → server') : l10n.t('server → client');
  return `${p.kinds.join(' + ')} (${way}, flags [${from.flags}]${from.length ? l10n.t(', {0} bytes', from.length) : ''})`;
}

function mac(address: string | null, owner: string | null): string {
  if (!address) return l10n.t('– (no link header)');
  return `${address} (${owner ?? '?'})`;
}
