// The packet trace as the Lessons tab shows it: one table per packet kind, one row per hop, and per cell
// whether it changed since the hop before. Pure, so it is unit-tested without a DOM.
import * as l10n from '@vscode/l10n';
import type { TraceMessage } from '../src/protocol/messages';

type Hop = TraceMessage['packets'][number]['hops'][number];
type HopField = Hop['changed'][number];
type Kind = TraceMessage['packets'][number]['kinds'][number];

export const TRACE_KINDS: readonly Kind[] = ['SYN', 'SYN-ACK', 'ACK', 'request', 'response', 'FIN'];

/** The columns; each label looked up when drawn (l10n). */
export const TRACE_COLUMNS = [
  { key: 'at', label: () => l10n.t('Node / interface'), fields: [] },
  { key: 'srcMac', label: () => l10n.t('Src MAC (node)'), fields: ['srcMac'] },
  { key: 'dstMac', label: () => l10n.t('Dst MAC (node)'), fields: ['dstMac'] },
  { key: 'outer', label: () => l10n.t('Outer IP header'), fields: ['outerSrc', 'outerDst'] },
  { key: 'src', label: () => l10n.t('Src IP:port'), fields: ['src', 'srcPort'] },
  { key: 'dst', label: () => l10n.t('Dst IP:port'), fields: ['dst', 'dstPort'] },
] as const satisfies readonly { key: string; label: () => string; fields: readonly HopField[] }[];

export type TraceColumn = (typeof TRACE_COLUMNS)[number]['key'];

export interface TraceCell {
  column: TraceColumn;
  text: string;
  changed: boolean;
}

export interface TraceRow {
  node: string;
  direction: 'in' | 'out';
  /** The hop's changed fields, as the trace names them (data-changed). */
  changed: HopField[];
  cells: TraceCell[];
}

export interface TraceTable {
  kind: Kind;
  /** "client → service" or "service → client", with the kinds this packet also is. */
  caption: string;
  rows: TraceRow[];
}

const mac = (m: string | null, owner: string | null) => (m ? `${m} (${owner ?? '?'})` : '–');

function cellText(h: Hop, column: TraceColumn): string {
  switch (column) {
    case 'at':
      return h.direction === 'out' ? l10n.t('{0} sent', `${h.node}/${h.iface}`) : l10n.t('{0} received', `${h.node}/${h.iface}`);
    case 'srcMac':
      return mac(h.srcMac, h.srcMacOwner);
    case 'dstMac':
      return mac(h.dstMac, h.dstMacOwner);
    case 'outer':
      return h.outer ? `${h.outer.src} → ${h.outer.dst}` : '–';
    case 'src':
      return `${h.src}:${h.srcPort}`;
    case 'dst':
      return `${h.dst}:${h.dstPort}`;
  }
}

/** One table per packet kind seen; a packet that is two kinds (a response carrying the FIN) is in both. */
export function traceTables(trace: TraceMessage): TraceTable[] {
  return TRACE_KINDS.flatMap((kind) => {
    const p = trace.packets.find((x) => x.kinds.includes(kind));
    if (!p) return [];
    const also = p.kinds.filter((k) => k !== kind);
    const way = p.toServer ? l10n.t('client → service') : l10n.t('service → client');
    const caption = also.length ? l10n.t('{0} (also the {1})', way, also.join(', ')) : way;
    const rows = p.hops.map((h) => ({
      node: h.node,
      direction: h.direction,
      changed: h.changed,
      cells: TRACE_COLUMNS.map((c) => ({
        column: c.key,
        text: cellText(h, c.key),
        changed: (c.fields as readonly HopField[]).some((f) => h.changed.includes(f)),
      })),
    }));
    return [{ kind, caption, rows }];
  });
}

/** The kinds no interface saw (listed under the tables, so a missing one is not silently absent). */
export function missingKinds(trace: TraceMessage): Kind[] {
  return TRACE_KINDS.filter((k) => !trace.packets.some((p) => p.kinds.includes(k)));
}
