// A load test from several client addresses, so sh, dh and persistence have sources to tell apart: the client's
// own address on the VIP's network, then free addresses of that subnet added to the client for the run.
import * as l10n from '@vscode/l10n';
import ipaddr from 'ipaddr.js';
import { client, interfaceOn, vipNetwork, type Lab } from './lab';
import { sourceOf } from './loadTest';

export interface LoadSources {
  /** The client's interface on the VIP's network. */
  device: string;
  /** Every source, the client's own address first; request i comes from sources[(i - 1) mod K]. */
  sources: string[];
  /** The sources added for the run (all but the first), removed after it. */
  added: string[];
}

const toNumber = (ip: string) =>
  ipaddr.IPv4.parse(ip)
    .toByteArray()
    .reduce((n, b) => n * 256 + b, 0);
const toAddress = (n: number) => [24, 16, 8, 0].map((s) => Math.floor(n / 2 ** s) % 256).join('.');

/** The range [first, last] of a CIDR, as numbers. */
function range(cidr: string): [number, number] {
  const [base, bits] = ipaddr.IPv4.parseCIDR(cidr);
  const size = 2 ** (32 - bits);
  const first = Math.floor(toNumber(base.toString()) / size) * size;
  return [first, first + size - 1];
}

/**
 * `count` addresses of the VIP's subnet no one else uses: not its network or broadcast address, the gateway, a
 * node's address, the VIP, nor Docker's automatic range. Taken from the top of the subnet down (fixed addresses are
 * usually low), so the same lab always gets the same ones.
 */
export function freeAddresses(lab: Lab, count: number): string[] {
  const net = vipNetwork(lab);
  const [first, last] = range(net.subnet);
  const [dockerFirst, dockerLast] = range(net.dockerRange);
  const taken = new Set([net.gateway, lab.service.vip, ...lab.nodes.flatMap((n) => Object.values(n.addresses))].map(toNumber));
  const found: string[] = [];
  for (let a = last - 1; a > first && found.length < count; a--) {
    if (!taken.has(a) && (a < dockerFirst || a > dockerLast)) found.push(toAddress(a));
  }
  if (found.length < count) {
    throw new Error(l10n.t('{0} has only {1} free addresses for the client, not {2}: ask for fewer client addresses', net.subnet, found.length, count));
  }
  return found;
}

/** The K sources of a run: the client's own address on the VIP's network, then K - 1 free ones. */
export function loadSources(lab: Lab, clients: number): LoadSources {
  const net = vipNetwork(lab);
  const c = client(lab);
  const own = c.addresses[net.name];
  if (own === undefined) {
    if (clients === 1) return { device: '', sources: [Object.values(c.addresses)[0] ?? ''], added: [] };
    throw new Error(l10n.t("the client is not on the VIP's network {0}, so it cannot send from more addresses there", net.name));
  }
  const added = clients > 1 ? freeAddresses(lab, clients - 1) : [];
  return { device: interfaceOn(c, net.name), sources: [own, ...added], added };
}

/** Adds the sources to the client's interface, in one exec; addresses are arguments, never part of the script. */
export function addSourcesArgv(device: string, added: readonly string[]): string[] {
  // /32: the subnet's route stays as it is; `replace` also takes over an address a stopped run left behind.
  return ['sh', '-c', 'd=$1; shift; for a; do ip addr replace "$a/32" dev "$d" || exit 1; done', 'sh', device, ...added];
}

export interface SourceSplit {
  source: string;
  /** Requests this source sent. */
  requests: number;
  /** Answered requests per real server. */
  backends: Record<string, number>;
}

/** Each source's requests and the real servers that answered them, in source order. */
export function splitBySource(results: readonly { index: number; backend: string | null }[], sources: readonly string[]): SourceSplit[] {
  const rows = new Map<string, SourceSplit>(sources.map((source) => [source, { source, requests: 0, backends: {} }]));
  for (const r of results) {
    const row = rows.get(sourceOf(r.index, sources));
    if (!row) continue;
    row.requests++;
    if (r.backend !== null) row.backends[r.backend] = (row.backends[r.backend] ?? 0) + 1;
  }
  return [...rows.values()];
}
