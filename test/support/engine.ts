// The Docker engine the integration and end-to-end tests use: DOCKER_HOST when it
// can do IPVS, else the lab host VM (test/labhost), booted on demand.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import Docker from 'dockerode';
import { resolveEndpoint } from '../../src/docker/connection';

export const repoRoot = join(__dirname, '..', '..');
const labhost = join(repoRoot, 'test', 'labhost', 'labhost.sh');

async function ipvsWorks(docker: Docker): Promise<boolean> {
  try {
    await docker.ping();
    // /proc/net/ip_vs exists in a container's namespace only when the host kernel has ip_vs.
    const images = await docker.listImages();
    const image = images.flatMap((i) => i.RepoTags ?? []).find((t) => t.startsWith('lvslab/node:') || t === 'debian:bookworm-slim');
    if (!image) return false;
    const c = await docker.createContainer({ Image: image, Cmd: ['cat', '/proc/net/ip_vs'], Labels: { 'lvslab.lab': 'test-probe', 'lvslab.node': 'probe' }, HostConfig: { Privileged: true, NetworkMode: 'none' } });
    try {
      await c.start();
      const { StatusCode } = (await c.wait()) as { StatusCode: number };
      return StatusCode === 0;
    } finally {
      await c.remove({ force: true });
    }
  } catch {
    return false;
  }
}

let cached: string | undefined;

/** Returns a DOCKER_HOST with real IPVS, starting the lab host if needed. */
export async function ensureEngine(): Promise<string> {
  if (cached) return cached;
  if (process.env.DOCKER_HOST && (await ipvsWorks(new Docker(resolveEndpoint().options)))) {
    cached = process.env.DOCKER_HOST;
    return cached;
  }
  // labhost.sh start is idempotent and prints DOCKER_HOST=... on its last line.
  const out = execFileSync('bash', [labhost, 'start'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], timeout: 40 * 60_000 });
  const host = /DOCKER_HOST=(\S+)/.exec(out)?.[1];
  if (!host) throw new Error(`labhost.sh start printed no DOCKER_HOST:\n${out}`);
  process.env.DOCKER_HOST = host;
  cached = host;
  return host;
}

export function dockerFor(host: string): Docker {
  return new Docker(resolveEndpoint({ env: { ...process.env, DOCKER_HOST: host } }).options);
}
