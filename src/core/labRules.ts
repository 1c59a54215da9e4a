// The rules a lab file's schema cannot say (addresses inside subnets, one director, private ranges...),
// one function per rule. Every rule runs in time linear in the lab's size: lookups go through Sets and
// Maps, never a search inside a loop, so even a lab far over the schema's limits is checked at once.
import * as l10n from '@vscode/l10n';
import ipaddr from 'ipaddr.js';
import { inSubnet, type Lab, type LabNetwork, type LabNode } from './lab';

export interface LabProblem {
  /** Dotted path of the field, e.g. `nodes[2].addresses.lan`. */
  field: string;
  message: string;
}

/**
 * The prefix lengths a lab network may have: from /16 (the size of Docker's own address pools) to /29
 * (six host addresses: the gateway, the VIP, a client, a director, one real server and one for Docker).
 */
export const SUBNET_PREFIX = { min: 16, max: 29 } as const;
/** RFC 1918: the only ranges a lab network may use. Each is /16 or larger, so a lab subnet whose address lies in one lies wholly in it. */
export const PRIVATE_RANGES = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16'] as const;
/** The range of Docker's default bridge (docker0): a lab network there clashes with it on the Docker host. */
export const DOCKER_DEFAULT_BRIDGE = '172.17.0.0/16';

/** What ipaddr.js calls the special ranges, as a network person says them. */
function rangeName(range: string): string | undefined {
  switch (range) {
    case 'unicast':
      return l10n.t('a public range');
    case 'loopback':
      return l10n.t('a loopback range');
    case 'linkLocal':
      return l10n.t('a link-local range');
    case 'multicast':
      return l10n.t('a multicast range');
    case 'carrierGradeNat':
      return l10n.t('the carrier-grade NAT range (RFC 6598)');
    case 'unspecified':
      return l10n.t("the 'this network' range 0.0.0.0/8");
    default:
      return undefined;
  }
}

/** Records a problem with one field of the lab. */
type AddProblem = (field: string, message: string) => void;
/** Checks an address a node (or the VIP) claims on a network, then claims it. */
type CheckAddress = (field: string, ip: string, network: string, owner: string) => void;
/** Checks that a name was not used before, then claims it. */
type CheckUnique = (field: string, name: string) => void;
/** Checks that a (usable) subnet overlaps none checked before it, then claims it. */
type CheckOverlap = (field: string, net: LabNetwork) => void;

/** The rules a schema cannot say, each reporting its problems in turn. `shippedNames`: the names a lab of the user's may not take. */
export function semanticProblems(lab: Lab, shippedNames: ReadonlySet<string> = new Set()): LabProblem[] {
  const problems: LabProblem[] = [];
  const add: AddProblem = (field, message) => problems.push({ field, message });
  checkName(lab, shippedNames, add);
  checkRoleCounts(lab, add);
  checkWeights(lab, add);
  const uniqueNetwork = uniqueChecker(l10n.t('network'), add);
  const checkOverlap = overlapChecker(add);
  lab.networks.forEach((net, i) => checkNetwork(net, i, uniqueNetwork, checkOverlap, add));
  const checkAddress = addressChecker(lab, add);
  const uniqueNode = uniqueChecker(l10n.t('node'), add);
  lab.nodes.forEach((node, i) => checkNode(node, i, uniqueNode, checkAddress, add));
  const vipNet = lab.networks.find((n) => validCidr(n.subnet) && inSubnet(lab.service.vip, n.subnet));
  if (!vipNet) add('service.vip', l10n.t("{0} is on none of the lab's networks", lab.service.vip));
  else {
    checkAddress('service.vip', lab.service.vip, vipNet.name, 'the VIP');
    checkVipPlacement(lab, vipNet, add);
  }
  return problems;
}

/** A lab of the user's does not take a shipped lab's name (Docker names and the lab's identity would clash). */
function checkName(lab: Lab, shippedNames: ReadonlySet<string>, add: AddProblem): void {
  if (shippedNames.has(lab.name)) add('name', l10n.t('the name {0} belongs to a shipped lab; give this lab another name', lab.name));
}

/** Exactly one director and one client, and at least one real server. */
function checkRoleCounts(lab: Lab, add: AddProblem): void {
  for (const role of ['director', 'client'] as const) {
    const count = lab.nodes.filter((n) => n.role === role).length;
    if (count !== 1)
      add('nodes', role === 'director' ? l10n.t('needs exactly one director, found {0}', count) : l10n.t('needs exactly one client, found {0}', count));
  }
  if (!lab.nodes.some((n) => n.role === 'real')) add('nodes', l10n.t('needs at least one real server'));
}

/** Weight 0 drains a real server; at least one must take requests (no weight means 1, as plan.ts adds it). */
function checkWeights(lab: Lab, add: AddProblem): void {
  const reals = lab.nodes.filter((n) => n.role === 'real');
  if (reals.length > 0 && reals.every((rs) => rs.weight === 0)) {
    add('nodes', l10n.t('needs at least one real server with a weight above 0; with every weight 0, IPVS sends the requests nowhere'));
  }
}

/** An IPv4 CIDR in plain four-part decimal: ipaddr.js alone also takes 0x.. and 010 (octal), which other tools read otherwise. */
function validCidr(cidr: string): boolean {
  return ipaddr.IPv4.isValidCIDRFourPartDecimal(cidr);
}

/**
 * A network's name is unique, its CIDRs are valid, its subnet one a lab can use (usableSubnetProblem), its gateway a host
 * address inside the subnet, its dockerRange a network inside the subnet, and it overlaps no earlier network.
 */
function checkNetwork(net: LabNetwork, i: number, unique: CheckUnique, checkOverlap: CheckOverlap, add: AddProblem): void {
  const f = `networks[${i}]`;
  unique(`${f}.name`, net.name);
  if (!validCidr(net.subnet)) return add(`${f}.subnet`, l10n.t('{0} is not a valid IPv4 CIDR', net.subnet));
  const subnetProblem = usableSubnetProblem(net.subnet);
  if (subnetProblem) add(`${f}.subnet`, subnetProblem);
  if (!validCidr(net.dockerRange)) return add(`${f}.dockerRange`, l10n.t('{0} is not a valid IPv4 CIDR', net.dockerRange));
  if (!inSubnet(net.gateway, net.subnet)) add(`${f}.gateway`, l10n.t('{0} is outside the subnet {1}', net.gateway, net.subnet));
  else if (isNetworkOrBroadcast(net.gateway, net.subnet))
    add(`${f}.gateway`, l10n.t('{0} is the network or broadcast address of {1}', net.gateway, net.subnet));
  const [rangeBase, rangeBits] = ipaddr.IPv4.parseCIDR(net.dockerRange);
  if (!inSubnet(rangeBase.toString(), net.subnet) || rangeBits < Number(net.subnet.split('/')[1])) {
    add(`${f}.dockerRange`, l10n.t('{0} is not inside the subnet {1}', net.dockerRange, net.subnet));
  } else {
    const rangeProblem = hostBitsProblem(net.dockerRange);
    if (rangeProblem) add(`${f}.dockerRange`, rangeProblem);
  }
  if (!subnetProblem) checkOverlap(`${f}.subnet`, net);
}

/** Why a lab cannot use this (valid) subnet, if it cannot: its size, a range that is not private, host bits, or docker0's range. */
function usableSubnetProblem(cidr: string): string | undefined {
  const [address, bits] = ipaddr.IPv4.parseCIDR(cidr);
  const sizes = l10n.t('use a prefix from /{0} to /{1}', SUBNET_PREFIX.min, SUBNET_PREFIX.max);
  if (bits < SUBNET_PREFIX.min) return l10n.t('{0} is too large for a lab network; {1}', cidr, sizes);
  if (bits > SUBNET_PREFIX.max) return l10n.t('{0} is too small for a lab network; {1}', cidr, sizes);
  if (!PRIVATE_RANGES.some((range) => address.match(ipaddr.IPv4.parseCIDR(range)))) {
    const kind = rangeName(address.range()) ?? l10n.t('a reserved range ({0})', address.range());
    return l10n.t(
      '{0} is {1}; a lab network must lie in a private range (RFC 1918): {2} or {3}',
      cidr,
      kind,
      PRIVATE_RANGES.slice(0, -1).join(', '),
      PRIVATE_RANGES[PRIVATE_RANGES.length - 1],
    );
  }
  const hostBits = hostBitsProblem(cidr);
  if (hostBits) return hostBits;
  // The subnet is /16 or longer: it overlaps docker0's /16 exactly when its address lies in it.
  if (address.match(ipaddr.IPv4.parseCIDR(DOCKER_DEFAULT_BRIDGE))) {
    return l10n.t("{0} overlaps {1}, the range of Docker's default bridge (docker0); choose another private range", cidr, DOCKER_DEFAULT_BRIDGE);
  }
  return undefined;
}

/** A CIDR names a network by its first address: 192.168.150.5/24 is a host on 192.168.150.0/24, not a network. */
function hostBitsProblem(cidr: string): string | undefined {
  const [address, bits] = ipaddr.IPv4.parseCIDR(cidr);
  const network = ipaddr.IPv4.networkAddressFromCIDR(cidr).toString();
  return network === address.toString() ? undefined : `${cidr} has host bits set; did you mean ${network}/${bits}?`;
}

function isNetworkOrBroadcast(ip: string, cidr: string): boolean {
  return ip === ipaddr.IPv4.networkAddressFromCIDR(cidr).toString() || ip === ipaddr.IPv4.broadcastAddressFromCIDR(cidr).toString();
}

/** A name used twice in a list is reported where it is used again. */
function uniqueChecker(kind: string, add: AddProblem): CheckUnique {
  const seen = new Set<string>();
  return (field, name) => {
    if (seen.has(name)) add(field, l10n.t('duplicate {0} name {1}', kind, name));
    else seen.add(name);
  };
}

/**
 * Usable subnets (network addresses, /16 or longer) overlap only when one holds the other, that is when one is the
 * other's supernet at its own prefix. So each subnet is looked up, with its supernets down to /16, among the earlier
 * ones and their supernets: at most 2 × 14 Map lookups a network, whatever the number of networks.
 */
function overlapChecker(add: AddProblem): CheckOverlap {
  const earlier = new Map<string, LabNetwork>(); // "network/bits" of each earlier subnet
  const holdsEarlier = new Map<string, LabNetwork>(); // every supernet of each earlier subnet, itself included
  return (field, net) => {
    const supernets = supernetsOf(net.subnet);
    const other = holdsEarlier.get(supernets[supernets.length - 1]) ?? supernets.map((s) => earlier.get(s)).find((n) => n !== undefined);
    if (other) add(field, l10n.t('{0} overlaps network {1} ({2})', net.subnet, other.name, other.subnet));
    for (const s of supernets) if (!holdsEarlier.has(s)) holdsEarlier.set(s, net);
    if (!earlier.has(supernets[supernets.length - 1])) earlier.set(supernets[supernets.length - 1], net);
  };
}

/** A usable subnet's supernets from /16 to itself, as "network/bits" (the subnet itself last). */
function supernetsOf(cidr: string): string[] {
  const [address, bits] = ipaddr.IPv4.parseCIDR(cidr);
  const supernets: string[] = [];
  for (let p = SUBNET_PREFIX.min; p <= bits; p++) supernets.push(`${ipaddr.IPv4.networkAddressFromCIDR(`${address.toString()}/${p}`).toString()}/${p}`);
  return supernets;
}

/** A network whose CIDRs are valid, parsed once for the addresses checked against it. */
interface ParsedNetwork {
  net: LabNetwork;
  subnet: [ipaddr.IPv4, number];
  dockerRange: [ipaddr.IPv4, number];
  network: string;
  broadcast: string;
}

/** Checks addresses against the lab's networks and against the addresses checked before them. */
function addressChecker(lab: Lab, add: AddProblem): CheckAddress {
  const networks = new Map<string, ParsedNetwork | undefined>(lab.networks.map((net) => [net.name, parseNetwork(net)]));
  const taken = new Map<string, string>();
  return (field, ip, network, owner) => {
    if (!networks.has(network)) return add(field, l10n.t('names unknown network {0}', network));
    const parsed = networks.get(network);
    if (!parsed) return;
    const address = ipaddr.IPv4.parse(ip);
    const unusable = unusableAddress(ip, address, parsed);
    if (unusable) return add(field, unusable);
    if (address.match(parsed.dockerRange)) add(field, l10n.t('{0} is inside dockerRange {1}, where Docker hands out addresses', ip, parsed.net.dockerRange));
    const holder = taken.get(ip);
    if (holder) add(field, l10n.t('{0} is already used by {1}', ip, holder));
    else taken.set(ip, owner);
  };
}

function parseNetwork(net: LabNetwork): ParsedNetwork | undefined {
  if (!validCidr(net.subnet) || !validCidr(net.dockerRange)) return undefined;
  return {
    net,
    subnet: ipaddr.IPv4.parseCIDR(net.subnet),
    dockerRange: ipaddr.IPv4.parseCIDR(net.dockerRange),
    network: ipaddr.IPv4.networkAddressFromCIDR(net.subnet).toString(),
    broadcast: ipaddr.IPv4.broadcastAddressFromCIDR(net.subnet).toString(),
  };
}

/** Why a node cannot have this address on a (valid) network, if it cannot: outside it, its network or broadcast address, or its gateway. */
function unusableAddress(ip: string, address: ipaddr.IPv4, { net, subnet, network, broadcast }: ParsedNetwork): string | undefined {
  if (!address.match(subnet)) return l10n.t('{0} is outside network {1} ({2})', ip, net.name, net.subnet);
  if (ip === network || ip === broadcast) return l10n.t('{0} is the network or broadcast address of {1}', ip, net.subnet);
  if (ip === net.gateway) return l10n.t('{0} is the gateway of network {1}', ip, net.name);
  return undefined;
}

/** A node's name is unique, its addresses are usable, and only a real server has a weight. */
function checkNode(node: LabNode, i: number, unique: CheckUnique, checkAddress: CheckAddress, add: AddProblem): void {
  const f = `nodes[${i}]`;
  unique(`${f}.name`, node.name);
  for (const [network, ip] of Object.entries(node.addresses)) checkAddress(`${f}.addresses.${network}`, ip, network, node.name);
  if (node.weight !== undefined && node.role !== 'real') add(`${f}.weight`, l10n.t('only real servers have a weight'));
}

/** The director and the client are on the VIP's network; the real servers are on it (DR, TUN) or off it (NAT). */
function checkVipPlacement(lab: Lab, vipNet: LabNetwork, add: AddProblem): void {
  const director = lab.nodes.find((n) => n.role === 'director');
  const clientNode = lab.nodes.find((n) => n.role === 'client');
  if (director && !(vipNet.name in director.addresses)) {
    add('service.vip', l10n.t('the director {0} is not on network {1}, where the VIP is', director.name, vipNet.name));
  }
  if (clientNode && !(vipNet.name in clientNode.addresses)) {
    add('service.vip', l10n.t('the client {0} is not on network {1}, where the VIP is', clientNode.name, vipNet.name));
  }
  if (lab.mode !== 'nat') checkRealServersOnVipNetwork(lab, vipNet, add);
  else if (director) checkNatNetworks(lab, vipNet, director, add);
}

/** Calls `check` with each real server and its index in lab.nodes. */
function eachRealServer(lab: Lab, check: (rs: LabNode, i: number) => void): void {
  lab.nodes.forEach((node, i) => {
    if (node.role === 'real') check(node, i);
  });
}

/** DR and TUN: every real server is on the VIP's network with the director. */
function checkRealServersOnVipNetwork(lab: Lab, vipNet: LabNetwork, add: AddProblem): void {
  eachRealServer(lab, (rs, i) => {
    if (!(vipNet.name in rs.addresses)) {
      add(`nodes[${i}].addresses`, l10n.t('{0} mode needs real server {1} on network {2} with the director', lab.mode.toUpperCase(), rs.name, vipNet.name));
    }
  });
}

/** NAT: two networks, and every real server off the client's network but on one it shares with the director. */
function checkNatNetworks(lab: Lab, vipNet: LabNetwork, director: LabNode, add: AddProblem): void {
  if (lab.networks.length !== 2) add('networks', l10n.t("NAT mode needs two networks: the client side and the real servers' side"));
  eachRealServer(lab, (rs, i) => {
    if (vipNet.name in rs.addresses)
      add(`nodes[${i}].addresses`, l10n.t("NAT mode needs real server {0} off the client's network {1}, or replies bypass the director", rs.name, vipNet.name));
    if (!Object.keys(rs.addresses).some((net) => net in director.addresses))
      add(`nodes[${i}].addresses`, l10n.t('real server {0} shares no network with the director', rs.name));
  });
}
