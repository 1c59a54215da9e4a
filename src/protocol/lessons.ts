// The lessons' results on the wire (issue 11): the packet trace and the ARP experiment. The enums are
// restated here so the webview bundle does not pull in the trace core; tsc checks them against it below.
import * as z from 'zod/mini';
import type { ArpResult } from '../core/arp';
import type { DrillFinding, DestinationStates } from '../core/drillDiagnosis';
import type { ActiveDrill, DrillKind } from '../core/drills';
import type { L4Lesson } from '../core/l4';
import type { IpvsStats } from '../core/parsers';
import type { HopField, PacketKind, Trace } from '../core/trace';

const endpoint = z.object({ ip: z.string(), port: z.int() });

/** The Lessons tab's sections, each a lesson run from a command. */
export const lessonId = z.enum(['trace', 'arp', 'l4', 'drill']);
export type LessonId = z.infer<typeof lessonId>;

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

const lessonCheck = z.object({ claim: z.string(), confirmed: z.boolean(), evidence: z.array(z.string()) });
const counters = z.object({ conns: z.number(), inPkts: z.number(), outPkts: z.number(), inBytes: z.number(), outBytes: z.number() });

/** "The director only forwards": the core's L4Lesson with each socket as the text the panel shows (lessonMessages.ts). */
export const l4Schema = z.object({
  mode: z.enum(['dr', 'nat', 'tun']),
  vip: z.string(),
  port: z.int(),
  director: z.string(),
  sizeBytes: z.int(),
  downloads: z.object({ requested: z.int(), ok: z.int(), bytes: z.number() }),
  during: z.object({
    directorSockets: z.array(z.string()),
    directorEstablished: z.int(),
    realServers: z.array(z.object({ node: z.string(), connections: z.array(z.string()) })),
  }),
  counters,
  lesson: lessonCheck,
});

const drillKind = z.enum(['stop-httpd', 'cut-off', 'netem']);
const activeDrill = z.object({
  kind: drillKind,
  node: z.string(),
  devices: z.array(z.string()),
  netem: z.optional(z.object({ delayMs: z.number(), lossPercent: z.number() })),
});

/** A failure drill as applied, with what the handbook says to look at (the core's DrillObservation, the load summed up). */
export const drillSchema = z.object({
  node: z.string(),
  kind: drillKind,
  active: z.array(activeDrill),
  load: z.object({ total: z.int(), ok: z.int(), errors: z.int(), timeouts: z.int() }),
  latencyByNode: z.record(z.string(), z.nullable(z.number())),
  table: z.array(z.object({ node: z.nullable(z.string()), address: z.string(), states: z.record(z.string(), z.number()) })),
  findings: z.array(z.object({ tone: z.enum(['ok', 'bad']), text: z.string() })),
});

export type L4Message = z.infer<typeof l4Schema>;
export type DrillMessage = z.infer<typeof drillSchema>;
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
  Assert<Equal<Omit<L4Message, 'during'>, Omit<L4Lesson, 'during'>>>,
  Assert<Equal<z.infer<typeof counters>, IpvsStats>>,
  Assert<Equal<z.infer<typeof drillKind>, DrillKind>>,
  Assert<Equal<z.infer<typeof activeDrill>, ActiveDrill>>,
  Assert<Equal<DrillMessage['table'][number], DestinationStates>>,
  Assert<Equal<DrillMessage['findings'][number], DrillFinding>>,
];
