// The messages between the extension host and the Connections side view's webview (a webview view in the
// LVS Lab container). Both sides validate what they receive; the shapes they share with the live panel
// (connection entries, lab, nodes, a load test's outcome) are the panel's schemas.
import * as z from 'zod/mini';
import { connSchema, labInfoSchema, loadOutcomeSchema, loadRequestSchema, nodeInfoSchema, parseWith } from './messages';

/** What the view can show: why there is nothing to read, or that it reads. */
export const SIDE_STATUSES = ['unknown', 'noDocker', 'noIpvs', 'readError', 'noLab', 'partial', 'running'] as const;
export type SideStatus = (typeof SIDE_STATUSES)[number];

const filterSchema = z.object({ state: z.string(), dest: z.string() });

export const sideLoadSchema = z.object({ ...loadRequestSchema.shape, ...loadOutcomeSchema.shape, at: z.string() });

/** Extension host -> side view. */
export const sideHostMessageSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('lab'),
    status: z.enum(SIDE_STATUSES),
    /** Why the lab could not be read (status readError). */
    detail: z.nullable(z.string()),
    lab: labInfoSchema,
    nodes: z.array(nodeInfoSchema),
  }),
  z.object({
    type: z.literal('conns'),
    /** ISO time the director's table was read. */
    readAt: z.string(),
    durationMs: z.number(),
    /** null: the director could not be read this round (`error` says why). */
    conns: z.nullable(z.array(connSchema)),
    /** The real servers' IPs in the director's services, so one with no entries shows as 0. */
    realServers: z.nullable(z.array(z.string())),
    error: z.nullable(z.string()),
  }),
  z.object({ type: z.literal('load'), load: z.nullable(sideLoadSchema) }),
]);

/** Side view -> extension host. */
export const sideWebviewMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ready') }),
  /** Open the live panel on its Connections tab, filtered as given. */
  z.object({ type: z.literal('openPanel'), filter: filterSchema }),
]);

export type SideHostMessage = z.infer<typeof sideHostMessageSchema>;
export type SideWebviewMessage = z.infer<typeof sideWebviewMessageSchema>;
export type SideLoad = z.infer<typeof sideLoadSchema>;

export const parseSideHostMessage = (value: unknown) => parseWith(sideHostMessageSchema, value);
export const parseSideWebviewMessage = (value: unknown) => parseWith(sideWebviewMessageSchema, value);
