// sh and dh as the kernel runs them (net/netfilter/ipvs/ip_vs_sh.c, ip_vs_dh.c): a static table of 256 buckets,
// each naming a real server, looked up by a hash of the source (sh) or destination (dh) address. As in the 5.x and
// 6.x kernels, whose hash is hash_32(address, 8) (include/linux/hash.h); older kernels masked
// address * 2654435761 to its low 8 bits instead, so this model does not fit them. sh's flags (sh-port,
// sh-fallback) are not modelled: the lab sets neither.
import * as l10n from '@vscode/l10n';
import ipaddr from 'ipaddr.js';
import type { ModelServer } from './model';

export const HASH_BUCKETS = 256;
const GOLDEN_RATIO_32 = 0x61c88647;

/** The kernel's hash_32(val, bits): the top `bits` bits of val * GOLDEN_RATIO_32 in 32-bit arithmetic. */
export function hash32(val: number, bits: number): number {
  return Math.imul(val >>> 0, GOLDEN_RATIO_32) >>> (32 - bits);
}

/** The 32-bit key the kernel hashes an address by: an IPv4 address as a number; an IPv6 one as its four 32-bit words XORed. */
export function addressKey(address: string): number {
  let bytes: number[];
  try {
    bytes = ipaddr.parse(address).toByteArray();
  } catch {
    throw new Error(l10n.t('{0} is not an IP address', address));
  }
  let key = 0;
  for (let i = 0; i < bytes.length; i += 4) key ^= ((bytes[i] << 24) | (bytes[i + 1] << 16) | (bytes[i + 2] << 8) | bytes[i + 3]) >>> 0;
  return key >>> 0;
}

/** The bucket an address falls in, for sh (without sh-port) and dh alike. */
export function addressBucket(address: string): number {
  return hash32(addressKey(address), 8);
}

/**
 * sh's table (ip_vs_sh_reassign): the buckets are dealt out in list order, each server taking as many buckets in a
 * row as its weight, round and round until all 256 are dealt. A server of weight 0 still takes one bucket a round;
 * the lookup then finds it unavailable and the connection gets no real server.
 */
export function shTable(servers: readonly ModelServer[]): number[] {
  const table: number[] = [];
  if (servers.length === 0) return table;
  let d = 0;
  let count = 0;
  for (let i = 0; i < HASH_BUCKETS; i++) {
    table.push(d);
    if (++count >= servers[d].weight) {
      d = (d + 1) % servers.length;
      count = 0;
    }
  }
  return table;
}

/** dh's table (ip_vs_dh_reassign): the buckets dealt out one each in list order, weights ignored. */
export function dhTable(servers: readonly ModelServer[]): number[] {
  return servers.length === 0 ? [] : Array.from({ length: HASH_BUCKETS }, (_, i) => i % servers.length);
}

/** The lookup: the bucket's server, or null when it is quiesced (weight 0) or there are no servers. */
export function hashPick(servers: readonly ModelServer[], table: readonly number[], address: string): number | null {
  const i = table[addressBucket(address)];
  return i === undefined || servers[i].weight <= 0 ? null : i;
}
