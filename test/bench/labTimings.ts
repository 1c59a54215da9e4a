// The lab's timings on a real engine, each next to its floor or baseline measured in
// the same run: `up` against bare API calls creating the same network and containers
// (no steps) and against a plain docker CLI script; reset against up; the live reader's
// snapshot gaps idle and under load.
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import type Docker from 'dockerode';
import { resolveLab } from '../../src/core/labLoader';
import { LABEL_LAB, LABEL_NODE } from '../../src/docker/labels';
import { cli, cliJson } from '../support/cli';
import { repoRoot } from '../support/engine';

export const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
export const p95 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil(xs.length * 0.95) - 1)];
const seconds = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e9;

export async function removeLab(docker: Docker, lab: string): Promise<void> {
  const filters = { label: [`${LABEL_LAB}=${lab}`] };
  await Promise.all((await docker.listContainers({ all: true, filters })).map((c) => docker.getContainer(c.Id).remove({ force: true })));
  for (const n of await docker.listNetworks({ filters })) await docker.getNetwork(n.Id).remove();
}

/** The floor: the DR lab's network and four containers by bare API calls, started in parallel, no steps. */
export async function floorRun(docker: Docker, image: string): Promise<number> {
  const lab = resolveLab('dr');
  const net = lab.networks[0];
  const started = process.hrtime.bigint();
  const name = 'lvslab-benchfloor.lan';
  await docker.createNetwork({
    Name: name,
    Driver: 'bridge',
    Labels: { [LABEL_LAB]: 'benchfloor' },
    Options: { 'com.docker.network.bridge.enable_ip_masquerade': 'false' },
    IPAM: { Driver: 'default', Config: [{ Subnet: net.subnet, Gateway: net.gateway, IPRange: net.dockerRange }] },
  });
  await Promise.all(
    lab.nodes.map(async (n) => {
      const c = await docker.createContainer({
        name: `lvslab-benchfloor.${n.name}`,
        Hostname: n.name,
        Image: image,
        Labels: { [LABEL_LAB]: 'benchfloor', [LABEL_NODE]: n.name },
        HostConfig: { Privileged: true, NetworkMode: name },
        NetworkingConfig: { EndpointsConfig: { [name]: { IPAMConfig: { IPv4Address: n.addresses[net.name] } } } },
      });
      await c.start();
    }),
  );
  return seconds(started);
}

/** `lvs-lab up` until it exits with every step done, then until the VIP has answered from both real servers. */
export async function upRun(): Promise<{ up: number; balanced: number }> {
  const started = process.hrtime.bigint();
  const up = await cliJson<{ steps: { status: string }[] }>(['up', '--lab', 'dr']);
  if (!up.steps.every((s) => s.status === 'done')) throw new Error('up left steps not done');
  const upSeconds = seconds(started);
  const seen = new Set<string>();
  for (let i = 0; i < 100 && seen.size < 2; i++) {
    const r = await cliJson<{ summary: { backends: { backend: string }[] } }>(['load', '--lab', 'dr', '-n', '2', '-c', '1', '--timeout', '2']);
    for (const b of r.summary.backends) seen.add(b.backend);
  }
  if (seen.size < 2) throw new Error('the VIP never answered from both real servers');
  return { up: upSeconds, balanced: seconds(started) };
}

/** The baseline script (handbook-dr.sh): the same lab by docker CLI commands, until balanced. */
export function scriptRun(host: string, image: string): number {
  const started = process.hrtime.bigint();
  const r = spawnSync('bash', [join(__dirname, 'handbook-dr.sh'), image], { env: { ...process.env, DOCKER_HOST: host }, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`handbook-dr.sh failed: ${r.stderr}`);
  return seconds(started);
}

export async function resetRun(): Promise<number> {
  const started = process.hrtime.bigint();
  const r = await cli(['reset', '--lab', 'dr']);
  if (r.code !== 0) throw new Error(`reset failed: ${r.stderr}`);
  return seconds(started);
}

/** Gaps between consecutive snapshots of `lvs-lab watch --interval 1`, optionally during a 6-concurrent load test. */
export async function watchGaps(snapshots: number, underLoad: boolean): Promise<number[]> {
  // Its output ignored, not piped: a pipe nobody reads fills with progress lines and stalls the
  // load test, and an open pipe keeps the bench from exiting.
  const load = underLoad
    ? spawn(process.execPath, [join(repoRoot, 'dist', 'cli.js'), 'load', '--lab', 'dr', '-n', '5000', '-c', '6', '--timeout', '2'], { stdio: 'ignore' })
    : undefined;
  const ended = load && once(load, 'exit');
  try {
    if (load) await new Promise((r) => setTimeout(r, 3000));
    const r = await cli(['watch', '--lab', 'dr', '--json', '--interval', '1', '--count', String(snapshots + 1)]);
    if (r.code !== 0) throw new Error(`watch failed: ${r.stderr}`);
    const times = r.stdout
      .trim()
      .split('\n')
      .map((l) => Date.parse((JSON.parse(l) as { readAt: string }).readAt));
    return times.slice(1).map((t, i) => (t - times[i]) / 1000);
  } finally {
    // Ctrl-C: the load test stops and cleans up the client; killed if it has not within 60 s.
    if (load) {
      load.kill('SIGINT');
      const timer = setTimeout(() => load.kill('SIGKILL'), 60_000);
      await ended;
      clearTimeout(timer);
    }
  }
}
