// Step planning: the handbook's procedure for a lab, in the handbook's order
// (real servers first: kernel ARP settings, hidden VIP, httpd; then the director).
import { addressCheck, defaultRouteCheck, httpCheck, linkUpCheck, realServerCheck, serviceCheck, sysctlCheck } from './checks';
import { healthAwareCheck, keepalivedCheck } from './healthChecks';
import { keepalivedConfig, startKeepalivedArgv, type HealthCheck } from './health';
import { director, FORWARD_FLAG, FORWARD_NAME, interfaceOn, prefixLength, realServers, vipNetwork, type Lab, type LabNetwork, type LabNode } from './lab';
import type { Step } from './step';

const HANDBOOK = {
  arp: '修改内核: echo 1 > /proc/sys/net/ipv4/conf/eth0/arp_ignore; echo 1 > …/all/arp_ignore; echo 2 > …/eth0/arp_announce; echo 2 > …/all/arp_announce',
  vip: '设置隐藏vip: ifconfig lo 192.168.150.100 netmask 255.255.255 (erratum: 255.255.255.255, on an alias of lo)',
  httpd: '配置node2~3的http服务器',
  directorVip: '(erratum 3) the director needs the VIP on its LAN interface, which the handbook leaves implicit',
  service: 'ipvsadm -A -t 192.168.150.100:80 -s rr #入口配置',
  real: 'ipvsadm -a -t 192.168.150.100:80 -r 192.168.150.12 -g -w 1 # 出流量配置',
  gateway: 'D-NAT 要求: Real SERVER(网关) 必须指向负载均衡器',
  forward: '(erratum 4) the director needs ip_forward=1 in NAT mode',
  tunnel: 'TUN隧道技术模式: 在整个数据包，进行数据包裹',
  health: '(not in the handbook) plain IPVS keeps sending to a dead real server; production LVS runs keepalived to check each one',
  rpFilter: 'TUN: real servers accept packets unwrapped on tunl0 only with rp_filter=0',
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
      return [arpStep(rs, interfaceOn(rs, vipNet.name)), hiddenVipStep(rs, vip), httpdStep(rs, port)];
    case 'tun': {
      const dev = interfaceOn(rs, vipNet.name);
      return [arpStep(rs, dev), tunnelStep(rs, vip), rpFilterStep(rs, dev), httpdStep(rs, port)];
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
    title: `Check every real server with keepalived (HTTP GET ${hc.path} every ${hc.interval} s); one that fails leaves the table until it answers`,
    label: `keepalived HTTP check every ${hc.interval} s`,
    handbook: HANDBOOK.health,
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
    title: `Put the VIP ${vipCidr} on ${dev}, where clients reach it`,
    label: `VIP ${vipCidr} on ${dev}`,
    handbook: HANDBOOK.directorVip,
    commands: [['ip', 'addr', 'replace', vipCidr, 'dev', dev]],
    check: addressCheck(dev, vip, prefixLength(vipNet.subnet)),
  };
}

function forwardStep(dir: LabNode): Step {
  return {
    id: `${dir.name}.forward`,
    node: dir.name,
    title: 'Let the director forward packets (ip_forward=1)',
    label: 'ip_forward=1',
    handbook: HANDBOOK.forward,
    commands: [['sysctl', '-w', 'net.ipv4.ip_forward=1']],
    check: sysctlCheck({ 'net.ipv4.ip_forward': '1' }, { 'net.ipv4.ip_forward': '0' }),
  };
}

function virtualServiceStep(lab: Lab, dir: LabNode): Step {
  const { vip, port, persistence } = lab.service;
  const service = `${vip}:${port}`;
  const persist = persistence ? ['-p', String(persistence)] : [];
  const sticky = persistence ? `, persistent ${persistence} s` : '';
  return {
    id: `${dir.name}.service`,
    node: dir.name,
    title: `Create the virtual service ${service} with scheduler ${lab.scheduler}${sticky}`,
    label: `service ${service} ${lab.scheduler}${persistence ? ` -p ${persistence}` : ''}`,
    handbook: HANDBOOK.service,
    commands: [['ipvsadm', '-A', '-t', service, '-s', lab.scheduler, ...persist]],
    repair: [['ipvsadm', '-E', '-t', service, '-s', lab.scheduler, ...persist]],
    check: serviceCheck(vip, port, lab.scheduler, persistence ?? null),
  };
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
    title: `Add real server ${rs.name} (${rip}) with ${FORWARD_NAME[lab.mode]} forwarding, weight ${weight}`,
    label: `real server ${rs.name} ${FORWARD_FLAG[lab.mode]} -w ${weight}`,
    handbook: HANDBOOK.real,
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

function arpStep(rs: LabNode, dev: string): Step {
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
    title: `Stop ${rs.name} answering or announcing ARP for the VIP (arp_ignore=1, arp_announce=2)`,
    label: 'arp_ignore=1, arp_announce=2',
    handbook: HANDBOOK.arp,
    commands: [['sysctl', '-w', ...Object.entries(wanted).map(([k, v]) => `${k}=${v}`)]],
    check: sysctlCheck(wanted, defaults),
  };
}

function hiddenVipStep(rs: LabNode, vip: string): Step {
  return {
    id: `${rs.name}.vip`,
    node: rs.name,
    title: `Hide the VIP ${vip}/32 on lo`,
    label: `hidden VIP ${vip}/32 on lo`,
    handbook: HANDBOOK.vip,
    commands: [['ip', 'addr', 'replace', `${vip}/32`, 'dev', 'lo', 'label', 'lo:0']],
    check: addressCheck('lo', vip, 32),
  };
}

function tunnelStep(rs: LabNode, vip: string): Step {
  return {
    id: `${rs.name}.tunnel`,
    node: rs.name,
    title: `Bring up tunl0 (IP-in-IP) holding the VIP ${vip}/32`,
    label: `tunl0 up, VIP ${vip}/32`,
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
    title: 'Accept unwrapped packets: rp_filter=0 on all, tunl0 and the LAN interface',
    label: 'rp_filter=0',
    handbook: HANDBOOK.rpFilter,
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
    title: `Route ${rs.name}'s replies through the director (${via})`,
    label: `default via ${via}`,
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
    title: `Start httpd on ${rs.name}, serving a page that names the node`,
    label: `httpd serving "${rs.name}"`,
    handbook: HANDBOOK.httpd,
    commands,
    check: httpCheck(rs.name, port),
  };
}
