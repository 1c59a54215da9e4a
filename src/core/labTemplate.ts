// The lab file "New Lab…" writes: the shipped DR lab's shape, every field with a comment saying what it
// means, on its own subnet so it can run beside the shipped labs. test/unit/labFiles.test.ts checks that it
// validates clean and that it comments every field of the schema.
import * as l10n from '@vscode/l10n';
import schema from '../../labs/lab.schema.json';
import { LAB_FILE_SUFFIX } from './labLoader';

/** What is wrong with `name` as a new lab's name (the schema's pattern, not a shipped lab's), or undefined. */
export function labNameProblem(name: string, shippedNames: readonly string[]): string | undefined {
  if (!new RegExp(schema.properties.name.pattern).test(name)) {
    return l10n.t('Use a lowercase letter, then lowercase letters, digits or dashes (at most 24 characters).');
  }
  if (shippedNames.includes(name)) return l10n.t('{0} is a shipped lab. Choose another name.', name);
  return undefined;
}

/** The file name a new lab of this name gets. */
export const labFileName = (name: string): string => `${name}${LAB_FILE_SUFFIX}`;

/** A commented lab file for a valid `name` (see labNameProblem). */
export function labTemplate(name: string): string {
  return `# ${name}: a lab of your own, in the style of the shipped DR lab.
# LVS Lab checks this file as you type. Start it with "LVS Lab: Start Lab",
# or in a terminal: lvs-lab up --lab ${labFileName(name)}

# Short id used in Docker names and labels: a lowercase letter, then letters, digits or dashes.
name: ${name}
# One line naming the lab, shown when it starts and in the Lab view.
title: ${name} (direct routing, round robin)
# Optional: what the lab shows, in a few sentences.
description: >
  node01 directs; node02 and node03 hold the VIP hidden on lo and answer
  the client directly.
# Optional: the title and description in another display language (zh-cn), shown when VS Code speaks it.
# translations: { zh-cn: { title: …, description: … } }
# How the director forwards packets: dr (direct routing), nat (masquerading) or tun (IP-in-IP).
mode: dr
# The IPVS scheduler: rr, wrr, lc, wlc, lblc, lblcr, dh, sh, sed, nq, fo, ovf or mh.
scheduler: rr
# The virtual service the client connects to.
service:
  # The virtual IP: on a lab network, outside dockerRange, and no node's address.
  vip: 192.168.160.100
  # The TCP port; the real servers' httpd listens on it too.
  port: 80
  # Optional: only tcp, the default.
  # protocol: tcp
  # Optional: seconds a client's connections stick to the real server it reached first (ipvsadm -p).
  # persistence: 60
  # Optional: health checks with keepalived on the director; a real server whose check fails leaves the
  # table until it answers. Leave out for plain IPVS. interval/timeout in seconds, retries, the page asked for.
  # healthCheck: { interval: 2, timeout: 3, retries: 1, path: / }
# The Docker bridge networks, one or two. NAT needs two: the client's side and the real servers' side.
networks:
  # name: the key of each node's address on this network.
  - name: lan
    # subnet: a private range, /16 to /29, written as its network address. Another lab's
    # subnet must differ (the shipped labs use 192.168.150.0/24 to 192.168.153.0/24).
    subnet: 192.168.160.0/24
    # gateway: the bridge's address on the Docker host.
    gateway: 192.168.160.1
    # dockerRange: where Docker may hand out addresses of its own; keep the nodes and the VIP out of it.
    dockerRange: 192.168.160.192/26
# The containers: one client, one director and at least one real server (at most 16 nodes).
nodes:
  # name: the container is lvslab-<lab>.<node>.
  # role: client sends the requests, director runs ipvsadm, real serves them.
  # addresses: the node's fixed address on each network it joins; the first is eth0.
  - name: client
    role: client
    addresses: { lan: 192.168.160.10 }
  - name: node01
    role: director
    addresses: { lan: 192.168.160.11 }
  # weight: the real server's weight (ipvsadm -w); wrr and wlc send more to a higher one; 0 takes no new connections.
  - name: node02
    role: real
    addresses: { lan: 192.168.160.12 }
    weight: 1
  - name: node03
    role: real
    addresses: { lan: 192.168.160.13 }
    weight: 1
`;
}
