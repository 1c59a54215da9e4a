// The messages between the extension host and the live panel's webview. Both sides
// validate what they receive against these schemas; the types are inferred from them.
// zod/mini: the same validation as classic zod in a functional, tree-shakable API, so the
// extension and webview bundles carry only the schema kinds used here (classic zod is ~440 KB).
import * as z from 'zod/mini';
import { en } from 'zod/locales';
import type { Mode, Role } from '../core/lab';
import type { HoldReport } from '../core/loadHold';
import type { LoadPrediction } from '../core/loadPrediction';
import type { SourceSplit } from '../core/loadSources';
import type { LoadStats } from '../core/loadStats';
import { LOAD_LIMITS } from '../core/loadTest';
import type { HostPort, IpvsConn, IpvsRate, IpvsStats, NetstatAddress, NetstatSocket } from '../core/parsers';
import type { ServiceView } from '../core/serviceView';
import type { HealthRead } from '../core/health';
import { arpSchema, drillSchema, l4Schema, lessonId, traceSchema } from './lessons';

// zod/mini loads no error messages of its own (every issue would read "Invalid input"): the English
// ones, as classic zod has, say where and why a message was refused.
z.config(en());

const endpoint = z.object({ ip: z.string(), port: z.int() });
const netstatAddress = z.object({ ip: z.string(), port: z.nullable(z.int()) });

export const connSchema = z.object({
  protocol: z.string(),
  expireSeconds: z.number(),
  expire: z.string(),
  state: z.string(),
  source: endpoint,
  virtual: endpoint,
  destination: endpoint,
});

export const socketSchema = z.object({
  proto: z.string(),
  recvQ: z.number(),
  sendQ: z.number(),
  local: netstatAddress,
  foreign: netstatAddress,
  state: z.nullable(z.string()),
  pid: z.nullable(z.int()),
  program: z.nullable(z.string()),
});

const counters = z.object({ conns: z.number(), inPkts: z.number(), outPkts: z.number(), inBytes: z.number(), outBytes: z.number() });
const rates = z.object({ cps: z.number(), inPPS: z.number(), outPPS: z.number(), inBPS: z.number(), outBPS: z.number() });

/** One virtual service from `ipvsadm -Ln`, joined with its --stats and --rate rows. */
export const virtualServiceSchema = z.object({
  key: z.string(),
  scheduler: z.string(),
  persistent: z.nullable(z.number()),
  flags: z.array(z.string()),
  stats: z.nullable(counters),
  rate: z.nullable(rates),
  destinations: z.array(
    z.object({
      address: z.string(),
      forward: z.string(),
      weight: z.number(),
      activeConn: z.number(),
      inActConn: z.number(),
      stats: z.nullable(counters),
      rate: z.nullable(rates),
    }),
  ),
});

export const nodeInfoSchema = z.object({
  name: z.string(),
  role: z.enum(['client', 'director', 'real']),
  addresses: z.record(z.string(), z.string()),
  state: z.enum(['running', 'stopped', 'missing']),
});

export const labInfoSchema = z.object({
  name: z.string(),
  title: z.string(),
  mode: z.enum(['dr', 'nat', 'tun']),
  scheduler: z.string(),
  vip: z.string(),
  port: z.int(),
  director: z.string(),
  realServers: z.array(z.string()),
  nodes: z.array(z.object({ name: z.string(), role: z.enum(['client', 'director', 'real']) })),
});

export const loadStatsSchema = z.object({
  total: z.number(),
  ok: z.number(),
  errors: z.number(),
  errorMessages: z.array(z.object({ message: z.string(), count: z.number() })),
  timeouts: z.number(),
  backends: z.array(z.object({ backend: z.string(), count: z.number(), percent: z.number() })),
  latencyMs: z.nullable(z.object({ min: z.number(), max: z.number(), mean: z.number(), p50: z.number(), p95: z.number(), p99: z.number() })),
});

const loadRequest = z.object({
  requests: z.int().check(z.gte(1), z.lte(LOAD_LIMITS.maxRequests)),
  concurrency: z.int().check(z.gte(1), z.lte(LOAD_LIMITS.maxConcurrency)),
  clients: z.int().check(z.gte(1), z.lte(LOAD_LIMITS.maxClients)),
  hold: z.int().check(z.gte(0), z.lte(LOAD_LIMITS.maxHold)),
});

/** What a load test is asked to do (the side view's message carries it too). */
export { loadRequest as loadRequestSchema };

/** The split the scheduler model predicts, per real server next to the measured one. */
export const loadPredictionSchema = z.object({
  /** A string on the wire, as labInfoSchema's: the panel shows it and does not import the lab model. */
  scheduler: z.string(),
  kind: z.enum(['exact', 'rule']),
  basis: z.string(),
  check: z.string(),
  matches: z.boolean(),
  persistence: z.nullable(z.number()),
  rows: z.array(
    z.object({
      server: z.string(),
      weight: z.nullable(z.number()),
      active: z.number(),
      inactive: z.number(),
      predicted: z.nullable(z.number()),
      measured: z.number(),
      matches: z.boolean(),
    }),
  ),
});

const sourceSplitSchema = z.object({ source: z.string(), requests: z.number(), backends: z.record(z.string(), z.number()) });
const holdReportSchema = z.object({ opened: z.number(), byBackend: z.record(z.string(), z.number()), ready: z.boolean(), failed: z.nullable(z.number()) });

/** A load test's outcome, as the panel shows it (and keeps across being hidden). */
export const loadOutcomeSchema = z.object({
  stats: loadStatsSchema,
  prediction: z.nullable(loadPredictionSchema),
  predictionNote: z.nullable(z.string()),
  bySource: z.array(sourceSplitSchema),
  holds: z.nullable(holdReportSchema),
});

/** keepalived's view of each real server, without its configuration text. */
export const healthSchema = z.object({
  running: z.boolean(),
  servers: z.array(z.object({ address: z.string(), state: z.enum(['up', 'down', 'unknown']), removed: z.boolean() })),
});

/** Extension host -> webview. */
export const hostMessageSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('init'),
    lab: labInfoSchema,
    refreshMs: z.int().check(z.positive()),
    loadDefaults: loadRequest,
    paused: z.boolean(),
  }),
  z.object({
    type: z.literal('snapshot'),
    /** ISO time the data was read. */
    readAt: z.string(),
    durationMs: z.number(),
    conns: z.nullable(z.array(connSchema)),
    services: z.nullable(z.array(virtualServiceSchema)),
    sockets: z.record(z.string(), z.array(socketSchema)),
    /** keepalived's checks on the director (the health-check option); null when not read. */
    health: z.nullable(healthSchema),
    /** node -> what went wrong reading it this tick. */
    errors: z.record(z.string(), z.string()),
  }),
  z.object({ type: z.literal('nodes'), nodes: z.array(nodeInfoSchema) }),
  z.object({ type: z.literal('paused'), paused: z.boolean() }),
  z.object({ type: z.literal('loadStarted'), ...loadRequest.shape }),
  z.object({ type: z.literal('loadProgress'), done: z.int(), total: z.int() }),
  z.object({ type: z.literal('loadResult'), ...loadRequest.shape, ...loadOutcomeSchema.shape }),
  z.object({ type: z.literal('loadError'), message: z.string() }),
  z.object({ type: z.literal('lessonStarted'), lesson: lessonId, note: z.string() }),
  z.object({ type: z.literal('traceResult'), trace: traceSchema }),
  z.object({ type: z.literal('arpResult'), arp: arpSchema }),
  z.object({ type: z.literal('l4Result'), l4: l4Schema }),
  z.object({ type: z.literal('drillResult'), drill: drillSchema }),
  /** A line about a lesson that leaves the tab where it is (e.g. drills undone). */
  z.object({ type: z.literal('lessonNote'), lesson: lessonId, note: z.string() }),
  z.object({ type: z.literal('lessonError'), lesson: lessonId, message: z.string() }),
  /** The side view's link: bring the Connections tab forward with this filter ('' for any). */
  z.object({ type: z.literal('showConnections'), filter: z.object({ state: z.string(), dest: z.string() }) }),
]);

/** Webview -> extension host. */
export const webviewMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ready') }),
  z.object({ type: z.literal('setPaused'), paused: z.boolean() }),
  z.object({ type: z.literal('refreshNow') }),
  z.object({ type: z.literal('runLoadTest'), ...loadRequest.shape }),
  z.object({ type: z.literal('changeService'), what: z.enum(['scheduler', 'persistence', 'health']) }),
]);

export type HostMessage = z.infer<typeof hostMessageSchema>;
export type WebviewMessage = z.infer<typeof webviewMessageSchema>;
export type Conn = z.infer<typeof connSchema>;
export type Socket = z.infer<typeof socketSchema>;
export type VirtualService = z.infer<typeof virtualServiceSchema>;
export type HealthMessage = z.infer<typeof healthSchema>;
export type NodeInfo = z.infer<typeof nodeInfoSchema>;
export type LabInfo = z.infer<typeof labInfoSchema>;
export type LoadStatsMessage = z.infer<typeof loadStatsSchema>;
export type LoadPredictionMessage = z.infer<typeof loadPredictionSchema>;
export type LoadOutcome = z.infer<typeof loadOutcomeSchema>;
export type { ArpMessage, DrillMessage, L4Message, LessonId, TraceMessage } from './lessons';
export { arpSchema, traceSchema } from './lessons';

// The schemas above restate core types for the wire; these fail `tsc` when the two drift apart.
type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
type Assert<T extends true> = T;
export type _SchemasMatchCore = [
  Assert<Equal<z.infer<typeof endpoint>, HostPort>>,
  Assert<Equal<z.infer<typeof netstatAddress>, NetstatAddress>>,
  // The persistence engine's fields (--persistent-conn only) are left off the wire.
  Assert<Equal<Conn, Omit<IpvsConn, 'peName' | 'peData'>>>,
  Assert<Equal<Socket, NetstatSocket>>,
  Assert<Equal<z.infer<typeof counters>, IpvsStats>>,
  Assert<Equal<z.infer<typeof rates>, IpvsRate>>,
  Assert<Equal<VirtualService, ServiceView>>,
  Assert<Equal<HealthMessage, Omit<HealthRead, 'config'>>>,
  Assert<Equal<LoadStatsMessage, LoadStats>>,
  Assert<Equal<LoadPredictionMessage, { [K in keyof LoadPrediction]: K extends 'scheduler' ? string : LoadPrediction[K] }>>,
  Assert<Equal<z.infer<typeof sourceSplitSchema>, SourceSplit>>,
  Assert<Equal<z.infer<typeof holdReportSchema>, HoldReport>>,
  Assert<Equal<LabInfo['mode'], Mode>>,
  Assert<Equal<NodeInfo['role'], Role>>,
  Assert<Equal<LabInfo['nodes'][number]['role'], Role>>,
];

export type Parsed<T> = { ok: true; message: T } | { ok: false; error: string };

export function parseWith<T>(schema: z.ZodMiniType<T>, value: unknown): Parsed<T> {
  const r = schema.safeParse(value);
  if (r.success) return { ok: true, message: r.data };
  const issue = r.error.issues[0];
  return { ok: false, error: `${issue.path.join('.') || 'message'}: ${issue.message}` };
}

export const parseHostMessage = (value: unknown) => parseWith(hostMessageSchema, value);
export const parseWebviewMessage = (value: unknown) => parseWith(webviewMessageSchema, value);
