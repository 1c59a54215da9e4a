// Reads a lab file, validates it against labs/lab.schema.json and the rules a schema
// cannot say (addresses inside subnets, one director...), before anything is created.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv, { type ErrorObject } from 'ajv';
import addFormats from 'ajv-formats';
import ipaddr from 'ipaddr.js';
import { parseDocument } from 'yaml';
import schema from '../../labs/lab.schema.json';
import { cidrsOverlap, inSubnet, realServers, type Lab, type LabNetwork, type LabNode } from './lab';

/**
 * A lab file of the user's own ends in this; the extension looks for them in the workspace. package.json's
 * activationEvents and yamlValidation spell the same pattern and are checked by test/unit/facts.test.ts.
 */
export const LAB_FILE_SUFFIX = '.lvslab.yaml';
/** Every user lab file in a workspace, as a glob (vscode.workspace.findFiles, workspaceContains:). */
export const LAB_FILE_GLOB = `**/*${LAB_FILE_SUFFIX}`;

export interface LabProblem {
  /** Dotted path of the field, e.g. `nodes[2].addresses.lan`. */
  field: string;
  message: string;
}

export class LabError extends Error {
  constructor(
    readonly file: string,
    readonly problems: LabProblem[],
  ) {
    super(problems.map((p) => `${file}: ${p.field || '(file)'}: ${p.message}`).join('\n'));
    this.name = 'LabError';
  }
}

const ajv = new Ajv({ allErrors: true, strict: true, useDefaults: true });
addFormats(ajv, ['ipv4']);
const validateSchema = ajv.compile(schema);

export function loadLab(file: string): Lab {
  return parseLab(readFileSync(file, 'utf8'), file);
}

/** The labs shipped in labs/, found beside the bundle (dist/..) or the sources (src/core/../..). */
export function labsDir(): string {
  const candidates = [join(__dirname, '..', 'labs'), join(__dirname, '..', '..', 'labs')];
  return candidates.find((dir) => existsSync(join(dir, 'lab.schema.json'))) ?? candidates[0];
}

export function listLabs(dir = labsDir()): string[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .map((f) => f.replace(/\.yaml$/, ''))
    .sort();
}

/** Anything with a slash or a .yaml/.yml ending names a file; anything else a shipped lab. */
export function isLabPath(nameOrPath: string): boolean {
  return /[\\/]|\.ya?ml$/.test(nameOrPath);
}

/** `dr` means labs/dr.yaml; a path (see isLabPath) is read as it is. */
export function resolveLab(nameOrPath: string, dir = labsDir()): Lab {
  const file = isLabPath(nameOrPath) ? nameOrPath : join(dir, `${nameOrPath}.yaml`);
  if (!isLabPath(nameOrPath) && !existsSync(file)) {
    throw new Error(`No lab named "${nameOrPath}": the labs are ${listLabs(dir).join(', ')}, or give a path to a .yaml file`);
  }
  if (!existsSync(file)) throw new Error(`No lab file at ${file}`);
  return loadLab(file);
}

export function parseLab(text: string, file: string): Lab {
  const doc = parseDocument(text, { prettyErrors: true });
  if (doc.errors.length > 0) {
    throw new LabError(
      file,
      doc.errors.map((e) => ({ field: '', message: `YAML: ${e.message.split('\n')[0]}` })),
    );
  }
  const data: unknown = doc.toJS();
  if (!validateSchema(data)) {
    throw new LabError(file, (validateSchema.errors ?? []).map(schemaProblem));
  }
  const lab = { ...(data as Omit<Lab, 'file'>), file };
  const problems = semanticProblems(lab);
  if (problems.length > 0) throw new LabError(file, problems);
  return lab;
}

function fieldOf(pointer: string): string {
  return pointer
    .split('/')
    .slice(1)
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce((acc, part) => (/^\d+$/.test(part) ? `${acc}[${part}]` : acc ? `${acc}.${part}` : part), '');
}

function schemaProblem(e: ErrorObject): LabProblem {
  const field = fieldOf(e.instancePath);
  switch (e.keyword) {
    case 'required':
      return { field: [field, e.params.missingProperty].filter(Boolean).join('.'), message: 'is missing' };
    case 'additionalProperties':
      return { field: [field, e.params.additionalProperty].filter(Boolean).join('.'), message: 'is not a known field' };
    case 'enum':
      return { field, message: `must be one of ${(e.params.allowedValues as unknown[]).join(', ')}` };
    default:
      return { field, message: e.message ?? 'is invalid' };
  }
}

/** Records a problem with one field of the lab. */
type AddProblem = (field: string, message: string) => void;
/** Checks an address a node (or the VIP) claims on a network, then claims it. */
type CheckAddress = (field: string, ip: string, network: string, owner: string) => void;

/** The rules a schema cannot say, each reporting its problems in turn. */
function semanticProblems(lab: Lab): LabProblem[] {
  const problems: LabProblem[] = [];
  const add: AddProblem = (field, message) => problems.push({ field, message });
  checkRoleCounts(lab, add);
  lab.networks.forEach((net, i) => checkNetwork(lab, net, i, add));
  const checkAddress = addressChecker(lab, add);
  lab.nodes.forEach((node, i) => checkNode(lab, node, i, checkAddress, add));
  const vipNet = lab.networks.find((n) => ipaddr.IPv4.isValidCIDR(n.subnet) && inSubnet(lab.service.vip, n.subnet));
  if (!vipNet) add('service.vip', `${lab.service.vip} is on none of the lab's networks`);
  else {
    checkAddress('service.vip', lab.service.vip, vipNet.name, 'the VIP');
    checkVipPlacement(lab, vipNet, add);
  }
  return problems;
}

/** Exactly one director and one client, and at least one real server. */
function checkRoleCounts(lab: Lab, add: AddProblem): void {
  for (const role of ['director', 'client'] as const) {
    const count = lab.nodes.filter((n) => n.role === role).length;
    if (count !== 1) add('nodes', `needs exactly one ${role}, found ${count}`);
  }
  if (!lab.nodes.some((n) => n.role === 'real')) add('nodes', 'needs at least one real server');
}

/** A network's name is unique, its CIDRs are valid, its gateway and dockerRange lie inside its subnet, and it overlaps no earlier one. */
function checkNetwork(lab: Lab, net: LabNetwork, i: number, add: AddProblem): void {
  const f = `networks[${i}]`;
  if (lab.networks.findIndex((n) => n.name === net.name) !== i) add(`${f}.name`, `duplicate network name ${net.name}`);
  if (!ipaddr.IPv4.isValidCIDR(net.subnet)) return add(`${f}.subnet`, `${net.subnet} is not a valid IPv4 CIDR`);
  if (!ipaddr.IPv4.isValidCIDR(net.dockerRange)) return add(`${f}.dockerRange`, `${net.dockerRange} is not a valid IPv4 CIDR`);
  if (!inSubnet(net.gateway, net.subnet)) add(`${f}.gateway`, `${net.gateway} is outside the subnet ${net.subnet}`);
  const [rangeBase, rangeBits] = ipaddr.IPv4.parseCIDR(net.dockerRange);
  if (!inSubnet(rangeBase.toString(), net.subnet) || rangeBits < Number(net.subnet.split('/')[1])) {
    add(`${f}.dockerRange`, `${net.dockerRange} is not inside the subnet ${net.subnet}`);
  }
  lab.networks.slice(0, i).forEach((other) => {
    if (ipaddr.IPv4.isValidCIDR(other.subnet) && cidrsOverlap(net.subnet, other.subnet)) {
      add(`${f}.subnet`, `${net.subnet} overlaps network ${other.name} (${other.subnet})`);
    }
  });
}

/** Checks addresses against the lab's networks and against the addresses checked before them. */
function addressChecker(lab: Lab, add: AddProblem): CheckAddress {
  const networks = new Map(lab.networks.map((n) => [n.name, n]));
  const taken = new Map<string, string>();
  return (field, ip, network, owner) => {
    const net = networks.get(network);
    if (!net) return add(field, `names unknown network ${network}`);
    if (!ipaddr.IPv4.isValidCIDR(net.subnet) || !ipaddr.IPv4.isValidCIDR(net.dockerRange)) return;
    const unusable = unusableAddress(ip, net);
    if (unusable) return add(field, unusable);
    if (inSubnet(ip, net.dockerRange)) add(field, `${ip} is inside dockerRange ${net.dockerRange}, where Docker hands out addresses`);
    const holder = taken.get(ip);
    if (holder) add(field, `${ip} is already used by ${holder}`);
    else taken.set(ip, owner);
  };
}

/** Why a node cannot have this address on a (valid) network, if it cannot: outside it, its network or broadcast address, or its gateway. */
function unusableAddress(ip: string, net: LabNetwork): string | undefined {
  if (!inSubnet(ip, net.subnet)) return `${ip} is outside network ${net.name} (${net.subnet})`;
  const base = ipaddr.IPv4.networkAddressFromCIDR(net.subnet).toString();
  const broadcast = ipaddr.IPv4.broadcastAddressFromCIDR(net.subnet).toString();
  if (ip === base || ip === broadcast) return `${ip} is the network or broadcast address of ${net.subnet}`;
  if (ip === net.gateway) return `${ip} is the gateway of network ${net.name}`;
  return undefined;
}

/** A node's name is unique, its addresses are usable, and only a real server has a weight. */
function checkNode(lab: Lab, node: LabNode, i: number, checkAddress: CheckAddress, add: AddProblem): void {
  const f = `nodes[${i}]`;
  if (lab.nodes.findIndex((n) => n.name === node.name) !== i) add(`${f}.name`, `duplicate node name ${node.name}`);
  for (const [network, ip] of Object.entries(node.addresses)) checkAddress(`${f}.addresses.${network}`, ip, network, node.name);
  if (node.weight !== undefined && node.role !== 'real') add(`${f}.weight`, 'only real servers have a weight');
}

/** The director and the client are on the VIP's network; the real servers are on it (DR, TUN) or off it (NAT). */
function checkVipPlacement(lab: Lab, vipNet: LabNetwork, add: AddProblem): void {
  const director = lab.nodes.find((n) => n.role === 'director');
  const clientNode = lab.nodes.find((n) => n.role === 'client');
  if (director && !(vipNet.name in director.addresses)) {
    add('service.vip', `the director ${director.name} is not on network ${vipNet.name}, where the VIP is`);
  }
  if (clientNode && !(vipNet.name in clientNode.addresses)) {
    add('service.vip', `the client ${clientNode.name} is not on network ${vipNet.name}, where the VIP is`);
  }
  if (lab.mode !== 'nat') checkRealServersOnVipNetwork(lab, vipNet, add);
  else if (director) checkNatNetworks(lab, vipNet, director, add);
}

/** DR and TUN: every real server is on the VIP's network with the director. */
function checkRealServersOnVipNetwork(lab: Lab, vipNet: LabNetwork, add: AddProblem): void {
  realServers(lab).forEach((rs) => {
    if (!(vipNet.name in rs.addresses)) {
      add(
        `nodes[${lab.nodes.indexOf(rs)}].addresses`,
        `${lab.mode.toUpperCase()} mode needs real server ${rs.name} on network ${vipNet.name} with the director`,
      );
    }
  });
}

/** NAT: two networks, and every real server off the client's network but on one it shares with the director. */
function checkNatNetworks(lab: Lab, vipNet: LabNetwork, director: LabNode, add: AddProblem): void {
  if (lab.networks.length !== 2) add('networks', "NAT mode needs two networks: the client side and the real servers' side");
  realServers(lab).forEach((rs) => {
    const i = lab.nodes.indexOf(rs);
    if (vipNet.name in rs.addresses)
      add(`nodes[${i}].addresses`, `NAT mode needs real server ${rs.name} off the client's network ${vipNet.name}, or replies bypass the director`);
    if (!Object.keys(rs.addresses).some((net) => net in director.addresses))
      add(`nodes[${i}].addresses`, `real server ${rs.name} shares no network with the director`);
  });
}
