// The lessons' results on the wire (issue 11): the packet trace and the ARP experiment. The enums are
// restated here so the webview bundle does not pull in the trace core; tsc checks them against it below.
import * as z from 'zod/mini';
import type { ArpResult } from '../core/arp';
import type { HopField, PacketKind, Trace } from '../core/trace';

const endpoint = z.object({ ip: z.string(), port: z.int() });

const hopField = z.enum(['srcMac', 'dstMac', 'outerSrc', 'outerDst', 'src', 'srcPort', 'dst', 'dstPort']);
const packetKind = z.enum(['SYN', 'SYN-ACK', 'ACK', 'request', 'response', 'FIN']);
const hopSchema = z.object({
  node: z.string(),
  iface: z.string(),
  direction: z.enum(['in', 'out']),
  time: z.number(),
  srcMac: z.nullable(z.string()),
  dstMac: z.nullable(z.string()),
  srcMacOwner: z.nullable(z.string()),
  dstMacOwner: z.nullable(z.string()),
  outer: z.nullable(z.object({ src: z.string(), dst: z.string() })),
  src: z.string(),
  srcPort: z.int(),
  dst: z.string(),
  dstPort: z.int(),
  flags: z.string(),
  length: z.int(),
  changed: z.array(hopField),
});

/** A packet trace of one request: its path hop by hop and the mode's lesson checked against it. */
export const traceSchema = z.object({
  mode: z.enum(['dr', 'nat', 'tun']),
  vip: z.string(),
  port: z.int(),
  client: endpoint,
  packets: z.array(z.object({ kinds: z.array(packetKind), toServer: z.boolean(), hops: z.array(hopSchema) })),
  realServer: z.nullable(z.string()),
  macs: z.record(z.string(), z.string()),
  seen: z.int(),
  skipped: z.int(),
  lesson: z.object({ mode: z.enum(['dr', 'nat', 'tun']), claim: z.string(), confirmed: z.boolean(), evidence: z.array(z.string()) }),
});

const arpAnswer = z.object({ mac: z.string(), node: z.nullable(z.string()) });
const arpResultSchema = z.object({ requests: z.int(), answers: z.array(arpAnswer), neighbour: z.nullable(arpAnswer), pingOk: z.boolean() });

/** Who answered "who-has VIP" per phase (the service's ArpExperiment; src/extension/lessonMessages.ts checks it), the restored step's state left off. */
export const arpSchema = z.object({
  vip: z.string(),
  director: z.string(),
  hidden: arpResultSchema,
  unhidden: z.optional(z.object({ node: z.string(), result: arpResultSchema })),
  restored: z.optional(z.object({ result: arpResultSchema })),
});

export type TraceMessage = z.infer<typeof traceSchema>;
export type ArpMessage = z.infer<typeof arpSchema>;

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
type Assert<T extends true> = T;
export type _LessonsMatchCore = [
  Assert<Equal<TraceMessage, Trace>>,
  Assert<Equal<z.infer<typeof hopField>, HopField>>,
  Assert<Equal<z.infer<typeof packetKind>, PacketKind>>,
  Assert<Equal<z.infer<typeof arpResultSchema>, ArpResult>>,
  Assert<Equal<NonNullable<ArpMessage['unhidden']>['result'], ArpResult>>,
  Assert<Equal<NonNullable<ArpMessage['restored']>['result'], ArpResult>>,
];
