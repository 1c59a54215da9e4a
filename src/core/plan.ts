// Step planning: the handbook's procedure for a lab, in the handbook's order
// (real servers first: kernel ARP settings, hidden VIP, httpd; then the director).
import * as l10n from '@vscode/l10n';
import { addressCheck, defaultRouteCheck, httpCheck, linkUpCheck, realServerCheck, serviceCheck, sysctlCheck } from './checks';
import { healthAwareCheck, keepalivedCheck } from './healthChecks';
import { keepalivedConfig, startKeepalivedArgv, type HealthCheck } from './health';
import { director, FORWARD_FLAG, FORWARD_NAME, interfaceOn, prefixLength, realServers, vipNetwork, type Lab, type LabNetwork, type LabNode } from './lab';
import type { Step } from './step';

/** The handbook's own words for a step, in Chinese in both languages (its text as printed, typos kept). */
const HANDBOOK = {
  arp: '修改内核: echo 1 > /proc/sys/net/ipv4/conf/eth0/arp_ignore; echo 1 > …/all/arp_ignore; echo 2 > …/eth0/arp_announce; echo 2 > …/all/arp_announce',
  vip: '设置隐藏vip: ifconfig lo 192.168.150.100 netmask 255.255.255',
  httpd: '配置node2~3的http服务器',
  service: 'ipvsadm -A -t 192.168.150.100:80 -s rr #入口配置',
  real: 'ipvsadm -a -t 192.168.150.100:80 -r 192.168.150.12 -g -w 1 # 出流量配置',
  gateway: 'D-NAT 要求: Real SERVER(网关) 必须指向负载均衡器',
  tunnel: 'TUN隧道技术模式: 在整个数据包，进行数据包裹',
};

/** The errata and remarks next to the handbook's words, translated; called at use time (see l10n). */
const NOTE = {
  vip: () => l10n.t('Erratum 1: the mask is 255.255.255.255 (/32), and the VIP goes on an alias of lo (lo:0)'),
  real: () => l10n.t('Erratum 2: the handbook adds .12 twice; the second real server is .13'),
  directorVip: () => l10n.t('Erratum 3: the director needs the VIP on its LAN interface, which the handbook leaves implicit'),
  forward: () => l10n.t('Erratum 4: the director needs ip_forward=1 in NAT mode'),
  health: () => l10n.t('Not in the handbook: plain IPVS keeps sending to a dead real server; production LVS runs keepalived to check each one'),
  rpFilter: () => l10n.t('TUN: real servers accept packets unwrapped on tunl0 only with rp_filter=0'),
};

/** The lab's steps in the handbook's order: every real server's, then the director's. */
export function planSteps(lab: Lab): Step[] {
  const vipNet = vipNetwork(lab);
  const dir = director(lab);
  return [...realServers(lab).flatMap((rs) => realServerSteps(lab, rs, vipNet)), ...directorSteps(lab, dir, vipNet)];
}

/** One real server's steps for the lab's mode, ending with its httpd. */
function realServerSteps(lab: Lab, rs: LabNode, vipNet: LabNetwork): Step[] {
  const { vip, port } = lab.service;
  switch (lab.mode) {
    case 'nat':
      return [gatewayStep(lab, rs), httpdStep(rs, port)];
    case 'dr':
      return [arpStep(rs, interfaceOn(rs, vipNet.name), vip), hiddenVipStep(rs, vip), httpdStep(rs, port)];
    case 'tun': {
      const dev = interfaceOn(rs, vipNet.name);
      return [arpStep(rs, dev, vip), tunnelStep(rs, vip), rpFilterStep(rs, dev), httpdStep(rs, port)];
    }
  }
}

/**
 * The director's steps: its VIP, forwarding (NAT only), the virtual service, one entry per real
 * server, and keepalived's health checks when the lab has them.
 */
function directorSteps(lab: Lab, dir: LabNode, vipNet: LabNetwork): Step[] {
  return [
    directorVipStep(lab, dir, vipNet),
    ...(lab.mode === 'nat' ? [forwardStep(dir)] : []),
    virtualServiceStep(lab, dir),
    ...realServers(lab).map((rs) => realServerEntryStep(lab, dir, rs)),
    ...(lab.service.healthCheck ? [keepalivedStep(lab, dir, lab.service.healthCheck)] : []),
  ];
}

function keepalivedStep(lab: Lab, dir: LabNode, hc: HealthCheck): Step {
  const config = keepalivedConfig(lab, hc);
  return {
    id: `${dir.name}.health`,
    node: dir.name,
    title: l10n.t('Check every real server with keepalived (HTTP GET {0} every {1} s); one that fails leaves the table until it answers', hc.path, hc.interval),
    label: l10n.t('keepalived HTTP check every {0} s', hc.interval),
    goal: l10n.t(
      '{0} must check every real server with keepalived (HTTP GET {1} every {2} s) and take one that fails out of the table',
      dir.name,
      hc.path,
      hc.interval,
    ),
    handbook: '',
    note: NOTE.health(),
    commands: [startKeepalivedArgv(config)],
    check: keepalivedCheck(lab, config),
  };
}

function directorVipStep(lab: Lab, dir: LabNode, vipNet: LabNetwork): Step {
  const { vip } = lab.service;
  const dev = interfaceOn(dir, vipNet.name);
  const vipCidr = `${vip}/${prefixLength(vipNet.subnet)}`;
  return {
    id: `${dir.name}.vip`,
    node: dir.name,
    title: l10n.t('Put the VIP {0} on {1}, where clients reach it', vipCidr, dev),
    label: l10n.t('VIP {0} on {1}', vipCidr, dev),
    goal: l10n.t('{0} must hold the VIP {1} on {2}, the interface where clients reach it', dir.name, vipCidr, dev),
    handbook: '',
    note: NOTE.directorVip(),
    commands: [['ip', 'addr', 'replace', vipCidr, 'dev', dev]],
    check: addressCheck(dev, vip, prefixLength(vipNet.subnet)),
  };
}

function forwardStep(dir: LabNode): Step {
  return {
    id: `${dir.name}.forward`,
    node: dir.name,
    title: l10n.t('Let the director forward packets (ip_forward=1)'),
    label: 'ip_forward=1',
    goal: l10n.t('{0} must forward packets between its networks, as a router does', dir.name),
    handbook: '',
    note: NOTE.forward(),
    commands: [['sysctl', '-w', 'net.ipv4.ip_forward=1']],
    check: sysctlCheck({ 'net.ipv4.ip_forward': '1' }, { 'net.ipv4.ip_forward': '0' }),
  };
}

function virtualServiceStep(lab: Lab, dir: LabNode): Step {
  const { vip, port, persistence } = lab.service;
  const service = `${vip}:${port}`;
  const persist = persistence ? ['-p', String(persistence)] : [];
  return {
    id: `${dir.name}.service`,
    node: dir.name,
    title: persistence
      ? l10n.t('Create the virtual service {0} with scheduler {1}, persistent {2} s', service, lab.scheduler, persistence)
      : l10n.t('Create the virtual service {0} with scheduler {1}', service, lab.scheduler),
    label: l10n.t('service {0} {1}', service, `${lab.scheduler}${persistence ? ` -p ${persistence}` : ''}`),
    goal: persistence
      ? l10n.t('{0} must offer the virtual service TCP {1}, scheduled {2}, persistent {3} s', dir.name, service, lab.scheduler, persistence)
      : l10n.t('{0} must offer the virtual service TCP {1}, scheduled {2}', dir.name, service, lab.scheduler),
    handbook: HANDBOOK.service,
    commands: [['ipvsadm', '-A', '-t', service, '-s', lab.scheduler, ...persist]],
    repair: [['ipvsadm', '-E', '-t', service, '-s', lab.scheduler, ...persist]],
    check: serviceCheck(vip, port, lab.scheduler, persistence ?? null),
  };
}

/** How a mode forwards, in words (the goal of a real server's entry). */
function forwardingWords(mode: Lab['mode']): string {
  switch (mode) {
    case 'dr':
      return l10n.t('direct routing');
    case 'nat':
      return l10n.t('NAT (masquerading)');
    case 'tun':
      return l10n.t('IP-in-IP tunnelling');
  }
}

/** The director's ipvsadm entry for one real server. */
function realServerEntryStep(lab: Lab, dir: LabNode, rs: LabNode): Step {
  const { vip, port } = lab.service;
  const service = `${vip}:${port}`;
  const rip = realServerAddress(lab, rs);
  const weight = rs.weight ?? 1;
  const args = ['-t', service, '-r', `${rip}:${port}`, FORWARD_FLAG[lab.mode], '-w', String(weight)];
  return {
    id: `${dir.name}.real-${rs.name}`,
    node: dir.name,
    title: l10n.t('Add real server {0} ({1}) with {2} forwarding, weight {3}', rs.name, rip, FORWARD_NAME[lab.mode], weight),
    label: l10n.t('real server {0} {1} -w {2}', rs.name, FORWARD_FLAG[lab.mode], weight),
    goal: l10n.t('{0} must send port {1} of the VIP to {2} ({3}) by {4}, weight {5}', dir.name, port, rs.name, rip, forwardingWords(lab.mode), weight),
    handbook: HANDBOOK.real,
    note: NOTE.real(),
    commands: [['ipvsadm', '-a', ...args]],
    repair: [['ipvsadm', '-e', ...args]],
    check: lab.service.healthCheck
      ? healthAwareCheck(realServerCheck(vip, port, rip, FORWARD_NAME[lab.mode], weight), `${rip}:${port}`)
      : realServerCheck(vip, port, rip, FORWARD_NAME[lab.mode], weight),
  };
}

/** The real server's address on a network it shares with the director. */
export function realServerAddress(lab: Lab, rs: LabNode): string {
  const dir = director(lab);
  const net = Object.keys(rs.addresses).find((n) => n in dir.addresses);
  if (!net) throw new Error(`${lab.file}: real server ${rs.name} shares no network with the director`);
  return rs.addresses[net];
}

function arpStep(rs: LabNode, dev: string, vip: string): Step {
  const wanted = {
    [`net.ipv4.conf.${dev}.arp_ignore`]: '1',
    'net.ipv4.conf.all.arp_ignore': '1',
    [`net.ipv4.conf.${dev}.arp_announce`]: '2',
    'net.ipv4.conf.all.arp_announce': '2',
  };
  const defaults = Object.fromEntries(Object.keys(wanted).map((k) => [k, '0']));
  return {
    id: `${rs.name}.arp`,
    node: rs.name,
    title: l10n.t('Stop {0} answering or announcing ARP for the VIP (arp_ignore=1, arp_announce=2)', rs.name),
    label: 'arp_ignore=1, arp_announce=2',
    goal: l10n.t('{0} must not answer ARP for the VIP {1}, nor announce it, on all and {2}', rs.name, vip, dev),
    handbook: HANDBOOK.arp,
    commands: [['sysctl', '-w', ...Object.entries(wanted).map(([k, v]) => `${k}=${v}`)]],
    check: sysctlCheck(wanted, defaults),
  };
}

function hiddenVipStep(rs: LabNode, vip: string): Step {
  return {
    id: `${rs.name}.vip`,
    node: rs.name,
    title: l10n.t('Hide the VIP {0}/32 on lo', vip),
    label: l10n.t('hidden VIP {0}/32 on lo', vip),
    goal: l10n.t('{0} must hold the VIP {1} itself, hidden on its loopback as a /32, so it accepts what the director sends it', rs.name, vip),
    handbook: HANDBOOK.vip,
    note: NOTE.vip(),
    commands: [['ip', 'addr', 'replace', `${vip}/32`, 'dev', 'lo', 'label', 'lo:0']],
    check: addressCheck('lo', vip, 32),
  };
}

function tunnelStep(rs: LabNode, vip: string): Step {
  return {
    id: `${rs.name}.tunnel`,
    node: rs.name,
    title: l10n.t('Bring up tunl0 (IP-in-IP) holding the VIP {0}/32', vip),
    label: l10n.t('tunl0 up, VIP {0}/32', vip),
    goal: l10n.t('{0} must unwrap IP-in-IP packets: tunl0 up, holding the VIP {1} as a /32', rs.name, vip),
    handbook: HANDBOOK.tunnel,
    commands: [
      ['ip', 'link', 'set', 'tunl0', 'up'],
      ['ip', 'addr', 'replace', `${vip}/32`, 'dev', 'tunl0'],
    ],
    check: linkUpCheck('tunl0', vip),
  };
}

function rpFilterStep(rs: LabNode, dev: string): Step {
  const keys = ['all', 'tunl0', dev].map((d) => `net.ipv4.conf.${d}.rp_filter`);
  const wanted = Object.fromEntries(keys.map((k) => [k, '0']));
  return {
    id: `${rs.name}.rp_filter`,
    node: rs.name,
    title: l10n.t('Accept unwrapped packets: rp_filter=0 on all, tunl0 and the LAN interface'),
    label: 'rp_filter=0',
    goal: l10n.t('{0} must accept the packets it unwraps from tunl0: no reverse-path filtering on all, tunl0 and {1}', rs.name, dev),
    handbook: '',
    note: NOTE.rpFilter(),
    commands: [['sysctl', '-w', ...keys.map((k) => `${k}=0`)]],
    // The starting value depends on the kernel's default, so any value but 0 is "not yet".
    check: sysctlCheck(wanted),
  };
}

function gatewayStep(lab: Lab, rs: LabNode): Step {
  const dir = director(lab);
  const net = Object.keys(rs.addresses).find((n) => n in dir.addresses);
  if (!net) throw new Error(`${lab.file}: real server ${rs.name} shares no network with the director`);
  const via = dir.addresses[net];
  return {
    id: `${rs.name}.gateway`,
    node: rs.name,
    title: l10n.t("Route {0}'s replies through the director ({1})", rs.name, via),
    label: l10n.t('default via {0}', via),
    goal: l10n.t('{0} must send its replies back through the director: its default gateway is {1}', rs.name, via),
    handbook: HANDBOOK.gateway,
    commands: [['ip', 'route', 'replace', 'default', 'via', via]],
    check: defaultRouteCheck(via),
  };
}

function httpdStep(rs: LabNode, port: number): Step {
  const commands: string[][] = [];
  if (port !== 80) commands.push(['sed', '-i', `s/^Listen 80$/Listen ${port}/`, '/etc/apache2/ports.conf']);
  // A fixed script, no user values: the page names the node it came from.
  commands.push(['sh', '-c', 'hostname > /var/www/html/index.html'], ['apachectl', 'start']);
  return {
    id: `${rs.name}.httpd`,
    node: rs.name,
    title: l10n.t('Start httpd on {0}, serving a page that names the node', rs.name),
    label: l10n.t('httpd serving "{0}"', rs.name),
    goal: l10n.t('{0} must answer HTTP on port {1} with a page that says "{0}"', rs.name, port),
    handbook: HANDBOOK.httpd,
    commands,
    check: httpCheck(rs.name, port),
  };
}
