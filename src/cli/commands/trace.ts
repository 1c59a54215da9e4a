// `lvs-lab trace`: one request to the VIP, captured on every node, as a table of hops per packet with the
// fields that changed since the hop before marked, and the mode's lesson checked against it.
import type { Command } from 'commander';
import type { HopField, TracedPacket } from '../../core/trace';
import type { TraceResult } from '../../service/labService';
import { setup } from '../context';
import type { Output } from '../output';

export function registerTrace(program: Command): void {
  program
    .command('trace')
    .description('capture one request to the VIP with tcpdump on every node and show its path hop by hop: MACs, addresses, ports, what changed')
    .action(async (_o: unknown, cmd: Command) => {
      const { out, service } = setup(cmd);
      out.progress('trace: starting tcpdump on every node…');
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
      ['hop', 'node/iface', 'src MAC (node)', 'dst MAC (node)', ...(tunnel ? ['outer IP'] : []), 'src IP:port', 'dst IP:port'],
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
  out.line('* changed since the hop before');
  out.line(
    `One request from ${t.client.ip}:${t.client.port} to ${t.vip}:${t.port}, ` +
      `${result.request.status === 0 ? 'never answered' : `answered by ${result.request.page || '(no page)'} (HTTP ${result.request.status})`}; ` +
      `${t.seen} packets of it seen${t.skipped ? `, ${t.skipped} other lines skipped` : ''}.`,
  );
  out.line(`${t.lesson.claim}`);
  out.line(t.lesson.confirmed ? 'The trace confirms it:' : 'The trace does NOT confirm it:');
  for (const e of t.lesson.evidence) out.line(`  ${e}`);
}

function title(p: TracedPacket): string {
  const from = p.hops[0];
  const way = p.toServer ? 'client → server' : 'server → client';
  return `${p.kinds.join(' + ')} (${way}, flags [${from.flags}]${from.length ? `, ${from.length} bytes` : ''})`;
}

function mac(address: string | null, owner: string | null): string {
  if (!address) return '– (no link header)';
  return `${address} (${owner ?? '?'})`;
}
